"""The agenda timer as a pure function: (agenda, timer events, now) -> TimerView.

No streamlit, no wall clock, no database: every screen calls this with the same
event log and gets the same answer, in any process and after any restart.

Modes
- "live" (default): the moderator's "start" begins item 1; each item runs for
  its planned duration (plus extensions) and then counts up as overrun until
  the moderator presses "next" (we never advance on our own: the moderator
  decides when a round ends). Pause stops the clock of the current item.
- "planned": follows the clock on the workshop's date; events are ignored.

Item numbers in events are 0-based indexes into the agenda rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from werkstatt.session.timer_model import (
    CLOCK_KINDS,
    EXTEND,
    FINISHED,
    JUMP,
    MODE,
    MODES,
    NEXT,
    NOT_STARTED,
    PAUSE,
    PAUSED,
    PHASE,
    PHASE_OVERRIDES,
    PREV,
    REHEARSAL_GAP,
    RESET,
    RESUME,
    RUNNING,
    START,
    AgendaRowLike,
    ItemTiming,
    TimerEventLike,
    TimerView,
)
from werkstatt.session.timer_plan import duration_s, empty_view, planned_view


def _since_reset(events: Sequence[TimerEventLike]) -> list[TimerEventLike]:
    ordered = sorted(events, key=lambda e: e.seq)
    last_reset = max((i for i, e in enumerate(ordered) if e.kind == RESET), default=-1)
    return ordered[last_reset + 1 :]


def current_mode(events: Sequence[TimerEventLike]) -> str:
    """The last mode chosen (survives a reset: it is a setting, not a run)."""
    modes = [e for e in sorted(events, key=lambda e: e.seq) if e.kind == MODE and e.value in MODES]
    return modes[-1].value if modes else "live"  # type: ignore[return-value]


def phase_override(events: Sequence[TimerEventLike]) -> str | None:
    """The moderator's phase override since the last reset; None = follow the agenda."""
    phases = [e for e in _since_reset(events) if e.kind == PHASE]
    if not phases:
        return None
    value = phases[-1].value
    return value if value in PHASE_OVERRIDES else None


def compute_timer(agenda: Sequence[AgendaRowLike], events: Sequence[TimerEventLike], now: datetime) -> TimerView:
    mode = current_mode(events)
    override = phase_override(events)
    if not agenda:
        return empty_view(mode, override)
    if mode == "planned":
        return planned_view(agenda, now, override)
    return _live(agenda, _since_reset(events), now, override)


class _Run:
    """Replays the clock events of one run (since the last reset)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.state = NOT_STARTED
        self.index: int | None = None
        self.elapsed = [0.0] * n
        self.extra = [0] * n
        self.actual_start: list[datetime | None] = [None] * n
        self.actual_end: list[datetime | None] = [None] * n
        self.segment_start: datetime | None = None  # when the clock of the current item last started
        self.started_at: datetime | None = None
        self.finished_at: datetime | None = None
        self.paused_since: datetime | None = None

    def _stop_clock(self, t: datetime) -> None:
        if self.segment_start is not None and self.index is not None:
            self.elapsed[self.index] += (t - self.segment_start).total_seconds()
        self.segment_start = None

    def _enter(self, j: int, t: datetime) -> None:
        self._stop_clock(t)
        if self.index is not None:
            self.actual_end[self.index] = t
        self.index = j
        if self.actual_start[j] is None:
            self.actual_start[j] = t
        self.actual_end[j] = None
        if self.state == RUNNING:
            self.segment_start = t

    def apply(self, e: TimerEventLike) -> None:
        # Invalid events are skipped, not fatal: the service refuses them, but a
        # screen must never crash on an odd log.
        t, kind = e.created_at, e.kind
        if kind == START and self.state == NOT_STARTED:
            self.state, self.started_at = RUNNING, t
            self._enter(0, t)
        elif kind == PAUSE and self.state == RUNNING:
            self._stop_clock(t)
            self.state, self.paused_since = PAUSED, t
        elif kind == RESUME and self.state == PAUSED:
            self.state, self.paused_since, self.segment_start = RUNNING, None, t
        elif kind == NEXT and self.active and self.index is not None:
            if self.index + 1 < self.n:
                self._enter(self.index + 1, t)
            else:
                self._stop_clock(t)
                self.actual_end[self.index] = t
                self.state, self.index, self.finished_at, self.paused_since = FINISHED, None, t, None
        elif kind == PREV and self.state == FINISHED:
            self.state, self.finished_at, self.index = RUNNING, None, self.n - 1
            self.actual_end[self.n - 1], self.segment_start = None, t
        elif kind == PREV and self.active and self.index:
            self._enter(self.index - 1, t)
        elif kind == JUMP and self.active and e.item is not None and 0 <= e.item < self.n:
            self._enter(e.item, t)
        elif kind == EXTEND and self.active and self.index is not None and e.minutes:
            self.extra[self.index] += e.minutes

    @property
    def active(self) -> bool:
        return self.state in (RUNNING, PAUSED)

    def elapsed_at(self, j: int, now: datetime) -> float:
        running = j == self.index and self.segment_start is not None
        return self.elapsed[j] + ((now - self.segment_start).total_seconds() if running else 0.0)  # type: ignore[operator]


def _live(
    agenda: Sequence[AgendaRowLike], events: Sequence[TimerEventLike], now: datetime, override: str | None
) -> TimerView:
    run = _Run(len(agenda))
    for e in events:
        if e.kind in CLOCK_KINDS and e.created_at <= now:
            run.apply(e)
    planned_start = agenda[0].start
    shift = timedelta(0)
    if run.started_at is not None and abs(run.started_at - planned_start) > REHEARSAL_GAP:
        shift = run.started_at - planned_start
    durations = [duration_s(r) + 60 * x for r, x in zip(agenda, run.extra, strict=True)]
    elapsed = [run.elapsed_at(j, now) for j in range(run.n)]
    items = tuple(
        ItemTiming(
            index=j,
            title=r.title,
            kind=r.kind,
            planned_start=r.start + shift,
            planned_end=r.end + shift,
            planned_minutes=round(duration_s(r) / 60),
            extra_minutes=run.extra[j],
            actual_start=run.actual_start[j],
            actual_end=run.actual_end[j],
            elapsed_s=elapsed[j],
            status=_status(run, j),
        )
        for j, r in enumerate(agenda)
    )
    planned_end = agenda[-1].end + shift
    view = replace(
        empty_view("live", override), state=run.state, items=items, planned_start=planned_start + shift,
        planned_end=planned_end, started_at=run.started_at, finished_at=run.finished_at,
        paused_since=run.paused_since,
    )  # fmt: skip
    if run.state == NOT_STARTED:
        total = sum(durations)
        return replace(view, projected_end=max(now, planned_start) + timedelta(seconds=total))
    if run.state == FINISHED:
        assert run.finished_at is not None
        return replace(
            view, kind="after", projected_end=run.finished_at,
            drift_s=(run.finished_at - planned_end).total_seconds(),
        )  # fmt: skip
    i = run.index
    assert i is not None
    left = durations[i] - elapsed[i]
    # Later items are assumed to take what is left of their (possibly extended) time.
    rest = sum(max(0.0, durations[j] - elapsed[j]) for j in range(i + 1, run.n))
    projected = now + timedelta(seconds=max(0.0, left) + rest)
    nxt = i + 1 if i + 1 < run.n else None
    return replace(
        view, index=i, title=agenda[i].title, kind=agenda[i].kind, elapsed_s=elapsed[i], left_s=left,
        duration_s=durations[i], next_index=nxt, next_title=agenda[nxt].title if nxt is not None else "",
        projected_end=projected, drift_s=(projected - planned_end).total_seconds(),
    )  # fmt: skip


def _status(run: _Run, j: int) -> str:
    if run.state == NOT_STARTED:
        return "upcoming"
    if run.state == FINISHED or (run.index is not None and j < run.index):
        return "done" if run.actual_start[j] is not None else "skipped"
    if j == run.index:
        return "current"
    return "upcoming"
