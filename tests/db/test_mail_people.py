"""Free-text mail to the people of a workshop: preview, a test send to oneself, then to the chosen group."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email import policy

import pytest
from sqlalchemy import select

from db.models import OutboxMail
from werkstatt.accounts.users import add_user
from werkstatt.errors import WerkstattError
from werkstatt.mail.bulk import mail_people, preview_free_text
from werkstatt.mail.outbox import outbox
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.services import register

NOW = datetime(2021, 6, 1, 9, 0, tzinfo=UTC)


def test_preview_test_send_and_send_to_the_waitlist_only(session_factory, bottrop) -> None:
    with session_factory.begin() as s:
        orga = add_user(s, username="orga", role="organizer", password="orga-passwort-1")
        orga.email = "orga@bottrop.de"
        register(s, applicant=Applicant("Ida", "Imhoff", "ida@beispiel.de", privacy_consent=True),
                 workshop_ids=[bottrop[1]], now=NOW)  # fmt: skip
    with session_factory() as s:
        preview = preview_free_text(s, workshop_id=bottrop[1], subject="Raumwechsel", body="Wir treffen uns in Raum 2.")
    assert "Wir treffen uns in Raum 2." in preview and "/impressum" in preview
    with pytest.raises(WerkstattError, match="niemand"), session_factory.begin() as s:
        mail_people(s, workshop_id=bottrop[1], audience="waitlisted", subject="x", body="y", actor="orga", now=NOW)
    with pytest.raises(WerkstattError, match="Betreff und Text"), session_factory.begin() as s:
        mail_people(s, workshop_id=bottrop[1], audience="confirmed", subject=" ", body="y", actor="orga", now=NOW)
    with session_factory.begin() as s:
        assert mail_people(s, workshop_id=bottrop[1], audience="test", subject="Raumwechsel",
                           body="Wir treffen uns in Raum 2.", actor="orga", now=NOW) == 1  # fmt: skip
        assert mail_people(s, workshop_id=bottrop[1], audience="confirmed", subject="Raumwechsel",
                           body="Wir treffen uns in Raum 2.", actor="orga", now=NOW) == 1  # fmt: skip
    with session_factory() as s:
        rows = outbox(s, workshop_id=bottrop[1])
        assert [m.to_address for m in rows[:2]] == ["ida@beispiel.de", "orga@bottrop.de"]
        sent = s.scalar(select(OutboxMail).where(OutboxMail.kind == "message"))
    body = email.message_from_string(sent.message, policy=policy.default).get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert body.startswith("Guten Tag Ida Imhoff,") and "Wir treffen uns in Raum 2." in body
    assert "/anmeldung?meine=" in body and "/datenschutz" in body
