"""Ausblick: the next steps the moderator records in the conclusion (what, who, until when).

They appear in the report and, once published, on /ergebnisse ("Wie geht es weiter").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.activities import OutlookStep
from werkstatt.accounts.users import require_staff
from werkstatt.errors import NotFound, WerkstattError
from werkstatt.series.store import get_workshop
from werkstatt.text.rules import clean_line

MAX_STEPS = 30


@dataclass(frozen=True)
class Step:
    id: int
    what: str
    who: str
    due: date | None

    @property
    def due_label(self) -> str:
        return self.due.strftime("%d.%m.%Y") if self.due else ""


def add_step(
    session: Session, *, workshop_id: int, what: str, who: str, due: date | None, actor: str, now: datetime
) -> int:
    require_staff(session, actor=actor, action="nächste Schritte festhalten")
    get_workshop(session, workshop_id=workshop_id)
    what = clean_line(what, max_len=300, field="Was")
    who = clean_line(who, max_len=120, field="Wer", required=False)
    if due is not None and due < now.date():
        raise WerkstattError("Das Datum »bis wann« liegt in der Vergangenheit.")
    if len(list_steps(session, workshop_id=workshop_id)) >= MAX_STEPS:
        raise WerkstattError(f"Höchstens {MAX_STEPS} nächste Schritte pro Werkstatt.")
    step = OutlookStep(workshop_id=workshop_id, what=what, who=who, due=due, created_at=now, created_by=actor)
    session.add(step)
    session.flush()
    return step.id


def remove_step(session: Session, *, workshop_id: int, step_id: int, actor: str, now: datetime) -> None:
    require_staff(session, actor=actor, action="nächste Schritte ändern")
    step = session.get(OutlookStep, step_id)
    if step is None or step.workshop_id != workshop_id:
        raise NotFound("Diesen Schritt gibt es nicht (mehr).")
    session.delete(step)


def list_steps(session: Session, *, workshop_id: int) -> list[Step]:
    rows = session.scalars(select(OutlookStep).where(OutlookStep.workshop_id == workshop_id).order_by(OutlookStep.id))
    return [Step(r.id, r.what, r.who, r.due) for r in rows]
