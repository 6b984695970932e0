"""/mitmachen?ticket=… joins as the registration's one identity; the moderator switches the join mode."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.engine import make_engine, make_sessionmaker
from db.models import Person, Registration, Workshop
from db.models.participation import Participant
from tests.pages.conftest import all_text, app_as, page_file
from werkstatt.clock import utc_now
from werkstatt.series.store import list_workshops
from werkstatt.session.personal_link import PERSONAL, ticket_for
from werkstatt.session.phase import set_phase_override


@pytest.fixture
def ticket(app_db: str):
    engine = make_engine(app_db)
    sf = make_sessionmaker(engine)
    with sf.begin() as s:
        w = list_workshops(s)[0]
        set_phase_override(s, workshop_id=w.id, override="input", actor="mod", now=utc_now())
        person = Person(email="eva@example.org", first_name="Eva", last_name="B", created_at=utc_now())
        s.add(person)
        s.flush()
        reg = Registration(person_id=person.id, workshop_id=w.id, status="confirmed", cancel_token="t" * 30,
                           created_at=utc_now())  # fmt: skip
        s.add(reg)
        s.flush()
        data = (sf, w.id, ticket_for(s, registration_id=reg.id))
    yield data
    engine.dispose()


def open_mitmachen(**params: str):
    at = page_file("mitmachen.py")
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_personal_link_joins_as_one_identity_on_two_devices(ticket) -> None:
    sf, _, link = ticket
    phone, laptop = open_mitmachen(ticket=link), open_mitmachen(ticket=link)
    for at in (phone, laptop):
        assert not at.exception
        assert "Ihr Beitrag" in [t.label for t in at.text_area]
    with sf() as s:
        assert s.scalar(select(func.count()).select_from(Participant)) == 1


def test_a_forged_personal_link_gets_a_german_message(ticket) -> None:
    at = open_mitmachen(ticket="1." + "0" * 32)
    assert not at.exception
    assert "Dieser persönliche Link ist ungültig" in all_text(at)


def test_moderator_switches_to_personal_links_only(ticket) -> None:
    sf, wid, _ = ticket
    at = app_as("moderator").run()
    at.query_params["w"] = str(wid)
    at.switch_page("pages/moderation.py").run()
    assert not at.exception
    at.radio(key=f"join_mode_{wid}").set_value(PERSONAL).run()
    with sf() as s:
        assert s.get(Workshop, wid).join_mode == PERSONAL
        code = s.get(Workshop, wid).join_code
    guest = open_mitmachen(code=code)
    guest.button[0].click().run()
    assert "nur mit Ihrem persönlichen Link" in all_text(guest)
