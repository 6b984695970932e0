"""The organizer's reminder times per workshop (/organisation), and which reminders are already done.

Stored in `WorkshopSchedule.reminder_minutes`: None is the default (1 day and 1 hour
before), [] sends none. `queue_due_reminders` (werkstatt/mail/reminders.py) reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.locking import lock_row
from db.models import Registration
from db.models.operations import ReminderSent, WorkshopSchedule
from werkstatt import audit
from werkstatt.errors import WerkstattError
from werkstatt.mail.reminders import DEFAULT_REMINDERS
from werkstatt.series.store import get_workshop

MAX_REMINDERS = 3
LONGEST = 30 * 24 * 60  # a month before the start
# The times offered on /organisation (minutes before the start), longest first.
NO_REMINDER = 0  # the form's "Keine Erinnerung"
OFFERED = (14 * 24 * 60, 7 * 24 * 60, 3 * 24 * 60, 2 * 24 * 60, 24 * 60, 3 * 60, 2 * 60, 60, 30)


class ReminderError(WerkstattError):
    pass


@dataclass(frozen=True)
class ReminderDone:
    minutes: int
    registrations: int  # how many registrations it was done for (mailed, or passed over as overtaken)
    last_at: datetime


def offset_label(minutes: int) -> str:
    """'1 Tag vorher', '3 Stunden vorher', '30 Minuten vorher'."""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append("1 Tag" if days == 1 else f"{days} Tage")
    if hours:
        parts.append("1 Stunde" if hours == 1 else f"{hours} Stunden")
    if mins or not parts:
        parts.append("1 Minute" if mins == 1 else f"{mins} Minuten")
    return " ".join(parts) + " vorher"


def describe(minutes: list[int] | None) -> str:
    """The stored setting in words, for the form and the audit log."""
    if minutes is None:
        return "Standard: " + ", ".join(offset_label(m) for m in DEFAULT_REMINDERS)
    if not minutes:
        return "keine Erinnerung"
    return ", ".join(offset_label(m) for m in sorted(minutes, reverse=True))


def check_minutes(minutes: list[int]) -> list[int]:
    """The times sorted longest first, or a German refusal that says what is wrong."""
    if any(m <= 0 for m in minutes):
        raise ReminderError("Eine Erinnerung muss vor dem Beginn liegen (mindestens 1 Minute vorher).")
    if any(m > LONGEST for m in minutes):
        raise ReminderError("Eine Erinnerung kann höchstens 30 Tage vor dem Beginn liegen.")
    if len(set(minutes)) != len(minutes):
        raise ReminderError("Jede Erinnerungszeit bitte nur einmal wählen.")
    if len(minutes) > MAX_REMINDERS:
        raise ReminderError(f"Höchstens {MAX_REMINDERS} Erinnerungen je Werkstatt.")
    return sorted(minutes, reverse=True)


def choice_to_minutes(choice: list[int]) -> list[int]:
    """The form's choice (minutes, NO_REMINDER for "Keine Erinnerung") as stored times."""
    if NO_REMINDER in choice:
        if len(choice) > 1:
            raise ReminderError("„Keine Erinnerung“ bitte nicht zusammen mit Erinnerungszeiten wählen.")
        return []
    if not choice:
        raise ReminderError("Bitte mindestens eine Erinnerungszeit wählen – oder „Keine Erinnerung“.")
    return list(choice)


def set_reminder_times(
    session: Session, *, workshop_id: int, minutes: list[int] | None, actor: str, now: datetime
) -> list[int] | None:
    """Set when reminders go out: minutes before the start, [] for none, None for the default."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="Erinnerungszeiten ändern")
    workshop = get_workshop(session, workshop_id=workshop_id)
    if now >= workshop.starts_at:
        raise ReminderError(
            f"Die {workshop.label} hat bereits begonnen; die Erinnerungszeiten lassen sich nicht mehr ändern."
        )
    wanted = None if minutes is None else check_minutes(list(minutes))
    schedule = lock_row(session, WorkshopSchedule, workshop_id)
    if schedule is None:
        schedule = WorkshopSchedule(workshop_id=workshop_id)
        session.add(schedule)
    schedule.reminder_minutes = wanted
    detail = describe(wanted)
    audit.on_workshop(session, actor=user, action="reminders", workshop_id=workshop_id, now=now, detail=detail)
    return wanted


def reminders_done(session: Session, *, workshop_id: int) -> list[ReminderDone]:
    """Per reminder time: for how many registrations it is done, and when last; longest first."""
    rows = session.execute(
        select(ReminderSent.minutes_before, func.count(), func.max(ReminderSent.queued_at))
        .join(Registration, Registration.id == ReminderSent.registration_id)
        .where(Registration.workshop_id == workshop_id)
        .group_by(ReminderSent.minutes_before)
        .order_by(ReminderSent.minutes_before.desc())
    ).all()
    return [ReminderDone(int(m), int(n), last) for m, n, last in rows]
