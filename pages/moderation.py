"""Moderation: drive the agenda timer and moderate contributions (moderators, organizers)."""

import streamlit as st

from werkstatt.ui.moderation_board import moderation_contributions_panel
from werkstatt.ui.moderator_timer import moderation_timer_panel
from werkstatt.ui.page import staff_page
from werkstatt.ui.workshop_picker import pick_workshop

user = staff_page("moderator", "organizer")
st.title("Moderation")
workshop = pick_workshop()
tab_timer, tab_input = st.tabs(["Ablauf & Timer", "Beiträge"])  # no emoji: read out by screen readers
with tab_timer:
    moderation_timer_panel(workshop.id, user)
with tab_input:
    moderation_contributions_panel(workshop.id, user)
