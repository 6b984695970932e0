"""Live parts of a screen: redrawn when the workshop changes, never on a clock.

A fragment reads the workshop's mark first (werkstatt/live/topics.py), then its data, and
mounts `live_part(...)` with what it showed. The browser side (werkstatt/live/live_client.js) listens to the
workshop's event stream and reruns exactly that fragment once a newer mark arrives; timer
parts compare only the timer key, so posts and votes leave them alone. A countdown inside a
live part ticks in the browser from the end instant (see `clock_data`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import streamlit as st
from streamlit.components.v2 import component

from werkstatt.clock import utc_now
from werkstatt.live.client_js import LOADER_JS
from werkstatt.live.retry import DatabaseUnavailable
from werkstatt.live.topics import Mark, mark_of
from werkstatt.session.timer_format import fmt_countdown
from werkstatt.session.timer_model import CRITICAL_FRACTION, WARN_FRACTION, TimerView
from werkstatt.ui.db import read_only
from werkstatt.ui.run_lane import redraw_callback
from werkstatt.ui.timer_common import STAGE_COLOURS, timer_view_now

Topic = Literal["revision", "timer"]

# Text that depends on the stage switches in the browser together with the colours.
_CSS = """
.lv-over {display: none;}
[data-stage="overrun"] .lv-over {display: inline;}
[data-stage="overrun"] .lv-left {display: none;}
.lv-sr {position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;}
"""

_live = component("werkstatt_live", js=LOADER_JS, css=_CSS, isolate_styles=False)


def read_mark(workshop_id: int) -> Mark:
    """Read this before the data a fragment shows: a change in between only causes one more redraw."""
    with read_only() as session:
        return mark_of(session, workshop_id=workshop_id)


def _redraw() -> None:
    """The trigger's callback: nothing to do; the fragment's rerun is the point."""


def live_part(
    workshop_id: int,
    *,
    key: str,
    mark: Mark,
    topic: Topic = "revision",
    wake_at: datetime | None = None,
    html: str | None = None,
    clock: dict[str, Any] | None = None,
    min_gap_s: float = 0.0,
    spread_s: float = 0.0,
    delay_s: float = 0.0,
    board: dict[str, Any] | None = None,
    on_act: Callable[[], None] | None = None,
    on_own: Callable[[], None] | None = None,
) -> None:
    """Mount the browser side. `html` (escaped markup built here) is drawn; `clock` makes it tick.

    Inside a fragment decorated with `background_fragment` (a phone's part), the redraws it asks for
    wait for the background slot (werkstatt/ui/run_lane.py).

    `min_gap_s` spaces redraws of a busy part (a phone's list while many people post) apart;
    `delay_s` waits before a redraw (the author of a change gets their own answer first), then
    `spread_s` lets many screens showing the same part redraw at random moments within it.

    With `board` (werkstatt/ui/mitmachen_board.py), the browser draws a contribution list itself and
    fetches its shared page on change instead of asking for a redraw; the pacing then spaces those
    fetches. `on_act` runs when the person acts in it, `on_own` when the phone's own part is outdated.
    """
    data: dict[str, Any] = {
        "w": workshop_id,
        "topic": "k" if topic == "timer" else "r",
        "shown": mark.timer if topic == "timer" else mark.revision,
        "wake_at": _ms(wake_at) if wake_at else None,
        "gap_ms": round(min_gap_s * 1000),
        "spread_ms": round(spread_s * 1000),
        "delay_ms": round(delay_s * 1000),
    }
    if html is not None:
        data["html"] = html
        data["clock"] = clock
    height: Literal["content"] | int = "content" if html is not None else 0
    if board is None:
        _live(key=key, data=data, on_changed_change=redraw_callback() or _redraw, height=height)
        return
    data["board"] = board
    _live(
        key=key, data=data, on_changed_change=_redraw, on_act_change=on_act or _redraw,
        on_own_change=on_own or redraw_callback() or _redraw, height="content",
    )  # fmt: skip


def signal_posted(workshop_id: int, number: int) -> None:
    """Tell this tab's contribution lists that its person posted `number` (its own list then redraws once)."""
    key = "live-posted"
    _live(key=key, data={"w": workshop_id, "posted": number}, on_changed_change=_redraw, height=0)
    hide_part(key)


def set_cookie(name: str, value: str, *, max_age_s: int) -> None:
    """A first-party cookie set by the browser (path /, SameSite=Lax); the browser encodes what it gets.

    Through the page's live client instead of an HTML component's iframe (deprecated in Streamlit 1.67)."""
    key = f"live-cookie-{name}"
    _live(key=key, data={"cookie": {"name": name, "value": value, "max_age": max_age_s}}, height=0)
    hide_part(key)


def page_watch(workshop_id: int) -> None:
    """Call outside any fragment: after a dropped connection (a server restart), the page redraws once.

    A restarted server has a new session that knows none of the old fragments."""
    key = f"live-page-{workshop_id}"
    # `at` differs per run, so the browser mounts the part anew after every full run (and stops asking).
    data = {"w": workshop_id, "page": True, "at": _ms(view_time())}
    _live(key=key, data=data, on_changed_change=_redraw, height=0)
    hide_part(key)


RETRY_S = 3.0
_NEVER = Mark(2**62, 2**62)  # no event makes a part drawn from this redraw; only its wake-up does


def retry_soon(workshop_id: int, *, key: str, message: str | None = None) -> None:
    """The database did not answer: say so (German) and draw this part again in a few seconds."""
    if message:
        st.warning(message, icon="⏳")
    live_part(workshop_id, key=key, mark=_NEVER, wake_at=view_time() + timedelta(seconds=RETRY_S))
    hide_part(key)


def _ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def clock_data(view: TimerView, now: datetime, idle_text: str = "--:--") -> dict[str, Any]:
    """What a countdown needs: the end instant (running), the time left (paused), stages and colours."""
    return {
        "state": view.state,
        "end_ms": _ms(now + timedelta(seconds=view.left_s)) if view.active else None,
        "left_s": view.left_s,
        "duration_s": view.duration_s,
        "warn": WARN_FRACTION,
        "critical": CRITICAL_FRACTION,
        "colours": STAGE_COLOURS,
        "text": fmt_countdown(view.left_s) if view.active else idle_text,
    }


def next_wake(view: TimerView, now: datetime) -> datetime | None:
    """When the screen must look again without any event: the planned agenda moves on by the clock."""
    if view.mode != "planned":
        return None
    if view.state == "not_started" and view.planned_start is not None:
        return view.planned_start + timedelta(seconds=0.5)
    if view.active:
        return now + timedelta(seconds=max(0.0, view.left_s) + 0.5)
    return None


def view_time() -> datetime:
    """The instant a live part is drawn at (only the UI reads the wall clock)."""
    return utc_now()


def hide_part(key: str) -> None:
    """A live part without markup takes no room on the page."""
    st.html(f"<style>.st-key-{key} {{display: none !important;}}</style>")


def follow_changes(workshop_id: int, *, key: str, topic: Topic = "revision", min_gap_s: float = 0.0) -> bool:
    """Make the calling fragment a live part: redrawn when the workshop changes, never on a clock.

    Call first in the fragment, before reading what it shows. False when the database did not
    answer: the part then says nothing new and looks again in a few seconds.
    """
    try:
        mark = read_mark(workshop_id)
    except DatabaseUnavailable:
        retry_soon(workshop_id, key=key)
        return False
    live_part(workshop_id, key=key, mark=mark, topic=topic, min_gap_s=min_gap_s)
    hide_part(key)
    return True


@dataclass(frozen=True)
class TimerRead:
    """What a timer part draws from: the mark first, then the moment and the timer at that moment."""

    mark: Mark
    now: datetime
    view: TimerView


def read_timer(workshop_id: int, *, key: str, say: bool = False) -> TimerRead | None:
    """Read a timer part's data; None when the database did not answer (then the part looks again soon).

    `say` shows the German notice (one part per screen says it; the others stay calm).
    """
    try:
        mark = read_mark(workshop_id)
        now = view_time()
        return TimerRead(mark, now, timer_view_now(workshop_id, now))
    except DatabaseUnavailable as err:
        retry_soon(workshop_id, key=key, message=err.message if say else None)
        return None
