"""Reminders 1 day and 1 hour before, with a fake clock: once per person and reminder, also with two processes."""

from __future__ import annotations

import email
import threading
import tomllib
from datetime import UTC, datetime, timedelta
from email import policy

from sqlalchemy import select

from db.models import OutboxMail
from werkstatt.mail.reminders import queue_due_reminders
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.services import register
from werkstatt.series.file import BUNDLED_SERIES, parse_series
from werkstatt.series.store import get_workshop, store_series

START_1 = datetime(2021, 6, 30, 8, 0, tzinfo=UTC)
START_2 = datetime(2021, 9, 14, 8, 0, tzinfo=UTC)


def fill(session_factory, workshop_id: int, n: int) -> None:
    with session_factory.begin() as s:
        for i in range(n):
            applicant = Applicant(f"V{i}", f"N{i}", f"p{i}@beispiel.de", privacy_consent=True)
            register(s, applicant=applicant, workshop_ids=[workshop_id], now=datetime(2021, 6, 1, tzinfo=UTC))


def reminders(session_factory) -> list[OutboxMail]:
    with session_factory() as s:
        return list(s.scalars(select(OutboxMail).where(OutboxMail.kind == "reminder").order_by(OutboxMail.id)))


def run(session_factory, now: datetime) -> int:
    with session_factory.begin() as s:
        return queue_due_reminders(s, now=now)


def test_one_day_and_one_hour_before_each_once(session_factory, bottrop) -> None:
    fill(session_factory, bottrop[1], 3)
    assert run(session_factory, START_1 - timedelta(hours=25)) == 0
    assert run(session_factory, START_1 - timedelta(hours=23)) == 3
    assert run(session_factory, START_1 - timedelta(hours=22)) == 0  # not again
    assert run(session_factory, START_1 - timedelta(minutes=50)) == 3
    assert run(session_factory, START_1 - timedelta(minutes=10)) == 0
    assert run(session_factory, START_1 + timedelta(minutes=10)) == 0  # started: no reminders
    sent = reminders(session_factory)
    assert len(sent) == 6 and len({m.to_address for m in sent}) == 3
    msg = email.message_from_string(sent[-1].message, policy=policy.default)
    body = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    with session_factory() as s:
        code = get_workshop(s, workshop_id=bottrop[1]).join_code
    assert msg["Subject"].startswith("Erinnerung: Werkstatt 1")
    assert "beginnt in einer Stunde" in body and "/mitmachen?ticket=" in body  # the personal link
    assert f"Gäste ohne Anmeldung treten mit dem Code der Werkstatt bei: {code}" in body
    assert [p.get_content_type() for p in msg.iter_attachments()] == ["text/calendar"]
    first = email.message_from_string(sent[0].message, policy=policy.default)
    assert "beginnt morgen" in first.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_a_late_start_sends_only_the_nearest_reminder(session_factory, bottrop) -> None:
    fill(session_factory, bottrop[1], 2)
    assert run(session_factory, START_1 - timedelta(minutes=30)) == 2  # the day-before one was missed: not sent late
    assert run(session_factory, START_1 - timedelta(minutes=20)) == 0


def test_two_processes_at_the_same_moment_send_each_reminder_once(session_factory, bottrop) -> None:
    fill(session_factory, bottrop[2], 12)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def process() -> None:
        try:
            barrier.wait()
            run(session_factory, START_2 - timedelta(minutes=40))
        except BaseException as err:  # collected: a thread's exception must fail the test
            errors.append(err)

    threads = [threading.Thread(target=process) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(m.to_address for m in reminders(session_factory)) == sorted(f"p{i}@beispiel.de" for i in range(12))


def test_reminder_times_come_from_the_series_file(session_factory) -> None:
    raw = tomllib.loads(BUNDLED_SERIES.read_text(encoding="utf-8"))
    raw["workshops"][0]["reminder_minutes"] = [180]
    with session_factory.begin() as s:
        series, _ = store_series(s, spec=parse_series(raw))
        wid = next(w.id for w in series.workshops if w.number == 1)
    fill(session_factory, wid, 1)
    assert run(session_factory, START_1 - timedelta(hours=23)) == 0  # no day-before reminder configured
    assert run(session_factory, START_1 - timedelta(hours=2)) == 1
