"""The timer's vocabulary: event kinds, states, limits and the view it computes.

Split from werkstatt/session/timer.py so the replay reads on its own; pure data,
no logic beyond the view's own properties (docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from db.vocabulary import PhaseOverride, TimerEventKind

# Event kinds. "mode" and "phase" are settings, the rest drive the clock.
START, PAUSE, RESUME, NEXT, PREV, EXTEND, JUMP, RESET = (
    TimerEventKind.START,
    TimerEventKind.PAUSE,
    TimerEventKind.RESUME,
    TimerEventKind.NEXT,
    TimerEventKind.PREV,
    TimerEventKind.EXTEND,
    TimerEventKind.JUMP,
    TimerEventKind.RESET,
)
MODE, PHASE = TimerEventKind.MODE, TimerEventKind.PHASE
CLOCK_KINDS = frozenset({START, PAUSE, RESUME, NEXT, PREV, EXTEND, JUMP, RESET})
EVENT_KINDS = CLOCK_KINDS | {MODE, PHASE}
MODES = {"live": "Live (Moderation steuert)", "planned": "Wie geplant (folgt der Uhr)"}
PHASE_OVERRIDES = tuple(PhaseOverride)
MAX_EXTEND_MINUTES = 60

NOT_STARTED, RUNNING, PAUSED, FINISHED = "not_started", "running", "paused", "finished"
STATE_LABELS = {NOT_STARTED: "Noch nicht begonnen", RUNNING: "Läuft", PAUSED: "Pausiert", FINISHED: "Beendet"}

# A start this far from the planned start is a rehearsal: the plan is shifted to it
# so drift means "behind our own schedule", not "days after the workshop date".
REHEARSAL_GAP = timedelta(hours=3)
WARN_FRACTION, CRITICAL_FRACTION = 0.20, 0.05


class AgendaRowLike(Protocol):
    # read-only properties so frozen dataclasses (series.programme.AgendaRow) match too
    @property
    def start(self) -> datetime: ...
    @property
    def end(self) -> datetime: ...
    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...


class TimerEventLike(Protocol):
    seq: int
    kind: str
    created_at: datetime
    minutes: int | None
    item: int | None
    value: str | None


@dataclass(frozen=True)
class ItemTiming:
    index: int
    title: str
    kind: str
    planned_start: datetime
    planned_end: datetime
    planned_minutes: int
    extra_minutes: int
    actual_start: datetime | None
    actual_end: datetime | None
    elapsed_s: float
    status: str  # "done", "current", "upcoming", "skipped"


@dataclass(frozen=True)
class TimerView:
    mode: str
    state: str
    index: int | None  # current item, None before start and after the end
    title: str
    kind: str
    elapsed_s: float
    left_s: float  # negative = overrun
    duration_s: float
    next_index: int | None
    next_title: str
    drift_s: float | None  # + behind plan, - ahead; None when it means nothing yet
    projected_end: datetime | None
    planned_start: datetime | None
    planned_end: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    paused_since: datetime | None
    phase_override: str | None
    items: tuple[ItemTiming, ...]

    @property
    def active(self) -> bool:
        return self.state in (RUNNING, PAUSED)

    @property
    def fraction_left(self) -> float:
        return self.left_s / self.duration_s if self.duration_s > 0 else 0.0

    @property
    def stage(self) -> str:
        """Colour stage of the countdown: normal, warn (<=20 % left), critical (<=5 %), overrun."""
        if not self.active:
            return "normal"
        if self.left_s < 0:
            return "overrun"
        if self.fraction_left <= CRITICAL_FRACTION:
            return "critical"
        if self.fraction_left <= WARN_FRACTION:
            return "warn"
        return "normal"

    @property
    def overrun(self) -> bool:
        return self.active and self.left_s < 0
