"""The append-only audit log of staff writes, and the role check every staff service makes.

`authorize` answers "may this account do this?" inside the service (pages check
too, as a second wall); `record` adds one row to the log in the caller's
transaction, so a refused or rolled-back action leaves no row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from db.models import User
from db.models.operations import AuditEvent
from werkstatt.audit.authorize import MODERATOR, ORGANIZER, authorize

__all__ = ["MODERATOR", "ORGANIZER", "authorize", "on_workshop", "record", "staff_write"]

CLI_ACTOR = "kommandozeile"


def record(
    session: Session,
    *,
    actor: User | str,
    action: str,
    object_type: str,
    object_id: object = "",
    now: datetime,
    workshop_id: int | None = None,
    detail: str = "",
) -> AuditEvent:
    """Append one audit row (same transaction as the change it records); `actor` is the authorized account."""
    name, role = (actor.username, actor.role) if isinstance(actor, User) else (actor, "")
    event = AuditEvent(
        created_at=now,
        actor=(name or "").strip()[:64],
        role=role,
        action=action[:64],
        object_type=object_type[:40],
        object_id=str(object_id if object_id is not None else "")[:64],
        workshop_id=workshop_id,
        detail=" ".join((detail or "").split())[:2000],
    )
    session.add(event)
    return event


def on_workshop(
    session: Session, *, actor: User, action: str, workshop_id: int, now: datetime, detail: str = ""
) -> None:
    """Record a change of a workshop as a whole."""
    record(
        session,
        actor=actor,
        action=action,
        object_type="workshop",
        object_id=workshop_id,
        workshop_id=workshop_id,
        now=now,
        detail=detail,
    )


def staff_write(
    session: Session,
    *,
    actor: str,
    needs: str,
    doing: str,
    action: str,
    object_type: str,
    object_id: object = "",
    now: datetime,
    workshop_id: int | None = None,
    detail: str = "",
) -> AuditEvent:
    """Check the role and record the write in one step (for services whose write cannot fail afterwards)."""
    user = authorize(session, actor=actor, needs=needs, doing=doing)
    return record(
        session,
        actor=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        now=now,
        workshop_id=workshop_id,
        detail=detail,
    )
