"""Run one action of a screen: one transaction, one German outcome, kept across the next rerun.

A success message is only recorded after the transaction committed; a refusal
(`WerkstattError`) or an unreachable database gives a German message and nothing
technical. Messages are shown by `show_outcome` into a slot the page created
before its form, so that the form keeps its focus (docs/architecture.md).
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
Kind = Literal["success", "error", "info"]
DATABASE_DOWN = (
    "Die Daten konnten gerade nicht gespeichert werden (die Datenbank ist nicht erreichbar). "
    "Ihre Eingabe ist noch da – bitte versuchen Sie es gleich noch einmal."
)


def _remember(key: str, kind: Kind, message: str) -> None:
    st.session_state[f"_outcome_{key}"] = (kind, message)


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
        _remember(key, "error", err.message)
        return None
    except (OperationalError, DBAPIError):
        _remember(key, "error", DATABASE_DOWN)
        return None
    message = success(result) if callable(success) else success
    if message:
        _remember(key, "success", message)
    else:
        st.session_state.pop(f"_outcome_{key}", None)
    return result


def show_outcome(key: str, slot: st.delta_generator.DeltaGenerator | None = None) -> None:
    """Show (once) what the last action under `key` led to; as text, never as Markdown."""
    kind, message = st.session_state.pop(f"_outcome_{key}", (None, ""))
    if not kind:
        return
    target = slot if slot is not None else st
    message = escape_md(message)  # messages may quote names and titles people typed
    if kind == "error":
        target.error(message, icon=":material/error:")
    elif kind == "success":
        target.success(message, icon=":material/check_circle:")
    else:
        target.info(message)
