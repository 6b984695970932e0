"""Moderator: who may join (open code or personal links only), and identities vs registrations."""

from __future__ import annotations

import streamlit as st

from werkstatt.session.personal_link import JOIN_MODES, set_join_mode, turnout
from werkstatt.ui.db import read_only, transaction


def _store_mode(workshop_id: int, key: str) -> None:
    # on_change: only a real click writes (a widget bound to a stored value must not write on every run)
    with transaction() as session:
        set_join_mode(session, workshop_id=workshop_id, mode=st.session_state[key])


def join_mode_panel(workshop_id: int, current_mode: str) -> None:
    with read_only() as session:
        counts = turnout(session, workshop_id=workshop_id)
    key = f"join_mode_{workshop_id}"
    with st.expander(
        f"Zugang: {JOIN_MODES.get(current_mode, current_mode)} · {counts.identities} Teilnahmen live, "
        f"{counts.confirmed} Anmeldungen, {counts.checked_in} eingecheckt"
    ):
        st.radio(
            "Wer darf mitmachen?",
            list(JOIN_MODES),
            index=list(JOIN_MODES).index(current_mode) if current_mode in JOIN_MODES else 0,
            format_func=lambda m: JOIN_MODES[m],
            key=key,
            on_change=_store_mode,
            args=(workshop_id, key),
            horizontal=True,
            help="Mit persönlichem Link hat jede angemeldete Person genau eine Stimme, auf jedem Gerät.",
        )
        left, middle, right = st.columns(3)
        left.metric("Teilnahmen live", counts.identities, help="Identitäten, die beigetreten sind")
        middle.metric("davon mit persönlichem Link", counts.personal)
        right.metric("Anmeldungen / eingecheckt", f"{counts.confirmed} / {counts.checked_in}")
        if counts.identities > max(counts.confirmed, counts.checked_in) > 0:
            st.warning(
                "Es gibt mehr Teilnahmen als Anmeldungen. Wenn das nicht an Gästen liegt, stellen Sie auf "
                "„nur mit persönlichem Link“ um."
            )
