"""The timer's view while nobody started it: the agenda as planned, and the empty view both start from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from werkstatt.session.timer_model import FINISHED, NOT_STARTED, RUNNING, AgendaRowLike, ItemTiming, TimerView


def empty_view(mode: str, override: str | None) -> TimerView:
    return TimerView(
        mode=mode, state=NOT_STARTED, index=None, title="", kind="before", elapsed_s=0, left_s=0,
        duration_s=0, next_index=None, next_title="", drift_s=None, projected_end=None,
        planned_start=None, planned_end=None, started_at=None, finished_at=None, paused_since=None,
        phase_override=override, items=(),
    )  # fmt: skip


def duration_s(row: AgendaRowLike) -> float:
    return (row.end - row.start).total_seconds()


def planned_view(agenda: Sequence[AgendaRowLike], now: datetime, override: str | None) -> TimerView:
    first, last = agenda[0].start, agenda[-1].end
    index = next((i for i, r in enumerate(agenda) if r.start <= now < r.end), None)
    state = NOT_STARTED if now < first else FINISHED if now >= last else RUNNING
    items = tuple(
        ItemTiming(
            index=i,
            title=r.title,
            kind=r.kind,
            planned_start=r.start,
            planned_end=r.end,
            planned_minutes=round(duration_s(r) / 60),
            extra_minutes=0,
            actual_start=r.start if r.start <= now else None,
            actual_end=r.end if r.end <= now else None,
            elapsed_s=max(0.0, min(duration_s(r), (now - r.start).total_seconds())),
            status="done" if r.end <= now else "current" if i == index else "upcoming",
        )
        for i, r in enumerate(agenda)
    )
    view = empty_view("planned", override)
    view = replace(
        view, state=state, planned_start=first, planned_end=last, items=items,
        projected_end=last, drift_s=0.0 if state != NOT_STARTED else None,
        started_at=first if state != NOT_STARTED else None, finished_at=last if state == FINISHED else None,
    )  # fmt: skip
    if index is None:
        return replace(view, kind="before" if state == NOT_STARTED else "after")
    row = agenda[index]
    nxt = index + 1 if index + 1 < len(agenda) else None
    return replace(
        view, index=index, title=row.title, kind=row.kind, duration_s=duration_s(row),
        elapsed_s=(now - row.start).total_seconds(), left_s=(row.end - now).total_seconds(),
        next_index=nxt, next_title=agenda[nxt].title if nxt is not None else "",
    )  # fmt: skip
