"""Shared screen ("Beamer"): what the moderator shares in the call. Large, calm, live."""

import streamlit as st

from werkstatt.ui.beamer_timer import beamer_timer
from werkstatt.ui.beamer_wall import beamer_join_corner, beamer_wall
from werkstatt.ui.page import staff_page
from werkstatt.ui.workshop_picker import pick_workshop

user = staff_page("moderator", "organizer")
with st.sidebar:
    workshop = pick_workshop()
# A heading for screen readers; the screen itself is for the room.
st.html(f'<h1 class="ws-sr-only">Beamer-Ansicht: Werkstatt {workshop.number}</h1>')
main, corner = st.columns([4, 1])
with main:  # beside the join corner, which stays visible the whole session
    beamer_timer(workshop.id)
    beamer_wall(workshop.id)  # the wall, the conclusion or another activity, as the agenda says
with corner:
    beamer_join_corner(workshop.id)
