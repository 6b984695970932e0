"""The organizer sets reminder times per workshop: checked, audited, used by the reminder run, kept across reloads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.models.operations import AuditEvent, WorkshopSchedule
from tests.db.test_reminders import START_1, fill, reminders, run
from werkstatt.accounts.users import add_user
from werkstatt.errors import PermissionDenied, WerkstattError
from werkstatt.mail.reminder_settings import (
    NO_REMINDER,
    choice_to_minutes,
    reminders_done,
    set_reminder_times,
)
from werkstatt.series.file import BUNDLED_SERIES, parse_series_file
from werkstatt.series.store import store_series

BEFORE = datetime(2021, 6, 1, tzinfo=UTC)


@pytest.fixture
def staff(session_factory, bottrop) -> dict[int, int]:
    with session_factory.begin() as s:
        add_user(s, username="orga", role="organizer", password="orga-passwort-1")
        add_user(s, username="mod", role="moderator", password="mod-passwort-1")
    return bottrop


def stored(session_factory, wid: int) -> list[int] | None:
    with session_factory() as s:
        schedule = s.get(WorkshopSchedule, wid)
        return schedule.reminder_minutes if schedule else None


def audit_count(session_factory) -> int:
    with session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def set_times(session_factory, wid: int, minutes, *, actor: str = "orga", now: datetime = BEFORE):
    with session_factory.begin() as s:
        return set_reminder_times(s, workshop_id=wid, minutes=minutes, actor=actor, now=now)


def test_organizer_sets_times_that_the_reminder_run_uses(session_factory, staff) -> None:
    wid = staff[1]
    assert set_times(session_factory, wid, [60, 3 * 24 * 60]) == [3 * 24 * 60, 60]
    with session_factory() as s:
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None and (event.actor, event.action, event.workshop_id) == ("orga", "reminders", wid)
    assert event.detail == "3 Tage vorher, 1 Stunde vorher"
    fill(session_factory, wid, 2)
    assert run(session_factory, START_1 - timedelta(days=3, minutes=-1)) == 2  # three days before
    assert run(session_factory, START_1 - timedelta(hours=23)) == 0  # no day-before reminder any more
    assert run(session_factory, START_1 - timedelta(minutes=59)) == 2
    with session_factory() as s:
        done = reminders_done(s, workshop_id=wid)
    assert [(d.minutes, d.registrations) for d in done] == [(3 * 24 * 60, 2), (60, 2)]
    assert len(reminders(session_factory)) == 4


def test_no_reminder_and_back_to_the_default(session_factory, staff) -> None:
    wid = staff[1]
    assert set_times(session_factory, wid, choice_to_minutes([NO_REMINDER])) == []
    fill(session_factory, wid, 1)
    assert run(session_factory, START_1 - timedelta(hours=23)) == 0
    assert set_times(session_factory, wid, None) is None
    assert run(session_factory, START_1 - timedelta(minutes=50)) == 1  # the default: one hour before


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ([-60], "vor dem Beginn liegen"),
        ([0], "vor dem Beginn liegen"),
        ([60, 60], "nur einmal"),
        ([30, 60, 120, 180], "Höchstens 3 Erinnerungen"),
        ([31 * 24 * 60], "höchstens 30 Tage"),
    ],
)
def test_bad_times_are_refused_in_german_and_nothing_changes(session_factory, staff, minutes, message) -> None:
    wid = staff[1]
    set_times(session_factory, wid, [120])
    before = audit_count(session_factory)
    with pytest.raises(WerkstattError, match=message):
        set_times(session_factory, wid, minutes)
    assert stored(session_factory, wid) == [120] and audit_count(session_factory) == before


def test_refused_after_the_start_for_moderators_and_for_a_contradicting_choice(session_factory, staff) -> None:
    wid = staff[1]
    with pytest.raises(WerkstattError, match="hat bereits begonnen"):
        set_times(session_factory, wid, [60], now=START_1 + timedelta(minutes=1))
    with pytest.raises(PermissionDenied, match="Nur die Organisation darf Erinnerungszeiten ändern"):
        set_times(session_factory, wid, [60], actor="mod")
    with pytest.raises(WerkstattError, match="nicht zusammen"):
        choice_to_minutes([NO_REMINDER, 60])
    with pytest.raises(WerkstattError, match="mindestens eine"):
        choice_to_minutes([])
    assert stored(session_factory, wid) is None and audit_count(session_factory) == 0


def test_reloading_the_series_file_keeps_the_organizers_times(session_factory, staff) -> None:
    wid = staff[1]
    set_times(session_factory, wid, [2 * 24 * 60])
    with session_factory.begin() as s:
        store_series(s, spec=parse_series_file(BUNDLED_SERIES))  # every app start does this
    assert stored(session_factory, wid) == [2 * 24 * 60]
