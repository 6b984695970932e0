"""The delivery worker sends mail by itself, shares the outbox between processes, and composes at send time."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from db.models import OutboxMail, Registration
from werkstatt.accounts.users import add_user
from werkstatt.mail.delivery import claim_due, deliver_pending
from werkstatt.mail.worker import start_delivery_worker, wake
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.csv_io import import_registrations
from werkstatt.registration.services import register
from werkstatt.registration.staff import move_registration, set_capacity

NOW = datetime(2021, 6, 1, 9, 0, tzinfo=UTC)


def person(i: int | str) -> Applicant:
    return Applicant(first_name=f"Vor{i}", last_name=f"Nach{i}", email=f"p{i}@beispiel.de", privacy_consent=True)


@pytest.fixture
def worker(session_factory, bottrop, smtp_sink):
    sink, settings = smtp_sink
    with session_factory.begin() as s:
        add_user(s, username="orga", role="organizer", password="orga-passwort-1")
    stop = start_delivery_worker(session_factory, settings, interval=0.5)
    yield sink
    stop()


def test_manual_registration_import_promotion_and_move_each_arrive_without_another_request(
    session_factory, bottrop, worker
) -> None:
    sink = worker
    with session_factory.begin() as s:  # a registration by hand
        register(s, applicant=person("hand"), workshop_ids=[bottrop[1]], now=NOW, source="organizer", actor="orga")
    sink.wait_for(lambda ms: len(sink.to("phand@beispiel.de")) == 1)

    csv = "Vorname;Nachname;E-Mail;Werkstatt\nIda;Import;ida@beispiel.de;2\n"
    with session_factory.begin() as s:  # a CSV import
        import_registrations(s, text=csv, workshops_by_number=bottrop, actor="orga", now=NOW)
    sink.wait_for(lambda ms: len(sink.to("ida@beispiel.de")) == 1)

    with session_factory.begin() as s:  # workshop 3 full, one waits; raising the capacity promotes
        for i in range(21):
            register(s, applicant=person(i), workshop_ids=[bottrop[3]], now=NOW)
    sink.wait_for(lambda ms: len(ms) == 23)
    with session_factory.begin() as s:
        set_capacity(s, workshop_id=bottrop[3], capacity=21, actor="orga", now=NOW)
    promoted = sink.wait_for(lambda ms: any("Platz frei" in str(m["Subject"]) for m in sink.to("p20@beispiel.de")))
    assert len(promoted) == 24

    with session_factory.begin() as s:  # a move: the moved person hears of the new workshop
        reg = s.scalar(select(Registration).where(Registration.workshop_id == bottrop[1]))
        move_registration(s, registration_id=reg.id, to_workshop_id=bottrop[2], actor="orga", now=NOW)
    sink.wait_for(lambda ms: any("Werkstatt 2" in str(m["Subject"]) for m in sink.to("phand@beispiel.de")))
    # The sink has the mail a moment before the worker's transaction marks its row sent: wait for that state.
    deadline = time.monotonic() + 15
    while True:
        with session_factory() as s:
            unsent = s.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.status != "sent"))
        if unsent == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert unsent == 0


def test_links_and_base_url_come_from_send_time_and_uid_never_depends_on_it(
    session_factory,
    bottrop,
    smtp_sink,
    monkeypatch,
) -> None:
    sink, settings = smtp_sink
    monkeypatch.delenv("WERKSTATT_BASE_URL", raising=False)
    with session_factory.begin() as s:  # queued while the base URL was not yet configured
        register(s, applicant=person(1), workshop_ids=[bottrop[1]], now=NOW)
    with session_factory() as s:
        assert "http://localhost:8501/mitmachen" in s.scalar(select(OutboxMail.message))
    monkeypatch.setenv("WERKSTATT_BASE_URL", "https://werkstatt.bottrop.de")
    deliver_pending(session_factory, smtp_settings=settings, now=NOW)
    [msg] = sink.messages
    body = msg.get_body(("plain",)).get_content()
    assert "https://werkstatt.bottrop.de/mitmachen?ticket=" in body and "localhost" not in body
    assert "https://werkstatt.bottrop.de/impressum" in body and "/datenschutz" in body and "/barrierefreiheit" in body
    [ics] = [p for p in msg.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert ics.get_content_charset() == "utf-8"
    event = Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    assert "Wirtschaftsförderung" in str(event["summary"])  # umlauts intact
    assert "bottrop.de" not in str(event["uid"]) and "localhost" not in str(event["uid"])


def test_two_deliverers_never_send_a_mail_twice(session_factory, bottrop, smtp_sink) -> None:
    sink, settings = smtp_sink
    with session_factory.begin() as s:
        for i in range(30):
            register(s, applicant=person(i), workshop_ids=[bottrop[2]], now=NOW)
    barrier = threading.Barrier(3)

    def run() -> None:
        barrier.wait()
        deliver_pending(session_factory, smtp_settings=settings, now=NOW, limit=7)
        deliver_pending(session_factory, smtp_settings=settings, now=NOW, limit=50)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    recipients = sorted(m["To"].addresses[0].addr_spec for m in sink.messages)
    assert recipients == sorted({f"p{i}@beispiel.de" for i in range(30)})  # each exactly once


def test_a_claimed_mail_is_not_claimed_again_until_the_claim_times_out(session_factory, bottrop) -> None:
    with session_factory.begin() as s:
        register(s, applicant=person(1), workshop_ids=[bottrop[1]], now=NOW)
    assert len(claim_due(session_factory, now=NOW, limit=10)) == 1
    assert claim_due(session_factory, now=NOW + timedelta(minutes=1), limit=10) == []
    assert len(claim_due(session_factory, now=NOW + timedelta(minutes=11), limit=10)) == 1  # crashed deliverer


def test_failed_sends_back_off_and_the_worker_retries(session_factory, bottrop, smtp_sink) -> None:
    sink, settings = smtp_sink
    dead = settings.__class__(host="127.0.0.1", port=1, starttls=False)
    with session_factory.begin() as s:
        register(s, applicant=person(1), workshop_ids=[bottrop[1]], now=NOW)
    assert deliver_pending(session_factory, smtp_settings=dead, now=NOW).failed == 1
    with session_factory() as s:
        row = s.scalar(select(OutboxMail))
        assert (row.status, row.next_attempt_at) == ("failed", NOW + timedelta(minutes=1))
    clock = [NOW + timedelta(seconds=30)]
    stop = start_delivery_worker(session_factory, settings, interval=0.2, clock=lambda: clock[0])
    try:
        wake()
        with session_factory() as s:  # not due yet: still failed
            assert s.scalar(select(OutboxMail.status)) == "failed"
        clock[0] = NOW + timedelta(minutes=2)
        sink.wait_for(lambda ms: len(ms) == 1)
    finally:
        stop()
