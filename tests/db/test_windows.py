"""Registration, cancellation and joining windows: past workshops refuse in German, nothing is stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.models import Registration, WorkshopTally
from db.models.participation import Participant
from werkstatt.accounts.users import add_user
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.schedule import close_workshop, set_registration_until
from werkstatt.registration.services import cancel_by_token, register
from werkstatt.registration.window import WindowClosed, window
from werkstatt.series.store import get_workshop
from werkstatt.session.participants import join

START_1 = datetime(2021, 6, 30, 8, 0, tzinfo=UTC)  # Werkstatt 1, 10:00 Berlin
ANNA = Applicant("Anna", "Müller", "anna@beispiel.de", privacy_consent=True)


@pytest.fixture
def orga(session_factory) -> str:
    with session_factory.begin() as s:
        add_user(s, username="orga", role="organizer", password="orga-passwort-1")
    return "orga"


def count(session_factory, model) -> int:
    with session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_registration_closes_at_the_start_and_a_past_workshop_refuses(session_factory, bottrop) -> None:
    with session_factory.begin() as s:  # one minute before the start: still open
        register(s, applicant=ANNA, workshop_ids=[bottrop[1]], now=START_1 - timedelta(minutes=1))
    later = Applicant("Ben", "Berg", "ben@beispiel.de", privacy_consent=True)
    with pytest.raises(WindowClosed, match=r"ist seit Mittwoch, 30\. Juni 2021, 10:00 Uhr geschlossen"):
        with session_factory.begin() as s:
            register(s, applicant=later, workshop_ids=[bottrop[1]], now=START_1)
    with pytest.raises(WindowClosed, match="hat bereits stattgefunden"), session_factory.begin() as s:
        register(s, applicant=later, workshop_ids=[bottrop[1], bottrop[2]], now=datetime(2026, 11, 27, tzinfo=UTC))
    assert count(session_factory, Registration) == 1  # the refused requests stored nothing, not even workshop 2


def test_cancel_link_of_a_started_or_past_workshop_is_refused(session_factory, bottrop) -> None:
    with session_factory.begin() as s:
        register(s, applicant=ANNA, workshop_ids=[bottrop[1]], now=START_1 - timedelta(days=3))
    with session_factory() as s:
        token = s.scalar(select(Registration.cancel_token))
    for moment in (START_1, datetime(2026, 11, 27, tzinfo=UTC)):
        with pytest.raises(WindowClosed, match="Abmeldung über den Link ist nicht mehr möglich"):
            with session_factory.begin() as s:
                cancel_by_token(s, token=token, now=moment)
    with session_factory() as s:
        assert s.scalar(select(Registration.status)) == "confirmed"


def test_join_code_opens_30_minutes_before_and_closes_at_the_end_of_the_day(session_factory, bottrop, orga) -> None:
    with session_factory() as s:
        code = get_workshop(s, workshop_id=bottrop[1]).join_code
    with pytest.raises(WindowClosed, match="ab 30 Minuten vor Beginn"), session_factory.begin() as s:
        join(s, code=code, now=START_1 - timedelta(minutes=31))
    with session_factory.begin() as s:
        join(s, code=code, now=START_1 - timedelta(minutes=30))
        join(s, code=code, now=START_1 + timedelta(hours=12))  # 20:00 Berlin: same day
    with pytest.raises(WindowClosed, match="ist beendet; Mitmachen ist nicht mehr möglich"):
        with session_factory.begin() as s:
            join(s, code=code, now=datetime(2021, 6, 30, 22, 0, tzinfo=UTC))  # midnight Berlin
    with session_factory.begin() as s:  # the organizer closes early
        close_workshop(s, workshop_id=bottrop[1], closed=True, actor=orga, now=START_1 + timedelta(hours=2))
    with pytest.raises(WindowClosed, match="beendet"), session_factory.begin() as s:
        join(s, code=code, now=START_1 + timedelta(hours=3))
    assert count(session_factory, Participant) == 2


def test_organizer_reopens_registration_explicitly(session_factory, bottrop, orga) -> None:
    today = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    with session_factory.begin() as s:
        set_registration_until(s, workshop_id=bottrop[1], until=today + timedelta(days=7), actor=orga, now=today)
        register(s, applicant=ANNA, workshop_ids=[bottrop[1]], now=today)
    with pytest.raises(WindowClosed, match="geschlossen"), session_factory.begin() as s:
        register(
            s,
            applicant=Applicant("Ben", "Berg", "ben@beispiel.de", privacy_consent=True),
            workshop_ids=[bottrop[1]],
            now=today + timedelta(days=8),
        )


def test_purged_workshop_says_so(session_factory, bottrop) -> None:
    with session_factory.begin() as s:
        s.add(WorkshopTally(workshop_id=bottrop[1], purged_at=datetime(2021, 9, 1, tzinfo=UTC)))
    with session_factory() as s:
        state = window(s, workshop=get_workshop(s, workshop_id=bottrop[1]), now=datetime(2021, 9, 2, tzinfo=UTC))
    assert state.past and not state.registration_open
    assert "Anmeldedaten wurden bereits gelöscht" in state.registration_reason
