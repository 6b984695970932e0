"""Reminder mails before a workshop (default 1 day and 1 hour before), once per person and reminder.

`queue_due_reminders` may run in every server process at once: each reminder is
claimed by inserting a `reminder_sent` row whose unique key (registration,
minutes before) lets exactly one process win (ON CONFLICT DO NOTHING); only the
winner queues the mail, in the same transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from db.models import Registration, Workshop
from db.models.operations import ReminderSent, WorkshopSchedule
from werkstatt.mail.outbox import queue_registration_mail

DEFAULT_REMINDERS = (24 * 60, 60)  # minutes before the start


def reminder_minutes(schedule: WorkshopSchedule | None) -> tuple[int, ...]:
    if schedule is None or schedule.reminder_minutes is None:
        return DEFAULT_REMINDERS
    return tuple(sorted({int(m) for m in schedule.reminder_minutes if int(m) > 0}, reverse=True))


def _claim(session: Session, registration_id: int, minutes: int, now: datetime) -> bool:
    """Insert the once-only row; True when this caller inserted it."""
    values = {"registration_id": registration_id, "minutes_before": minutes, "queued_at": now}
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(ReminderSent).values(**values).on_conflict_do_nothing().returning(ReminderSent.id)
    return session.scalar(stmt) is not None


def queue_due_reminders(session: Session, *, now: datetime) -> int:
    """Queue every reminder that is due now; returns how many mails were queued."""
    upcoming = session.scalars(select(Workshop).where(Workshop.starts_at > now)).all()
    queued = 0
    for workshop in upcoming:
        offsets = reminder_minutes(session.get(WorkshopSchedule, workshop.id))
        due = [m for m in offsets if now >= workshop.starts_at - timedelta(minutes=m)]
        if not due:
            continue
        nearest = min(due)  # only the latest due reminder is mailed; earlier missed ones are marked done
        moment = workshop.starts_at - timedelta(minutes=nearest)
        regs = session.scalars(
            select(Registration)
            .where(Registration.workshop_id == workshop.id, Registration.status == "confirmed")
            .options(selectinload(Registration.person))
        ).all()
        for reg in regs:
            won = [m for m in due if _claim(session, reg.id, m, now)]
            fresh = reg.confirmed_at is not None and reg.confirmed_at > moment  # just got the confirmation
            if nearest in won and not fresh:
                queue_registration_mail(session, kind="reminder", registration=reg, now=now)
                queued += 1
    session.flush()
    return queued
