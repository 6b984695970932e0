"""The public programme as plain rows: what the invitation shows, computed from the DB models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from db.models import Workshop
from werkstatt.clock import fmt_time
from werkstatt.series.file import AGENDA_KINDS


@dataclass(frozen=True)
class AgendaRow:
    position: int
    start: datetime
    end: datetime
    kind: str
    title: str

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def kind_label(self) -> str:
        return AGENDA_KINDS.get(self.kind, self.kind)


def agenda_rows(workshop: Workshop) -> list[AgendaRow]:
    """Each item ends where the next begins; the last ends with the workshop."""
    items = sorted(workshop.agenda, key=lambda a: a.position)
    ends = [a.planned_start for a in items[1:]] + [workshop.ends_at]
    return [
        AgendaRow(position=a.position, start=a.planned_start, end=end, kind=a.kind, title=a.title)
        for a, end in zip(items, ends, strict=True)
    ]


def agenda_table(workshop: Workshop, tz: ZoneInfo) -> list[dict[str, str]]:
    return [
        {"Uhrzeit": fmt_time(r.start, tz), "Programmpunkt": r.title, "Dauer": f"{r.minutes} min"}
        for r in agenda_rows(workshop)
    ]
