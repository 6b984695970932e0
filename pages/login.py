"""Login for the team (moderation, organisation). Participants need no account."""

import streamlit as st

from werkstatt.text.markdown import escape_md
from werkstatt.ui.accounts_password import password_change_form
from werkstatt.ui.auth import login_form, session_token
from werkstatt.ui.navigation import staff_specs
from werkstatt.ui.page import public_page

user = public_page()

st.title("Team-Login")
if user is None:
    st.caption("Nur für Moderation und Organisation. Teilnehmende brauchen kein Konto.")
    if st.query_params.get("abgelaufen"):
        st.warning("Der Anmeldeschritt ist abgelaufen oder wurde schon benutzt. Bitte melden Sie sich erneut an.")
    login_form()
elif user.must_change_password:  # generated password (first admin, new account, reset): replace it first
    st.info("Ihr Konto hat ein vorläufiges Passwort. Bitte legen Sie jetzt ein eigenes fest.")
    if password_change_form(username=user.username, token=session_token(), key="first_password"):
        st.page_link("pages/login.py", label="Weiter zu Ihren Seiten", icon="➡️")
else:
    st.success(f"Sie sind angemeldet als {escape_md(user.name)} ({user.role_label}).")
    st.write("Weiter zu Ihren Seiten:")
    # Links here too: right after a server start Streamlit may run this page without the router's menu.
    for file, title, icon, _ in staff_specs(user.roles):
        st.page_link(file, label=title, icon=icon)
