"""Moderation: for moderators and organizers."""

import streamlit as st

from werkstatt.ui.page import staff_page

user = staff_page("moderator", "organizer")
st.title("Moderation")
