""" "Meine Anmeldung": the personal link in every mail shows bookings and waitlist places and books more."""

from __future__ import annotations

import email
import re
from datetime import UTC, datetime
from email import policy

import pytest
from sqlalchemy import select

from db.models import OutboxMail
from werkstatt.errors import NotFound
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.personal import book_more, my_bookings
from werkstatt.registration.services import register

NOW = datetime(2021, 6, 1, 9, 0, tzinfo=UTC)


def test_every_mail_carries_the_personal_link_and_it_shows_the_waitlist_place(session_factory, bottrop) -> None:
    with session_factory.begin() as s:
        for i in range(21):  # workshop 2 full, person 20 waits
            register(s, applicant=Applicant(f"V{i}", f"N{i}", f"p{i}@beispiel.de", privacy_consent=True),
                     workshop_ids=[bottrop[2]], now=NOW)  # fmt: skip
        register(s, applicant=Applicant("V20", "N20", "p20@beispiel.de", privacy_consent=True),
                 workshop_ids=[bottrop[1]], now=NOW)  # fmt: skip
    with session_factory() as s:
        messages = list(s.scalars(select(OutboxMail.message).where(OutboxMail.to_address == "p20@beispiel.de")))
    bodies = [email.message_from_string(m, policy=policy.default).get_body(("plain",)).get_content() for m in messages]  # type: ignore[union-attr]
    links = {re.search(r"/anmeldung\?meine=([\w-]+)", b).group(1) for b in bodies}  # type: ignore[union-attr]
    assert len(messages) == 2 and len(links) == 1  # one stable link per person, in every mail
    (token,) = links
    with session_factory() as s:
        person, bookings = my_bookings(s, token=token)
    assert person.email == "p20@beispiel.de"
    assert [(b.label[:11], b.status, b.position) for b in bookings] == [
        ("Werkstatt 1", "confirmed", None),
        ("Werkstatt 2", "waitlisted", 1),
    ]
    with session_factory.begin() as s:
        outcome = book_more(s, token=token, workshop_id=bottrop[3], now=NOW)
    assert outcome.summary == "Werkstatt 3: bestätigt"
    with pytest.raises(NotFound, match="persönliche Link ist ungültig"), session_factory() as s:
        my_bookings(s, token="x" * 43)
