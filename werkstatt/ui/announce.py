"""Polite announcements for screen readers, without flooding: only when something changed.

A page states what is true now (`announce(key, state, text)`); the browser script of
werkstatt/ui/html_lang.py keeps one live region (role="status") for the whole visit
and reads `text` aloud only when the `state` of a `key` changes after the first look,
never on every refresh and never for each second of a countdown.
"""

from __future__ import annotations

import streamlit as st

from werkstatt.text.markdown import escape_html

PHASE_TEXT = {True: "Die Eingabe ist jetzt offen.", False: "Die Eingabe ist jetzt geschlossen."}
TIME_UP = "Die Zeit für diesen Programmpunkt ist abgelaufen."


def announce(key: str, state: str, text: str) -> None:
    """Tell the live region what is true now; it speaks `text` when `state` differs from before."""
    with st.container(key=f"ws-say-{key}"):  # hidden by style.py; no gap in the layout
        st.html(
            f'<div data-ws-say-key="{escape_html(key)}" data-ws-say-id="{escape_html(state)}" '
            f'data-ws-say="{escape_html(text)}"></div>'
        )


def phase_announcement(is_open: bool) -> None:
    announce("phase", "open" if is_open else "closed", PHASE_TEXT[is_open])


def time_up_announcement(item_index: int | None, overrun: bool) -> None:
    announce("time", f"{item_index}-{overrun}", TIME_UP if overrun else "")
