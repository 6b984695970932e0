"""Organizers manage the team's accounts: list, add, reset a password, disable/enable."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from werkstatt.accounts.admin import AccountRow, create_account, list_accounts, reset_password, set_disabled
from werkstatt.accounts.users import ROLES
from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.ui.db import read_only, transaction


def load_accounts(actor: str) -> list[AccountRow]:
    with read_only() as session:
        return list_accounts(session, actor=actor, now=utc_now())


def accounts_table(rows: list[AccountRow]) -> None:
    frame = pd.DataFrame(
        {
            "Benutzername": [r.username for r in rows],
            "Name": [r.name for r in rows],
            "Rolle": [ROLES.get(r.role, r.role) for r in rows],
            "Status": ["gesperrt" if r.disabled else "aktiv" for r in rows],
            "Passwort": ["vorläufig" if r.must_change_password else "eigenes" for r in rows],
            "Angemeldet (Sitzungen)": [r.live_sessions for r in rows],
        }
    )
    st.dataframe(frame, hide_index=True, width="stretch")


def _show_password_once(slot: DeltaGenerator, username: str, password: str) -> None:
    with slot.container():
        st.success(f"Vorläufiges Passwort für „{username}“ (wird nur jetzt angezeigt):")
        st.code(password, language=None)
        st.caption("Geben Sie es persönlich oder telefonisch weiter; bei der ersten Anmeldung wird es ersetzt.")


def add_account_form(actor: str) -> None:
    slot = st.empty()
    with st.form("account_add", clear_on_submit=True):
        st.header("Konto anlegen")
        username = st.text_input("Benutzername", max_chars=64, help="Kleinbuchstaben, Ziffern, Punkt, - oder _")
        name = st.text_input("Name", max_chars=200)
        # The smaller role first: an organizer sees everyone's registration data.
        role = st.selectbox("Rolle", ["moderator", "organizer"], format_func=lambda r: ROLES[r])
        submitted = st.form_submit_button("Konto anlegen", type="primary")
    if not submitted:
        return
    try:
        with transaction() as session:
            password = create_account(session, actor=actor, username=username, role=role, name=name, now=utc_now())
    except WerkstattError as err:
        slot.error(err.message)
        return
    _show_password_once(slot, username.strip().lower(), password)


def manage_account_form(actor: str, rows: list[AccountRow]) -> None:
    slot = st.empty()
    with st.form("account_manage"):
        st.header("Konto verwalten")
        usernames = [r.username for r in rows]
        username = st.selectbox("Konto", usernames)
        left, middle, right = st.columns(3)
        reset = left.form_submit_button("Neues Passwort", width="stretch", help="Passwort zurücksetzen")
        disable = middle.form_submit_button("Sperren", width="stretch")
        enable = right.form_submit_button("Entsperren", width="stretch")
    if not username or not (reset or disable or enable):
        return
    if reset:
        try:
            with transaction() as session:
                password = reset_password(session, actor=actor, username=username, now=utc_now())
        except WerkstattError as err:
            slot.error(err.message)
            return
        _show_password_once(slot, username, password)
        return
    try:
        with transaction() as session:
            set_disabled(session, actor=actor, username=username, disabled=disable, now=utc_now())
    except WerkstattError as err:
        slot.error(err.message)
        return
    slot.success(f"Konto „{username}“ ist {'gesperrt; seine Anmeldungen sind beendet' if disable else 'entsperrt'}.")
