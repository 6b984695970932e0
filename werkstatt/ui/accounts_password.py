"""The own-password form: on "Mein Konto" and, for a generated password, before any staff page."""

from __future__ import annotations

import streamlit as st

from werkstatt.accounts.admin import change_own_password
from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.ui.db import transaction


def password_change_form(*, username: str, token: str | None, key: str = "own_password") -> bool:
    """Draw the form; True after a successful change (other sessions of the account are ended)."""
    message = st.empty()
    with st.form(key, clear_on_submit=True):
        current = st.text_input("Bisheriges Passwort", type="password", autocomplete="current-password")
        new = st.text_input(
            "Neues Passwort", type="password", autocomplete="new-password", help="Mindestens 10 Zeichen."
        )
        repeat = st.text_input("Neues Passwort wiederholen", type="password", autocomplete="new-password")
        submitted = st.form_submit_button("Passwort ändern", type="primary")
    if not submitted:
        return False
    try:
        with transaction() as session:
            change_own_password(
                session, username=username, current=current, new=new, repeat=repeat, keep_token=token, now=utc_now()
            )
    except WerkstattError as err:
        message.error(err.message)
        return False
    message.success("Ihr Passwort ist geändert. Andere Anmeldungen mit diesem Konto sind beendet.")
    return True


def first_password_form(*, username: str, token: str | None) -> None:
    """Shown instead of a staff page while the account still has a generated password."""
    st.title("Eigenes Passwort festlegen")
    st.info(
        "Ihr Konto hat ein vorläufiges Passwort. Bitte legen Sie jetzt ein eigenes fest; danach sehen Sie Ihre Seiten."
    )
    if password_change_form(username=username, token=token, key="first_password"):
        st.page_link("pages/login.py", label="Weiter zu Ihren Seiten", icon="➡️")
