"""Shared screen ("Beamer"): what the moderator shares in the call. Large, calm, live."""

import streamlit as st

from werkstatt.ui.activity_beamer import beamer_activity
from werkstatt.ui.beamer_timer import beamer_timer
from werkstatt.ui.beamer_wall import beamer_join_corner, beamer_wall
from werkstatt.ui.conclusion_panels import beamer_conclusion
from werkstatt.ui.page import staff_page
from werkstatt.ui.workshop_picker import pick_workshop

user = staff_page("moderator", "organizer")
with st.sidebar:
    workshop = pick_workshop()
main, corner = st.columns([4, 1])
with main:  # beside the join corner, which stays visible the whole session
    beamer_timer(workshop.id)
    beamer_activity(workshop.id)  # who is in the room, questions, one group, networking
    beamer_conclusion(workshop.id)  # shows itself only in the conclusion phase
    beamer_wall(workshop.id)  # gives way to the conclusion
with corner:
    beamer_join_corner(workshop.id)
