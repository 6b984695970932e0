"""A phone's watch on the phase: when the moderator opens or closes the input, the page redraws."""

from __future__ import annotations

import streamlit as st

from werkstatt.session.phase import phase_of
from werkstatt.ui.live_parts import hide_part, live_part, next_wake, read_timer


@st.fragment
def phase_watch(workshop_id: int, was_open: bool) -> None:
    """Runs only when a timer event arrives (phase overrides are timer events) or the plan moves on."""
    key = f"phase-watch-{workshop_id}"
    read = read_timer(workshop_id, key=key)  # keeps the page as it is when the database is away
    if read is None:
        return
    mark, now, view = read.mark, read.now, read.view
    if phase_of(view).input_open != was_open:
        st.rerun(scope="app")
    live_part(workshop_id, key=key, mark=mark, topic="timer", wake_at=next_wake(view, now))
    hide_part(key)
