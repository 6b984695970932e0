"""Sending a participant's post so that nothing typed is lost.

The post carries a submission id (kept in session state until it is stored), so
sending it again after a lost answer stores it once (werkstatt.live.submissions).
While the database is briefly unreachable or locked, the send is retried a few
times; then the text stays in the field, a German notice says it will be sent
again, and a small fragment retries every few seconds until it is stored.
Nothing here shows an exception; callbacks draw nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.live.retry import DatabaseUnavailable, retrying
from werkstatt.live.submissions import plan_post_once, store_post_once
from werkstatt.ui.actions import flash
from werkstatt.ui.db import read_only, transaction

SUBMISSION = "mm_submission"
PENDING = "mm_pending"
CLEAR_TEXT = "mm_clear_text"
POSTED = "mm_posted"  # the number of this phone's last stored post (its own list shows it: pages/mitmachen.py)
RETRY_EVERY_S = 4
WILL_RETRY = (
    "Ihr Beitrag konnte gerade nicht gespeichert werden: Die Verbindung zur Datenbank ist gestört. "
    "Er wird automatisch erneut gesendet; Ihr Text bleibt im Feld."
)


def submission_id() -> str:
    """The id of the post being written; the same until it is stored."""
    value: str = st.session_state.setdefault(SUBMISSION, uuid.uuid4().hex)
    return value


def send(token: str, fields: dict[str, Any], *, flash_key: str, text_key: str, in_callback: bool) -> bool:
    """Store the post (retried briefly when sent by the person, once in the background retry).

    Leaves a German message under flash_key for the page to show (`show_outcome`). True once stored.
    """
    state = st.session_state
    submission = submission_id()

    def once() -> int:
        # Checks in a read transaction, then a short write: the database's write lock is held only for
        # the writing statements, not while 200 phones' script threads share the interpreter.
        with read_only() as session:
            plan = plan_post_once(session, submission_id=submission, token=token, now=utc_now(), **fields)
        if isinstance(plan, int):  # stored already (a retry after a lost answer)
            return plan
        with transaction() as session:
            return store_post_once(session, plan, submission_id=submission, now=utc_now())

    try:
        number = retrying(once) if in_callback else retrying(once, delays=())
    except DatabaseUnavailable:
        state[PENDING] = (token, fields)
        flash(flash_key, "warning", WILL_RETRY)
        return False
    except WerkstattError as err:
        state.pop(PENDING, None)
        flash(flash_key, "error", err.message)  # the text stays in the field
        return False
    state.pop(PENDING, None)
    state.pop(SUBMISSION, None)  # the next post is a new one
    state[POSTED] = number
    if in_callback:
        state[text_key] = ""  # allowed: callbacks run before the field is drawn
    else:
        state[CLEAR_TEXT] = True
    flash(flash_key, "success", f"Danke! Ihr Beitrag #{number} ist gespeichert.")
    return True


def clear_sent_text(text_key: str) -> None:
    """Call before drawing the text field: empties it after a post that a background retry stored."""
    if st.session_state.pop(CLEAR_TEXT, False):
        st.session_state[text_key] = ""


def retry_pending(*, flash_key: str, text_key: str) -> None:
    """While a post waits for the database, try again every few seconds (drawn only then)."""
    if PENDING in st.session_state:
        _retry_fragment(flash_key, text_key)


@st.fragment(run_every=RETRY_EVERY_S)
def _retry_fragment(flash_key: str, text_key: str) -> None:
    pending = st.session_state.get(PENDING)
    if pending is None:
        return
    st.caption("⏳ Ihr Beitrag wird erneut gesendet …")
    token, fields = pending
    send(token, fields, flash_key=flash_key, text_key=text_key, in_callback=False)
    if PENDING not in st.session_state:  # stored, or refused for a reason the person must read
        st.rerun(scope="app")
