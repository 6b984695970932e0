"""Mail through a real SMTP server on loopback (aiosmtpd), and a failing one."""

from __future__ import annotations

import email
import socket
from datetime import UTC, datetime, timedelta
from email import policy
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar
from sqlalchemy import select

from db.models import OutboxMail, Registration
from werkstatt.accounts.users import add_user
from werkstatt.errors import WerkstattError
from werkstatt.mail.delivery import deliver_pending
from werkstatt.mail.outbox import retry_now
from werkstatt.mail.settings import SmtpSettings
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.queries import seats
from werkstatt.registration.services import cancel_by_token, register
from werkstatt.registration.staff import set_meeting_url
from werkstatt.settings import Settings

NOW = datetime(2021, 6, 1, 9, 0, tzinfo=UTC)  # before all three workshops


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield (
            inbox,
            SmtpSettings(host="127.0.0.1", port=controller.port, starttls=False, sender="orga@bottrop.de"),
        )
    finally:
        controller.stop()


def anna(**kw) -> Applicant:
    return Applicant(
        first_name=kw.get("first_name", "Anna"),
        last_name="Müller",
        email=kw.get("email", "anna@beispiel.de"),
        organisation="Wirtschaftsförderung Bottrop",
        stakeholder_group="Wirtschaftsförderung",
        privacy_consent=True,
    )


def test_confirmation_arrives_with_links_and_calendar(session_factory, bottrop, smtp_server, monkeypatch):
    inbox, settings = smtp_server
    monkeypatch.setenv("WERKSTATT_BASE_URL", "https://werkstatt.bottrop.example/")
    with session_factory.begin() as s:
        add_user(s, username="orga", role="organizer", password="orga-passwort-1")
        set_meeting_url(s, workshop_id=bottrop[1], url="https://meet.example.org/w1", actor="orga", now=NOW)
        register(s, applicant=anna(first_name="Anna\r\nBcc: evil@x.de"), workshop_ids=[bottrop[1]], now=NOW)
    report = deliver_pending(session_factory, smtp_settings=settings, now=NOW)
    assert (report.sent, report.failed) == (1, 0), report.errors
    [msg] = inbox.messages
    assert (
        msg["Subject"]
        == "Anmeldebestätigung: Werkstatt 1 – Wie binde ich Unternehmen in die Arbeit der Wirtschaftsförderung ein?"
    )
    assert msg["To"].addresses[0].addr_spec == "anna@beispiel.de"
    assert "Bcc" not in msg  # the CR/LF in the name never became a header
    body = msg.get_body(("plain",)).get_content()
    assert "Guten Tag Anna Bcc: evil@x.de Müller," in body
    assert "Mittwoch, 30. Juni 2021, 10:00–12:00 Uhr" in body
    assert "https://meet.example.org/w1" in body
    with session_factory() as s:
        reg = s.scalar(select(Registration))
        join_code = reg.workshop.join_code
        assert s.scalar(select(OutboxMail.status)) == "sent"
    assert f"https://werkstatt.bottrop.example/mitmachen?ticket={reg.id}." in body  # the personal link
    assert f"Code der Werkstatt bei: {join_code}" in body
    cancel_url = next(line for line in body.splitlines() if "storno=" in line).strip()
    assert cancel_url.startswith("https://werkstatt.bottrop.example/anmeldung?storno=")

    [ics_part] = [p for p in msg.iter_attachments() if p.get_content_type() == "text/calendar"]
    cal = Calendar.from_ical(ics_part.get_content())
    [event] = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and start.tzinfo.key == "Europe/Berlin"  # type: ignore[union-attr]
    assert start == datetime(2021, 6, 30, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]

    # The link from the mail cancels (after the confirm click, which is this call) exactly once.
    token = parse_qs(urlparse(cancel_url).query)["storno"][0]
    with session_factory.begin() as s:
        cancel_by_token(s, token=token, now=NOW + timedelta(days=1))
    with session_factory() as s:
        assert seats(s)[bottrop[1]].confirmed == 0
    with pytest.raises(WerkstattError), session_factory.begin() as s:
        cancel_by_token(s, token=token, now=NOW)
    deliver_pending(session_factory, smtp_settings=settings, now=NOW + timedelta(days=1))
    assert inbox.messages[-1]["Subject"].startswith("Abmeldung bestätigt: Werkstatt 1")


def test_unreachable_smtp_keeps_mail_and_registration_and_retries(session_factory, bottrop, smtp_server):
    inbox, good = smtp_server
    dead = SmtpSettings(host="127.0.0.1", port=_free_port(), starttls=False)  # nothing listens
    with session_factory.begin() as s:
        register(s, applicant=anna(), workshop_ids=[bottrop[1], bottrop[2]], now=NOW)
    report = deliver_pending(session_factory, smtp_settings=dead, now=NOW)
    assert report.sent == 0 and report.failed == 1  # stops after the connection failure
    with session_factory() as s:
        rows = s.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
        assert [(m.status, m.attempts) for m in rows] == [("failed", 1), ("pending", 0)]
        assert "ConnectionRefusedError" in rows[0].last_error
        assert seats(s)[bottrop[1]].confirmed == 1  # the registration is untouched
    # Not due yet (back-off), then due: both arrive on the working server.
    assert deliver_pending(session_factory, smtp_settings=good, now=NOW).sent == 1
    assert deliver_pending(session_factory, smtp_settings=good, now=NOW + timedelta(minutes=2)).sent == 1
    assert len(inbox.messages) == 2
    with session_factory.begin() as s:
        add_user(s, username="orga", role="organizer", password="orga-passwort-1")
        assert retry_now(s, actor="orga", now=NOW) == 0  # nothing failed any more


def test_no_smtp_configured_means_outbox_only(session_factory, bottrop) -> None:
    assert Settings.from_env({}).smtp is None
    settings = Settings.from_env(
        {
            "WERKSTATT_SMTP_HOST": "mail.example.org",
            "WERKSTATT_SMTP_PORT": "25",
            "WERKSTATT_SMTP_STARTTLS": "no",
        }
    ).smtp
    assert settings == SmtpSettings(host="mail.example.org", port=25, starttls=False)
    with session_factory.begin() as s:
        register(s, applicant=anna(), workshop_ids=[bottrop[1]], now=NOW)
    assert deliver_pending(session_factory, smtp_settings=None, now=NOW).sent == 0
    with session_factory() as s:
        assert s.scalar(select(OutboxMail.status)) == "pending"
