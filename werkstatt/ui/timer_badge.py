"""The participants' small live badge: current item and time left, counting down in the browser."""

from __future__ import annotations

from werkstatt.clock import BERLIN
from werkstatt.live.retry import DatabaseUnavailable
from werkstatt.session.timer_format import fmt_countdown
from werkstatt.session.timer_model import TimerView
from werkstatt.ui.live_parts import clock_data, live_part, next_wake, page_watch, read_timer, view_time
from werkstatt.ui.run_lane import background_fragment
from werkstatt.ui.timer_common import STAGE_COLOURS, e, timer_view_now


def participant_timer_badge(workshop_id: int, *, always: bool = False) -> None:
    """Compact 'now: item · time left'. Listens while the workshop runs, on its day, or `always`
    (the Mitmachen page: a phone that joined before the start gets the badge at the start)."""
    now = view_time()
    try:
        view = timer_view_now(workshop_id, now)
    except DatabaseUnavailable:
        return  # the page's own parts say so
    today = view.planned_start is not None and view.planned_start.astimezone(BERLIN).date() == (
        now.astimezone(BERLIN).date()
    )
    if always or view.active or today:
        page_watch(workshop_id)
        _badge_live(workshop_id)


@background_fragment  # a phone's badge follows the agenda in the background lane
def _badge_live(workshop_id: int) -> None:
    """Drawn again only when a timer event arrives (or the planned agenda moves on)."""
    read = read_timer(workshop_id, key=f"timer-badge-{workshop_id}")  # no badge for a moment when the db is away
    if read is None:
        return
    mark, now, view = read.mark, read.now, read.view
    live_part(
        workshop_id,
        key=f"timer-badge-{workshop_id}",
        mark=mark,
        topic="timer",
        wake_at=next_wake(view, now),
        html=badge_card(view) if view.active else "",
        clock=clock_data(view, now) if view.active else None,
    )


def badge_card(view: TimerView) -> str:
    fg, bg = STAGE_COLOURS[view.stage]
    paused = " · pausiert" if view.state == "paused" else ""
    return f"""<div data-stage="{view.stage}" data-testid="timer-badge" style="display:flex;align-items:center;
        gap:.7rem;border-radius:12px;padding:.55rem .9rem;background:{bg};color:{fg};font-size:1rem;line-height:1.3">
        <span style="font-weight:700;white-space:nowrap">● Live</span>
        <span style="flex:1 1 auto">Jetzt: <b>{e(view.title)}</b>{paused}</span>
        <span style="white-space:nowrap;font-variant-numeric:tabular-nums"><span class="lv-left">noch</span><span
        class="lv-over">überzogen</span> <b data-clock>{fmt_countdown(view.left_s)}</b></span>
        <span class="lv-sr" role="status" aria-live="polite" data-announce></span></div>"""
