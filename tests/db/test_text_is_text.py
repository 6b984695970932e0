"""NUL bytes never reach a query; invisible-only text is refused in German; mails keep markup as typed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from db.models.participation import Contribution
from werkstatt.accounts.users import add_user
from werkstatt.errors import WerkstattError
from werkstatt.mail.delivery import deliver_pending
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.queries import registration_by_token
from werkstatt.registration.services import register
from werkstatt.session import participants as p
from werkstatt.session.moderation import create_theme
from werkstatt.text.rules import INVISIBLE_ONLY, clean_contribution, clean_line


@pytest.mark.parametrize("token", ["\x00", "a" * 20 + "\x00", "%00" * 10 + "\x00"])
def test_nul_in_a_cancel_link_gives_a_german_message(session_factory, token: str) -> None:
    with pytest.raises(WerkstattError) as err, session_factory() as s:
        registration_by_token(s, token=token)
    assert "DataError" not in str(err.value) and ("ungültig" in str(err.value) or "NUL" in str(err.value))


def test_nul_in_any_bound_parameter_is_refused_before_the_query(session_factory, bottrop) -> None:
    with pytest.raises(WerkstattError, match="NUL"), session_factory.begin() as s:
        s.query(Contribution).filter(Contribution.text == "x\x00y").all()
    with session_factory() as s:  # the connection stays usable
        assert s.query(Contribution).count() == 0


@pytest.mark.parametrize(
    "text",
    ["\u200b", "\u200b\u200b\u200b", "\u3164", "\u3164 \u3164", "\ufeff", "\u2800\u2800", "\u00ad", "\u2060\u180e"],
    ids=["zwsp", "zwsp3", "hangul-filler", "fillers", "bom", "braille-blank", "soft-hyphen", "joiners"],
)
def test_invisible_only_text_is_refused(session_factory, bottrop, text: str) -> None:
    with pytest.raises(WerkstattError, match="unsichtbare"):
        clean_contribution(text)
    with pytest.raises(WerkstattError, match="unsichtbare"):
        clean_line(text, max_len=40, field="Name", required=False)
    with session_factory.begin() as s:
        workshop = p.get_workshop(s, workshop_id=bottrop[1])
        token = p.join(s, code=workshop.join_code, now=workshop.starts_at)  # inside the join window
    with pytest.raises(WerkstattError, match="unsichtbare"), session_factory.begin() as s:
        p.set_display_name(s, token=token, name=text)


@pytest.mark.parametrize("text", ["👍", "Idee\u200bmit Lücke", "ä", "👨\u200d👩\u200d👧"])
def test_visible_text_with_format_characters_stays(text: str) -> None:
    assert clean_contribution(text)
    assert INVISIBLE_ONLY not in text


MAIL_NOW = datetime(2021, 6, 1, 9, 0, tzinfo=UTC)
MAIL_PAYLOADS = ["**fett**", '=HYPERLINK("x")', "[link](javascript:alert(1))", "{{7*7}}"]  # names refuse < > outright


def test_mails_are_plain_text_that_keeps_markup_as_typed(session_factory, bottrop, smtp_sink) -> None:
    sink, settings = smtp_sink
    with session_factory.begin() as s:
        for n, payload in enumerate(MAIL_PAYLOADS):
            applicant = Applicant(payload, "Muster", f"p{n}@beispiel.de", privacy_consent=True)
            register(s, applicant=applicant, workshop_ids=[bottrop[1]], now=MAIL_NOW)
    assert deliver_pending(session_factory, smtp_settings=settings, now=MAIL_NOW).sent == len(MAIL_PAYLOADS)
    for n, payload in enumerate(MAIL_PAYLOADS):
        [msg] = sink.to(f"p{n}@beispiel.de")
        assert [p.get_content_type() for p in msg.walk() if p.get_content_maintype() == "text"] == [
            "text/plain",
            "text/calendar",
        ]  # no HTML part that could render anything
        assert f"Guten Tag {payload} Muster," in msg.get_body(("plain",)).get_content()  # literal, not 49, not bold


@pytest.mark.parametrize("text", ["\u200b\u200b", "\u3164"])
def test_staff_names_made_only_of_invisible_characters_are_refused(session_factory, bottrop, text: str) -> None:
    with session_factory.begin() as s:
        add_user(s, username="mod", role="moderator", password="mod-passwort-123")
    with pytest.raises(WerkstattError, match="unsichtbare"), session_factory.begin() as s:
        p.set_groups(s, workshop_id=bottrop[1], names=[text], actor="mod", now=MAIL_NOW)
    with pytest.raises(WerkstattError, match="unsichtbare"), session_factory.begin() as s:
        create_theme(s, workshop_id=bottrop[1], name=text, actor="mod", now=MAIL_NOW)
