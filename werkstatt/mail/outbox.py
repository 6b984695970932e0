"""The outbox: mails are queued in the transaction of the change they report and sent later.

Mails are written to the outbox in the same transaction as the registration;
the delivery worker (werkstatt/mail/worker.py) sends them within seconds. A failed
send stays in the outbox with its error and is retried; the registration is never
touched by delivery. The stored message is a preview; the worker composes the mail
again at send time so that links use the base URL configured then.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import OutboxMail, Registration
from werkstatt import audit
from werkstatt.mail.compose import WITH_ACCESS, build_message, free_text_message
from werkstatt.mail.settings import base_url
from werkstatt.registration.access import my_link
from werkstatt.registration.queries import waitlist_position
from werkstatt.session.personal_link import personal_link

MAX_ATTEMPTS = 8
CLAIM_TIMEOUT = timedelta(minutes=10)
FREE_TEXT = "message"


def add_pending(
    session: Session,
    *,
    person_id: int | None,
    workshop_id: int | None,
    kind: str,
    to_address: str,
    msg: EmailMessage,
    now: datetime,
    body: str = "",
) -> OutboxMail:
    """One mail waiting for the delivery worker (werkstatt/mail/worker.py), due now."""
    row = OutboxMail(
        person_id=person_id,
        workshop_id=workshop_id,
        kind=kind,
        to_address=to_address,
        subject=str(msg["Subject"]),
        message=msg.as_string(),
        body=body,
        status="pending",
        attempts=0,
        last_error="",
        created_at=now,
        next_attempt_at=now,
    )
    session.add(row)
    return row


def _add(
    session: Session, *, reg: Registration, kind: str, msg: EmailMessage, now: datetime, body: str = ""
) -> OutboxMail:
    return add_pending(
        session, person_id=reg.person_id, workshop_id=reg.workshop_id, kind=kind, to_address=reg.person.email,
        msg=msg, now=now, body=body,
    )  # fmt: skip


def personal_join_link(session: Session, *, kind: str, reg: Registration, base: str) -> str:
    """The person's own join link for a mail that gives access; empty unless the seat is confirmed."""
    if kind not in WITH_ACCESS or reg.status != "confirmed":
        return ""
    return personal_link(session, registration_id=reg.id, base_url=base)


def queue_registration_mail(
    session: Session, *, kind: str, registration: Registration, now: datetime, position: int | None = None
) -> OutboxMail:
    """Put a mail into the outbox (same transaction as the change it reports)."""
    base = base_url()
    link = my_link(session, person_id=registration.person_id, base=base, now=now)
    personal = personal_join_link(session, kind=kind, reg=registration, base=base)
    msg = build_message(kind, registration, now=now, position=position, base=base, my_link=link, personal=personal)
    return _add(session, reg=registration, kind=kind, msg=msg, now=now)


def queue_free_text(
    session: Session, *, registration: Registration, subject: str, body: str, now: datetime
) -> OutboxMail:
    link = my_link(session, person_id=registration.person_id, base=base_url(), now=now)
    msg = free_text_message(subject=subject, body=body, reg=registration, now=now, my_link=link)
    return _add(session, reg=registration, kind=FREE_TEXT, msg=msg, now=now, body=body)


def render_for_send(session: Session, row: OutboxMail, *, base: str, now: datetime) -> EmailMessage | None:
    """The mail as it goes out now; None when it cannot be composed again (then the stored one is sent)."""
    if row.person_id is None or row.workshop_id is None:
        return None
    reg = session.scalar(
        select(Registration).where(Registration.person_id == row.person_id, Registration.workshop_id == row.workshop_id)
    )
    if reg is None:
        return None
    link = my_link(session, person_id=reg.person_id, base=base, now=now)
    if row.kind == FREE_TEXT:
        return free_text_message(subject=row.subject, body=row.body, reg=reg, now=now, base=base, my_link=link)
    position = waitlist_position(session, reg) if row.kind == "waitlisted" else None
    if row.kind == "waitlisted" and position is None:
        return None  # promoted or cancelled meanwhile: the stored text (with its position then) goes out
    personal = personal_join_link(session, kind=row.kind, reg=reg, base=base)
    return build_message(row.kind, reg, now=now, base=base, position=position, my_link=link, personal=personal)


def resend_join_link(session: Session, *, workshop_id: int, actor: str, now: datetime) -> int:
    """Queue the access mail again for every confirmed attendee; returns how many."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="E-Mails versenden")
    regs = session.scalars(
        select(Registration).where(Registration.workshop_id == workshop_id, Registration.status == "confirmed")
    ).all()
    for reg in regs:
        queue_registration_mail(session, kind="joinlink", registration=reg, now=now)
    audit.on_workshop(
        session, actor=user, action="resend_join_link", workshop_id=workshop_id, now=now, detail=f"{len(regs)} E-Mails"
    )
    return len(regs)


def outbox(
    session: Session,
    *,
    statuses: Sequence[str] = ("pending", "failed", "sent"),
    workshop_id: int | None = None,
    limit: int = 500,
) -> list[OutboxMail]:
    stmt = select(OutboxMail).where(OutboxMail.status.in_(statuses))
    if workshop_id is not None:
        stmt = stmt.where(OutboxMail.workshop_id == workshop_id)
    return list(session.scalars(stmt.order_by(OutboxMail.id.desc()).limit(limit)))


def retry_now(session: Session, *, actor: str, now: datetime, mail_id: int | None = None) -> int:
    """Make failed mails due again (one, or all); the attempt counter restarts."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="E-Mails erneut senden")
    stmt = update(OutboxMail).where(OutboxMail.status == "failed")
    if mail_id is not None:
        stmt = stmt.where(OutboxMail.id == mail_id)
    result = session.execute(stmt.values(status="pending", next_attempt_at=now, attempts=0))
    count = int(getattr(result, "rowcount", 0) or 0)
    audit.record(
        session,
        actor=user,
        action="retry_mail",
        object_type="outbox_mail",
        object_id=mail_id or "",
        now=now,
        detail=f"{count} E-Mails",
    )
    return int(count)
