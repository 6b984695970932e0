"""Mein Konto: every staff member changes their own password."""

import streamlit as st

from werkstatt.text.markdown import escape_md
from werkstatt.ui.accounts_password import password_change_form
from werkstatt.ui.auth import logout_button, session_token
from werkstatt.ui.page import staff_page

user = staff_page("moderator", "organizer")
st.title("Mein Konto")
st.markdown(f"Angemeldet als **{escape_md(user.name)}** (`{user.username}`) · {user.role_label}")
st.header("Passwort ändern")
st.caption("Nach der Änderung werden alle anderen Anmeldungen mit diesem Konto beendet, z. B. auf einem anderen Gerät.")
password_change_form(username=user.username, token=session_token())
st.header("Abmelden")
st.caption("Beendet Ihre Anmeldung auf diesem Gerät sofort, auch für kopierte Cookies.")
logout_button(key="konto_logout")
