"""German mails about a registration, the outbox, and SMTP delivery.

Mails are written to the outbox in the same transaction as the registration;
`deliver_pending` sends them later (or right away, best effort). A failed send
stays in the outbox with its error and is retried; the registration is never
touched by delivery."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import OutboxMail, Registration
from werkstatt.mail.compose import build_message

MAX_ATTEMPTS = 8


CLAIM_TIMEOUT = timedelta(minutes=10)


def queue_registration_mail(
    session: Session, *, kind: str, registration: Registration, now: datetime, position: int | None = None
) -> OutboxMail:
    """Put a mail into the outbox (same transaction as the change it reports)."""
    msg = build_message(kind, registration, now=now, position=position)
    row = OutboxMail(
        person_id=registration.person_id,
        workshop_id=registration.workshop_id,
        kind=kind,
        to_address=registration.person.email,
        subject=str(msg["Subject"]),
        message=msg.as_string(),
        status="pending",
        attempts=0,
        last_error="",
        created_at=now,
        next_attempt_at=now,
    )
    session.add(row)
    return row


def resend_join_link(session: Session, *, workshop_id: int, now: datetime) -> int:
    """Queue the access mail again for every confirmed attendee; returns how many."""
    regs = session.scalars(
        select(Registration).where(Registration.workshop_id == workshop_id, Registration.status == "confirmed")
    ).all()
    for reg in regs:
        queue_registration_mail(session, kind="joinlink", registration=reg, now=now)
    return len(regs)


def outbox(session: Session, *, statuses: Sequence[str] = ("pending", "failed", "sent"), limit: int = 500):
    return list(
        session.scalars(
            select(OutboxMail).where(OutboxMail.status.in_(statuses)).order_by(OutboxMail.id.desc()).limit(limit)
        )
    )


def retry_now(session: Session, *, mail_id: int | None = None, now: datetime) -> int:
    """Make failed mails due again (one, or all); the attempt counter restarts."""
    stmt = update(OutboxMail).where(OutboxMail.status == "failed")
    if mail_id is not None:
        stmt = stmt.where(OutboxMail.id == mail_id)
    result = session.execute(stmt.values(status="pending", next_attempt_at=now, attempts=0))
    return result.rowcount or 0
