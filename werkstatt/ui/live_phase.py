"""A phone's watch on the phase: when the moderator opens or closes the input, the page redraws."""

from __future__ import annotations

import streamlit as st

from werkstatt.live.retry import DatabaseUnavailable
from werkstatt.session.phase import phase_of
from werkstatt.ui.live_parts import hide_part, live_part, next_wake, read_mark, retry_soon, view_time
from werkstatt.ui.timer_common import timer_view_now


@st.fragment
def phase_watch(workshop_id: int, was_open: bool) -> None:
    """Runs only when a timer event arrives (phase overrides are timer events) or the plan moves on."""
    key = f"phase-watch-{workshop_id}"
    try:
        mark = read_mark(workshop_id)
        now = view_time()
        view = timer_view_now(workshop_id, now)
    except DatabaseUnavailable:  # keep the page as it is; look again in a few seconds
        retry_soon(workshop_id, key=key)
        return
    if phase_of(view).input_open != was_open:
        st.rerun(scope="app")
    live_part(workshop_id, key=key, mark=mark, topic="timer", wake_at=next_wake(view, now))
    hide_part(key)
