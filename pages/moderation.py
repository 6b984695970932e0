"""Moderation: drive the agenda timer and moderate contributions (moderators, organizers)."""

import streamlit as st

from werkstatt.ui.activity_moderation import moderation_activities_panel
from werkstatt.ui.join_mode_panel import join_mode_panel
from werkstatt.ui.moderation_board import moderation_contributions_panel
from werkstatt.ui.moderator_timer import moderation_timer_panel
from werkstatt.ui.page import staff_page
from werkstatt.ui.workshop_picker import pick_workshop

user = staff_page("moderator", "organizer")
st.title("Moderation")
workshop = pick_workshop()
join_mode_panel(workshop.id, workshop.join_mode)
# no emoji in the tab labels: a screen reader reads them out
tab_timer, tab_input, tab_activities = st.tabs(["Ablauf & Timer", "Beiträge", "Aktivitäten"])
with tab_timer:
    moderation_timer_panel(workshop.id, user)
with tab_input:
    moderation_contributions_panel(workshop.id, user)
with tab_activities:  # check-in, questions, reveal, guiding questions, networking, next steps
    moderation_activities_panel(workshop.id, user)
