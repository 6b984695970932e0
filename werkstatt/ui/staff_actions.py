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
from werkstatt.ui.actions import flash, forget_outcome, show_outcome
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

    A refusal (or the success message, as a toast) is kept under `flash_key` for the next
    run to show (`show_flash`); a repeated click is silent, because it was applied once already.
    """

    def once() -> None:
        with transaction() as session:
            command(session, now=utc_now(), **kw)

    try:
        retrying(once, delays=STAFF_RETRY_DELAYS)
    except RepeatedAction:
        return False
    except WerkstattError as err:
        flash(flash_key, "error", err.message)
        return False
    forget_outcome(flash_key)
    st.session_state.setdefault(_USED, set()).add(kw.get("action_id"))
    if success:
        flash(flash_key, "toast", success)
    return True


# What the last callback left (a German refusal or a short confirmation), shown once.
show_flash = show_outcome
