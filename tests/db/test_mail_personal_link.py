"""Personal join links in the mails of confirmed registrations, delivered through a real SMTP server (aiosmtpd).

Following the link from the delivered mail gives the live identity of that registration; a waitlisted
person's mail carries no link; Reply-To falls back to the series' contact address.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from db.models import Registration, Workshop
from db.models.operations import SeriesLegal
from db.models.participation import Participant
from werkstatt.accounts.users import add_user
from werkstatt.errors import WerkstattError
from werkstatt.mail.delivery import deliver_pending
from werkstatt.mail.outbox import resend_join_link
from werkstatt.mail.reminders import queue_due_reminders
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.services import cancel_by_token, register
from werkstatt.session.participants import hash_token
from werkstatt.session.personal_link import PERSONAL, join_personal, set_join_mode

NOW = datetime(2021, 6, 1, 9, 0, tzinfo=UTC)  # before all three workshops
BASE = "https://werkstatt.bottrop.example"
TICKET_URL = re.compile(r"https://werkstatt\.bottrop\.example/mitmachen\?ticket=[0-9]+\.[0-9a-f]{32}")


def person(n: int) -> Applicant:
    return Applicant(f"Vorname{n}", f"Nachname{n}", f"p{n}@beispiel.de", privacy_consent=True)


def body(msg: EmailMessage) -> str:
    return msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def ticket_of(msg: EmailMessage) -> str:
    [url] = set(TICKET_URL.findall(body(msg)))
    return parse_qs(urlparse(url).query)["ticket"][0]


@pytest.fixture
def base_url(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("WERKSTATT_BASE_URL", BASE + "/")
    monkeypatch.delenv("WERKSTATT_MAIL_REPLY_TO", raising=False)
    return BASE


def deliver(session_factory, settings, now: datetime = NOW) -> None:
    report = deliver_pending(session_factory, smtp_settings=settings, now=now)
    assert report.failed == 0, report.errors


def test_confirmed_mail_carries_a_personal_link_that_opens_that_registrations_identity(
    session_factory, bottrop, smtp_sink, base_url
) -> None:
    sink, settings = smtp_sink
    wid = bottrop[1]
    with session_factory.begin() as s:
        s.get(Workshop, wid).capacity = 1
        register(s, applicant=person(1), workshop_ids=[wid], now=NOW)
        register(s, applicant=person(2), workshop_ids=[wid], now=NOW)  # waitlisted
    deliver(session_factory, settings)
    [confirmed] = sink.to("p1@beispiel.de")
    [waiting] = sink.to("p2@beispiel.de")
    with session_factory() as s:
        code = s.get(Workshop, wid).join_code
        reg1 = s.scalar(select(Registration).where(Registration.status == "confirmed"))

    text = body(confirmed)
    assert "Ihr persönlicher Link" in text
    assert f"Gäste ohne Anmeldung treten mit dem Code der Werkstatt bei: {code}" in text  # join mode "open"
    ticket = ticket_of(confirmed)
    assert ticket.startswith(f"{reg1.id}.")
    [ics] = [p for p in confirmed.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert f"ticket={ticket}" in ics.get_content().replace("\r\n ", "")  # the calendar entry links it too

    assert "ticket=" not in body(waiting) and "Warteliste (Platz 1)" in body(waiting)
    with pytest.raises(WerkstattError, match="ungültig"), session_factory.begin() as s:
        join_personal(s, ticket=ticket.replace(f"{reg1.id}.", f"{reg1.id + 1}."), now=NOW)  # no forging

    # Following the link, twice (phone and laptop): one identity, in this registration's workshop.
    with session_factory.begin() as s:
        token = join_personal(s, ticket=ticket, now=NOW)
    with session_factory.begin() as s:
        assert join_personal(s, ticket=ticket, now=NOW) == token
        assert s.scalar(select(Participant.workshop_id).where(Participant.token_hash == hash_token(token))) == wid
        assert s.scalar(select(Participant.id).where(Participant.workshop_id == wid).offset(1)) is None


def test_promotion_reminder_and_resend_carry_the_personal_link_only_the_open_code_follows_the_join_mode(
    session_factory, bottrop, smtp_sink, base_url
) -> None:
    sink, settings = smtp_sink
    wid = bottrop[1]
    with session_factory.begin() as s:
        add_user(s, username="orga", role="organizer", password="orga-passwort-1")
        s.get(Workshop, wid).capacity = 1
        first = register(s, applicant=person(1), workshop_ids=[wid], now=NOW)
        register(s, applicant=person(2), workshop_ids=[wid], now=NOW)
        cancel_token = s.get(Registration, first[0].registration_id).cancel_token
    deliver(session_factory, settings)
    with session_factory.begin() as s:
        cancel_by_token(s, token=cancel_token, now=NOW)  # person 2 moves up
    deliver(session_factory, settings)
    promoted = sink.to("p2@beispiel.de")[-1]
    assert promoted["Subject"].startswith("Platz frei")
    ticket = ticket_of(promoted)
    with session_factory.begin() as s:
        assert join_personal(s, ticket=ticket, now=NOW)
    assert "ticket=" not in body(sink.to("p1@beispiel.de")[-1])  # the cancellation

    with session_factory.begin() as s:
        set_join_mode(s, workshop_id=wid, mode=PERSONAL)  # guests no longer allowed: no open code in mails
        assert resend_join_link(s, workshop_id=wid, actor="orga", now=NOW) == 1
        code = s.get(Workshop, wid).join_code
        starts = s.get(Workshop, wid).starts_at
    with session_factory.begin() as s:
        assert queue_due_reminders(s, now=starts - timedelta(minutes=50)) == 1
    deliver(session_factory, settings, now=starts - timedelta(minutes=50))
    resent, reminder = sink.to("p2@beispiel.de")[-2:]
    assert resent["Subject"].startswith("Ihr Zugang") and reminder["Subject"].startswith("Erinnerung")
    for msg in (resent, reminder):
        assert ticket_of(msg) == ticket  # the same link every time: one identity
        assert code not in body(msg) and "?code=" not in body(msg)


def test_reply_to_falls_back_to_the_series_contact_address(
    session_factory, bottrop, smtp_sink, base_url, monkeypatch: pytest.MonkeyPatch
) -> None:
    sink, settings = smtp_sink
    with session_factory.begin() as s:
        series_id = s.get(Workshop, bottrop[1]).series_id
        assert "BITTE ERGÄNZEN" in s.get(SeriesLegal, series_id).contact_email
        register(s, applicant=person(1), workshop_ids=[bottrop[1]], now=NOW)
    deliver(session_factory, settings)
    assert sink.to("p1@beispiel.de")[-1]["Reply-To"] is None  # a placeholder is never an address

    with session_factory.begin() as s:
        s.get(SeriesLegal, series_id).contact_email = "werkstatt@bottrop.example"
        register(s, applicant=person(1), workshop_ids=[bottrop[2]], now=NOW)
    deliver(session_factory, settings)
    assert str(sink.to("p1@beispiel.de")[-1]["Reply-To"]) == "werkstatt@bottrop.example"

    monkeypatch.setenv("WERKSTATT_MAIL_REPLY_TO", "buero@bottrop.example")  # the setting wins
    with session_factory.begin() as s:
        register(s, applicant=person(1), workshop_ids=[bottrop[3]], now=NOW)
    deliver(session_factory, settings)
    assert str(sink.to("p1@beispiel.de")[-1]["Reply-To"]) == "buero@bottrop.example"
