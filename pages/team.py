"""Konten: organizers add moderators and organizers, reset passwords, disable accounts."""

import streamlit as st

from werkstatt.ui.accounts_team import accounts_table, add_account_form, load_accounts, manage_account_form
from werkstatt.ui.page import staff_page

user = staff_page("organizer")
st.title("Konten des Teams")
st.caption(
    "Neue Konten und zurückgesetzte Passwörter bekommen ein vorläufiges Passwort, das nur einmal angezeigt "
    "wird; bei der ersten Anmeldung legt die Person ein eigenes fest. Sperren beendet alle Anmeldungen sofort."
)
table = st.container()  # filled last, so it already shows what the forms below just changed
left, right = st.columns(2)
with left:
    add_account_form(user.username)
with right:
    manage_account_form(user.username, load_accounts(user.username))
with table:
    accounts_table(load_accounts(user.username))
