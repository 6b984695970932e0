"""Which lane a script run takes (werkstatt/live/lanes.py): a phone's redraw that only follows a change
waits for the background slot; everything a person starts runs at once.

A live part drawn inside a fragment decorated with `background_fragment` marks the run its browser
side asks for (`live_part` asks `in_background_fragment()`, so the decorator is the one place that
says so); the fragment takes a slot for such runs only, so a dot given on the same list still runs at
once. A watch that redraws the whole page after
the agenda moved on marks that page run the same way (`mark_page_redraw`; app.py runs the page in
`background_page()`).
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TypeVar

import streamlit as st

from werkstatt.live.lanes import BACKGROUND

_FRAGMENT = "werkstatt_lane_fragment"
_PAGE = "werkstatt_lane_page"
FRESH_S = 10.0  # a mark older than this is left over from a part that did not run: ignore it

F = TypeVar("F", bound=Callable[..., Any])
_inside = threading.local()  # each script run has its own thread


def mark_redraw() -> None:
    """A background live part's callback: the run it starts only follows a change."""
    st.session_state[_FRAGMENT] = time.monotonic()


def mark_page_redraw() -> None:
    """Call before `st.rerun(scope="app")` in a background part: the page run only follows a change."""
    st.session_state[_PAGE] = time.monotonic()


def _take(key: str) -> bool:
    at = st.session_state.pop(key, None)
    return isinstance(at, float) and time.monotonic() - at < FRESH_S


def background_page() -> AbstractContextManager[None]:
    return BACKGROUND.slot() if _take(_PAGE) else nullcontext()


def in_background_fragment() -> bool:
    """True while a `background_fragment` draws: its live parts mark their redraws as background."""
    return getattr(_inside, "depth", 0) > 0


def background_fragment(func: F) -> F:
    """`st.fragment` whose redraws asked for by its own live part wait for the background slot."""

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        _inside.depth = getattr(_inside, "depth", 0) + 1
        try:
            with BACKGROUND.slot() if _take(_FRAGMENT) else nullcontext():
                return func(*args, **kwargs)
        finally:
            _inside.depth -= 1

    return st.fragment(run)  # type: ignore[return-value]
