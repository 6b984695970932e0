"""Login for the team (moderation, organisation). Participants need no account."""

import streamlit as st

from werkstatt.ui.auth import login_form
from werkstatt.ui.navigation import staff_specs
from werkstatt.ui.page import public_page

user = public_page()

st.title("Team-Login")
if user is None:
    st.caption("Nur für Moderation und Organisation. Teilnehmende brauchen kein Konto.")
    login_form()
else:
    st.success(f"Sie sind angemeldet als {user.name} ({user.role_label}).")
    st.write("Weiter zu Ihren Seiten:")
    # Links here too: right after a server start Streamlit may run this page without the router's menu.
    for file, title, icon, _ in staff_specs(user.roles):
        st.page_link(file, label=title, icon=icon)
