"""When a workshop takes registrations, cancellations and joins (pure rules plus the stored schedule).

Defaults: registration is open until the workshop starts; a participant's own
cancellation closes at the start; joining the live session opens 30 minutes
before the start and stays possible until the organizer closes the workshop,
by default until the end of its day (in the series' time zone). A moderator
running the session on another day (timer events that day) keeps joining open
until the end of that day, so a postponed session still works.

The bundled Bottrop dates lie in 2021: with the wall clock they are past. The
organizer's explicit "Anmeldung offen bis …" reopens registration for a demo or
a late session; nothing else moves the dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import TimerEvent, Workshop
from db.models.operations import WorkshopSchedule
from db.models.registration import WorkshopTally
from werkstatt.clock import fmt_date_long, fmt_time
from werkstatt.errors import WerkstattError

JOIN_EARLY = timedelta(minutes=30)


class WindowClosed(WerkstattError):
    pass


@dataclass(frozen=True)
class Window:
    """A workshop's windows at one instant, with the German reason when closed."""

    workshop_id: int
    registration_open: bool
    registration_reason: str
    cancel_open: bool
    join_open: bool
    join_reason: str
    past: bool
    purged_at: datetime | None


def series_zone(workshop: Workshop) -> ZoneInfo:
    return ZoneInfo(workshop.series.timezone or "Europe/Berlin")


def end_of_local_day(moment: datetime, tz: ZoneInfo) -> datetime:
    local = moment.astimezone(tz)
    return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=tz)


def _when(moment: datetime, tz: ZoneInfo) -> str:
    return f"{fmt_date_long(moment, tz)}, {fmt_time(moment, tz)} Uhr"


def compute_window(
    workshop: Workshop,
    schedule: WorkshopSchedule | None,
    *,
    now: datetime,
    last_timer_event_at: datetime | None = None,
    purged_at: datetime | None = None,
) -> Window:
    """The pure rule (no database): every date comes in as an argument."""
    tz = series_zone(workshop)
    opens = schedule.registration_opens_at if schedule else None
    closes = (schedule.registration_closes_at if schedule else None) or workshop.starts_at
    override = schedule.registration_until if schedule else None
    if override is not None:
        opens, closes = None, override
    if purged_at is not None:
        reg_open, reg_reason = False, "Die Werkstatt ist vorbei; die Anmeldedaten wurden bereits gelöscht."
    elif opens is not None and now < opens:
        reg_open, reg_reason = False, f"Die Anmeldung für die {workshop.label} beginnt am {_when(opens, tz)}."
    elif now >= closes:
        past = now >= workshop.ends_at
        reg_open = False
        reg_reason = (
            f"Die {workshop.label} hat bereits stattgefunden; eine Anmeldung ist nicht mehr möglich."
            if past and override is None
            else f"Die Anmeldung für die {workshop.label} ist seit {_when(closes, tz)} geschlossen."
        )
    else:
        reg_open, reg_reason = True, ""
    closed_at = schedule.closed_at if schedule else None
    join_until = closed_at or max(
        end_of_local_day(workshop.starts_at, tz),
        end_of_local_day(last_timer_event_at, tz) if last_timer_event_at else workshop.starts_at,
    )
    started_live = last_timer_event_at is not None and end_of_local_day(last_timer_event_at, tz) > now
    if now >= join_until:
        join_open, join_reason = False, f"Die {workshop.label} ist beendet; Mitmachen ist nicht mehr möglich."
    elif now < workshop.starts_at - JOIN_EARLY and not started_live:
        join_open = False
        join_reason = (
            f"Die {workshop.label} beginnt am {_when(workshop.starts_at, tz)}. "
            "Mitmachen ist ab 30 Minuten vor Beginn möglich."
        )
    else:
        join_open, join_reason = True, ""
    return Window(
        workshop_id=workshop.id,
        registration_open=reg_open,
        registration_reason=reg_reason,
        cancel_open=now < workshop.starts_at and purged_at is None,
        join_open=join_open,
        join_reason=join_reason,
        past=now >= workshop.ends_at,
        purged_at=purged_at,
    )


def schedule_of(session: Session, workshop_id: int) -> WorkshopSchedule | None:
    return session.get(WorkshopSchedule, workshop_id)


def window(session: Session, *, workshop: Workshop, now: datetime) -> Window:
    """The window of one workshop from what is stored."""
    last_event = session.scalar(select(func.max(TimerEvent.created_at)).where(TimerEvent.workshop_id == workshop.id))
    tally = session.get(WorkshopTally, workshop.id)
    return compute_window(
        workshop,
        schedule_of(session, workshop.id),
        now=now,
        last_timer_event_at=last_event,
        purged_at=tally.purged_at if tally else None,
    )


def windows(session: Session, *, workshops: list[Workshop], now: datetime) -> dict[int, Window]:
    return {w.id: window(session, workshop=w, now=now) for w in workshops}


def require_registration_open(session: Session, *, workshop: Workshop, now: datetime) -> None:
    state = window(session, workshop=workshop, now=now)
    if not state.registration_open:
        raise WindowClosed(state.registration_reason)


def require_not_over(workshop: Workshop, *, now: datetime) -> None:
    """Organizer changes to the people of a workshop are possible until it ends."""
    if now >= workshop.ends_at:
        raise WindowClosed(f"Die {workshop.label} ist vorbei; Anmeldungen lassen sich nicht mehr ändern.")


def require_cancel_open(workshop: Workshop, *, now: datetime) -> None:
    if now >= workshop.starts_at:
        raise WindowClosed(
            f"Die {workshop.label} hat bereits begonnen; eine Abmeldung über den Link ist nicht mehr möglich. "
            "Bitte wenden Sie sich an die Veranstalter."
        )


def require_join_open(session: Session, *, workshop: Workshop, now: datetime) -> None:
    state = window(session, workshop=workshop, now=now)
    if not state.join_open:
        raise WindowClosed(state.join_reason)


def apply_file_schedule(
    session: Session,
    *,
    workshop_id: int,
    opens_at: datetime | None,
    closes_at: datetime | None,
    reminder_minutes: tuple[int, ...] | None = None,
) -> bool:
    """Store the window and reminders from the series file; returns whether they changed.

    The organizer's "Anmeldung offen bis …" and closing stay untouched, and so do reminder times set
    on /organisation while the file names none (every start loads the file again)."""
    schedule = session.get(WorkshopSchedule, workshop_id)
    if schedule is None:
        schedule = WorkshopSchedule(workshop_id=workshop_id)
        session.add(schedule)
    reminders = list(reminder_minutes) if reminder_minutes is not None else schedule.reminder_minutes
    wanted = (opens_at, closes_at, reminders)
    changed = (schedule.registration_opens_at, schedule.registration_closes_at, schedule.reminder_minutes) != wanted
    schedule.registration_opens_at, schedule.registration_closes_at, schedule.reminder_minutes = wanted
    return changed
