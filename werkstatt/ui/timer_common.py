"""What every timer screen shares: the replayed view, stage colours, time labels.

Every screen replays the same event log (werkstatt/session/timer_log.py) at the
wall clock: the moderator's controls, the shared screen and the participants' badge.
"""

from __future__ import annotations

from datetime import datetime

from werkstatt.clock import BERLIN, fmt_time, utc_now
from werkstatt.palette import STAGES
from werkstatt.session.timer_log import timer_view
from werkstatt.session.timer_model import TimerView
from werkstatt.text.markdown import escape_html
from werkstatt.ui.db import read_only

e = escape_html  # agenda titles are organizer data; still never raw HTML


STAGE_COLOURS = {name: (s.fg, s.bg) for name, s in STAGES.items()}  # text, background: palette.py


def timer_view_now(workshop_id: int, now: datetime | None = None) -> TimerView:
    with read_only() as session:
        return timer_view(session, workshop_id=workshop_id, now=now or utc_now())


def clock_label(moment: datetime | None) -> str:
    return fmt_time(moment, BERLIN) if moment else "–"


def progress_share(view: TimerView) -> float:
    if not view.active or view.duration_s <= 0:
        return 0.0
    return max(0.0, min(1.0, view.elapsed_s / view.duration_s))
