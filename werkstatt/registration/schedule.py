"""The organizer's changes to a workshop's windows: "Anmeldung offen bis …" and closing the live session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from db.locking import lock_row
from db.models.operations import WorkshopSchedule
from werkstatt import audit
from werkstatt.errors import WerkstattError
from werkstatt.series.store import get_workshop


def _schedule(session: Session, workshop_id: int) -> WorkshopSchedule:
    get_workshop(session, workshop_id=workshop_id)
    schedule = lock_row(session, WorkshopSchedule, workshop_id)
    if schedule is None:
        schedule = WorkshopSchedule(workshop_id=workshop_id)
        session.add(schedule)
    return schedule


def set_registration_until(
    session: Session, *, workshop_id: int, until: datetime | None, actor: str, now: datetime
) -> None:
    """Open registration until `until` (also after the planned start, e.g. a late session); None: the default."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="die Anmeldefrist ändern")
    if until is not None and until <= now:
        raise WerkstattError("Das Ende der Anmeldefrist muss in der Zukunft liegen.")
    _schedule(session, workshop_id).registration_until = until
    audit.on_workshop(
        session,
        actor=user,
        action="registration_until",
        workshop_id=workshop_id,
        now=now,
        detail=until.isoformat() if until else "Standard (bis zum Beginn)",
    )


def close_workshop(session: Session, *, workshop_id: int, closed: bool, actor: str, now: datetime) -> None:
    """End the live session now (no more joining), or undo that (joining until the end of the day again)."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="Werkstätten schließen")
    schedule = _schedule(session, workshop_id)
    if closed and schedule.closed_at is not None:
        raise WerkstattError("Diese Werkstatt ist bereits geschlossen.")
    schedule.closed_at = now if closed else None
    audit.on_workshop(
        session, actor=user, action="close_workshop" if closed else "reopen_workshop", workshop_id=workshop_id, now=now
    )
