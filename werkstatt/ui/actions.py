"""Run one action of a screen: one transaction, one German outcome, kept across the next rerun.

A success message is only recorded after the transaction committed; a refusal
(`WerkstattError`) or an unreachable database gives a German message and nothing
technical. Messages are shown by `show_outcome` into a slot the page created
before its form, so that the form keeps its focus (docs/architecture.md).

`flash` + `show_outcome` are the one way every screen keeps a message for the next
run (organisation tabs, phone screens, activity panels, staff commands).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar

import streamlit as st
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from werkstatt.errors import WerkstattError
from werkstatt.text.markdown import escape_md
from werkstatt.ui.db import transaction

T = TypeVar("T")
Kind = Literal["success", "error", "info", "warning", "toast"]
DATABASE_DOWN = (
    "Die Daten konnten gerade nicht gespeichert werden (die Datenbank ist nicht erreichbar). "
    "Ihre Eingabe ist noch da – bitte versuchen Sie es gleich noch einmal."
)


def flash(key: str, kind: Kind, message: str, *, rerun: bool = False) -> None:
    """Keep `message` for the next run of the screen, where `show_outcome(key)` shows it once.

    rerun=True starts that run now (outside callbacks: counters drawn above are fresh).
    """
    st.session_state[f"_outcome_{key}"] = (kind, message)
    if rerun:
        st.rerun()


def run_action(
    key: str,
    action: Callable[[Session], T],
    *,
    success: str | Callable[[T], str] = "",
) -> T | None:
    """Run `action(session)` in its own transaction; returns its result, or None when it was refused."""
    try:
        with transaction() as session:
            result = action(session)
    except WerkstattError as err:
        flash(key, "error", err.message)
        return None
    except (OperationalError, DBAPIError):
        flash(key, "error", DATABASE_DOWN)
        return None
    message = success(result) if callable(success) else success
    if message:
        flash(key, "success", message)
    else:
        forget_outcome(key)
    return result


def forget_outcome(key: str) -> None:
    """Drop a message still waiting under `key` (a later success made it stale)."""
    st.session_state.pop(f"_outcome_{key}", None)


def show_outcome(key: str, slot: st.delta_generator.DeltaGenerator | None = None) -> None:
    """Show (once) what the last action under `key` led to; as text, never as Markdown."""
    kind, message = st.session_state.pop(f"_outcome_{key}", (None, ""))
    if not kind:
        return
    if kind == "toast":  # a short confirmation that does not push the screen down
        st.toast(message)
        return
    target = slot if slot is not None else st
    message = escape_md(message)  # messages may quote names and titles people typed
    if kind == "error":
        target.error(message, icon=":material/error:")
    elif kind == "success":
        target.success(message, icon=":material/check_circle:")
    elif kind == "warning":
        target.warning(message, icon=":material/hourglass_top:")
    else:
        target.info(message)
