"""Which lane a script run takes (werkstatt/live/lanes.py): a phone's redraw that only follows a change
waits for the background slot; everything a person starts runs at once.

A live part drawn inside a fragment decorated with `background_fragment` marks the run its browser
side asks for (`live_part` asks `redraw_callback()`, so the decorator is the one place that says
so); the fragment takes a slot for such runs only, so a dot given on the same list still runs at once.
A watch that redraws the whole page after the agenda moved on marks that page run the same way
(`mark_page_redraw`; app.py runs the page in `background_page()`).
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests, ScriptRequestType

from werkstatt.live.lanes import BACKGROUND

_FRAGMENT = "werkstatt_lane_fragment"
_PAGE = "werkstatt_lane_page"
FRESH_S = 10.0  # a mark older than this is left over from a part that did not run: ignore it

F = TypeVar("F", bound=Callable[..., Any])
_inside = threading.local()  # each script run has its own thread


def mark_redraw(fragment: str) -> None:
    """A background live part's callback: the run it starts only follows a change of `fragment`."""
    marks = st.session_state.setdefault(_FRAGMENT, {})
    marks[fragment] = time.monotonic()


def mark_page_redraw() -> None:
    """Call before `st.rerun(scope="app")` in a background part: the page run only follows a change."""
    st.session_state[_PAGE] = time.monotonic()


def _fresh(at: object) -> bool:
    return isinstance(at, float) and time.monotonic() - at < FRESH_S


def watch_person(wake: Callable[[], None]) -> AbstractContextManager[None]:
    """Call `wake` when this session's person sends something (a post, a dot, a click) or leaves.

    Streamlit keeps such a request until the current run ends (a fragment's request does not interrupt
    a run), so a redraw waiting for the slot would hold the person up.
    """
    requests = getattr(get_script_run_ctx(), "script_requests", None)
    return nullcontext() if requests is None else watch_requests(requests, wake)


@contextmanager
def watch_requests(requests: ScriptRequests, wake: Callable[[], None]) -> Iterator[None]:
    """Streamlit's runner hands every new request to the run's `ScriptRequests`; while open, it wakes us too."""

    def rerun(data: RerunData) -> bool:
        asked = ScriptRequests.request_rerun(requests, data)
        wake()
        return asked

    def stop() -> None:
        ScriptRequests.request_stop(requests)
        wake()

    requests.request_rerun, requests.request_stop = rerun, stop  # type: ignore[method-assign,assignment]
    try:
        if request_pending(requests):  # it came before we listened
            wake()
        yield
    finally:
        del requests.request_rerun, requests.request_stop


def request_pending(requests: ScriptRequests | None) -> bool:
    """Whether a request waits for the current run to end (Streamlit keeps this state privately)."""
    return getattr(requests, "_state", None) in (ScriptRequestType.RERUN, ScriptRequestType.STOP)


@contextmanager
def _slot() -> Iterator[None]:
    with BACKGROUND.slot(person=watch_person) as turn:
        if turn == "person":
            # Ask for this redraw again and end the run: Streamlit then runs the person's request first
            # and this fragment right after it in the same run (a full run redraws everything anyway).
            in_fragment = bool(getattr(get_script_run_ctx(), "fragment_ids_this_run", None))
            st.rerun(scope="fragment" if in_fragment else "app")
        yield


def background_page() -> AbstractContextManager[None]:
    """Around the page (app.py), which runs only in full runs.

    A full run redraws every fragment itself, so it drops the fragments' redraw marks: when Streamlit
    merges a fragment's redraw into a person's full run (a click while the redraw was queued), the
    person's run must not wait for a slot because of a mark that was meant for the redraw.
    """
    st.session_state.pop(_FRAGMENT, None)
    return _slot() if _fresh(st.session_state.pop(_PAGE, None)) else nullcontext()


def redraw_callback() -> Callable[[], None] | None:
    """For a live part drawn inside a `background_fragment`: the callback that marks its redraws (else None)."""
    names = getattr(_inside, "names", None)
    return functools.partial(mark_redraw, names[-1]) if names else None


def background_fragment(func: F) -> F:
    """`st.fragment` whose redraws asked for by its own live part wait for the background slot.

    Marks are per fragment: when Streamlit runs several queued fragments in one run, a person's click
    in one of them does not wait because another one was marked as a redraw.
    """
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        marks = st.session_state.get(_FRAGMENT) or {}
        redraw = _fresh(marks.pop(name, None))
        names = getattr(_inside, "names", None)
        if names is None:
            names = _inside.names = []
        names.append(name)
        try:
            with _slot() if redraw else nullcontext():
                return func(*args, **kwargs)
        finally:
            names.pop()

    return st.fragment(run)  # type: ignore[return-value]
