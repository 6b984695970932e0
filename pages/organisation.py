"""Organisation: registrations and personal data, organizers only."""

import streamlit as st

from werkstatt.ui.page import staff_page

user = staff_page("organizer")
st.title("Organisation")
