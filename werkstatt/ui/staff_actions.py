"""Staff controls: every click is one command, applied once (werkstatt/live/commands.py).

An action id is made when a control is drawn and stays the same while the state it
acts on stays the same, so a click that Streamlit delivers twice, or a double-click
that arrives before the screen redrew, carries the same id and is refused by the
database. Callbacks here only write session state; they never draw anything (a
callback that draws inside a fragment rerun makes Streamlit repeat it).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable
from typing import Any

import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.live.commands import RepeatedAction
from werkstatt.live.retry import retrying
from werkstatt.ui.db import transaction

_IDS = "_staff_action_ids"
_USED = "_staff_action_used"
STAFF_RETRY_DELAYS = (0.3, 1.0)  # a moderator in front of a room waits at most ~1.5 s before a German message


def action_id(control: str, seen: Hashable) -> str:
    """The click id for `control` while it acts on state `seen`; a new one once the state moved on or it was used."""
    ids: dict[str, tuple[Hashable, str]] = st.session_state.setdefault(_IDS, {})
    used: set[str] = st.session_state.setdefault(_USED, set())
    made = ids.get(control)
    if made is None or made[0] != seen or made[1] in used:
        if made is not None:
            used.discard(made[1])  # the database remembers it; this browser need not
        made = (seen, uuid.uuid4().hex)
        ids[control] = made
    return made[1]


def run_command(command: Callable[..., object], flash_key: str, *, success: str = "", **kw: Any) -> bool:
    """Callback body: one command in one transaction (retried while the database is briefly away).

    A refusal is kept under `flash_key` for the next run to show, a success message under
    `flash_key + "_ok"`; a repeated click is silent, because it was applied once already.
    """

    def once() -> None:
        with transaction() as session:
            command(session, now=utc_now(), **kw)

    try:
        retrying(once, delays=STAFF_RETRY_DELAYS)
    except RepeatedAction:
        return False
    except WerkstattError as err:
        st.session_state[flash_key] = err.message
        return False
    st.session_state.pop(flash_key, None)
    st.session_state.setdefault(_USED, set()).add(kw.get("action_id"))
    if success:
        st.session_state[flash_key + "_ok"] = success
    return True


def show_flash(flash_key: str) -> None:
    """Show (once) what the last callback left: a German refusal or a short confirmation."""
    if message := st.session_state.pop(flash_key, None):
        st.error(message, icon="⚠️")
    if done := st.session_state.pop(flash_key + "_ok", None):
        st.toast(done)
