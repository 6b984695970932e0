"""DSGVO rules in full: the export names every stored field, deletion frees seats quietly, purges add up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.models import OutboxMail, Person, Registration, Workshop, WorkshopTally
from tests.db.test_registration import NOW, ORGA, orga, person  # noqa: F401  (orga: autouse account)
from werkstatt.errors import NotFound, WerkstattError
from werkstatt.privacy.persons import delete_person, export_person, purge_past
from werkstatt.registration.services import register
from werkstatt.registration.staff import set_capacity, set_checked_in

LATER = datetime(2022, 1, 1, tzinfo=UTC)


def _register(sf, wids: list[int], i: int, **kw):
    with sf.begin() as s:
        return register(s, applicant=person(i, **kw), workshop_ids=wids, now=NOW)


def _person_id(sf, i: int) -> int:
    with sf() as s:
        return s.scalar(select(Person.id).where(Person.email == f"person{i}@beispiel.de"))


def test_export_names_every_stored_field_of_the_person(session_factory, bottrop) -> None:
    sf = session_factory
    outcomes = _register(sf, [bottrop[1], bottrop[2]], 0, networking_consent=True)
    with sf.begin() as s:
        set_checked_in(
            s, registration_id=outcomes[0].registration_id, present=True, actor=ORGA, now=NOW + timedelta(hours=1)
        )
    with sf() as s:
        data = export_person(s, person_id=_person_id(sf, 0), actor=ORGA, now=NOW)
    assert data["person"] == {
        "first_name": "Vor0",
        "last_name": "Nach0",
        "email": "person0@beispiel.de",
        "organisation": "Stadt Bottrop",
        "stakeholder_group": "Verwaltung",
        "networking_consent": True,
        "privacy_consent_at": NOW.isoformat(),
        "created_at": NOW.isoformat(),
    }
    first = data["registrations"][0]
    assert first == {
        "workshop": "Werkstatt 1: Wie binde ich Unternehmen in die Arbeit der Wirtschaftsförderung ein?",
        "status": "confirmed",
        "source": "web",
        "created_at": NOW.isoformat(),
        "confirmed_at": NOW.isoformat(),
        "cancelled_at": None,
        "checked_in_at": (NOW + timedelta(hours=1)).isoformat(),
    }
    assert len(data["registrations"]) == 2
    assert [(m["kind"], m["status"], m["created_at"]) for m in data["mails"]] == [
        ("confirmed", "pending", NOW.isoformat()),
        ("confirmed", "pending", NOW.isoformat()),
    ]
    assert all(m["subject"].startswith("Anmeldebestätigung: Werkstatt") for m in data["mails"])


def test_unknown_person_is_refused_in_german(session_factory, bottrop) -> None:
    with session_factory() as s, pytest.raises(NotFound, match="Diese Person gibt es nicht"):
        export_person(s, person_id=999, actor=ORGA, now=NOW)
    with session_factory.begin() as s, pytest.raises(NotFound, match="Diese Person gibt es nicht"):
        delete_person(s, person_id=999, actor=ORGA, now=NOW)


def test_deleting_a_seated_person_promotes_the_next_and_mails_only_them(session_factory, bottrop) -> None:
    sf, wid = session_factory, bottrop[1]
    with sf.begin() as s:
        set_capacity(s, workshop_id=wid, capacity=1, actor=ORGA, now=NOW)
    _register(sf, [wid], 0)
    _register(sf, [wid], 1)
    with sf.begin() as s:
        delete_person(s, person_id=_person_id(sf, 0), actor=ORGA, now=NOW)
    with sf() as s:
        kinds = [(m.to_address, m.kind) for m in s.scalars(select(OutboxMail).order_by(OutboxMail.id))]
        statuses = {r.person.email: r.status for r in s.scalars(select(Registration))}
    assert statuses == {"person1@beispiel.de": "confirmed"}
    assert kinds == [("person1@beispiel.de", "waitlisted"), ("person1@beispiel.de", "promoted")]


def test_purges_add_up_and_people_without_a_group_are_counted(session_factory, bottrop) -> None:
    sf, wid = session_factory, bottrop[1]
    _register(sf, [wid], 0, stakeholder_group="")
    _register(sf, [wid], 1, stakeholder_group="Politik")
    with sf.begin() as s:
        purge_past(s, older_than=timedelta(days=30), now=LATER)
    with pytest.raises(WerkstattError, match="bereits gelöscht"):  # a purged workshop takes no late import
        _register(sf, [wid], 2, stakeholder_group="Politik")
    with sf.begin() as s:
        second = purge_past(s, older_than=timedelta(days=30), now=LATER + timedelta(days=1))
    assert (second.registrations, second.persons) == (0, 0)
    with sf() as s:
        tally = s.get(WorkshopTally, wid)
        assert (tally.confirmed, tally.waitlisted, tally.cancelled) == (2, 0, 0)
        assert tally.by_group == {"ohne Angabe": 1, "Politik": 1}
        assert s.scalar(select(func.count()).select_from(Person)) == 0
        assert s.scalar(select(func.count()).select_from(OutboxMail)) == 0


def test_a_person_registered_for_a_future_workshop_survives_the_purge_of_a_past_one(session_factory, bottrop) -> None:
    sf = session_factory
    _register(sf, [bottrop[1], bottrop[3]], 0)
    with sf.begin() as s:
        result = purge_past(s, older_than=timedelta(days=30), now=datetime(2021, 10, 15, tzinfo=UTC))
    assert (result.workshops, result.registrations, result.persons) == (1, 1, 0)
    with sf() as s:
        (only,) = s.scalars(select(Registration)).all()
        assert only.workshop_id == bottrop[3] and only.person.email == "person0@beispiel.de"
        assert [m.workshop_id for m in s.scalars(select(OutboxMail))] == [bottrop[3]]


def test_a_workshop_that_ended_exactly_at_the_cutoff_is_kept(session_factory, bottrop) -> None:
    sf, wid = session_factory, bottrop[1]
    _register(sf, [wid], 0)
    with sf() as s:
        ended = s.get(Workshop, wid).ends_at
    with sf.begin() as s:
        assert purge_past(s, older_than=timedelta(days=30), now=ended + timedelta(days=30)).workshops == 0
    with sf.begin() as s:
        assert purge_past(s, older_than=timedelta(days=30), now=ended + timedelta(days=30, seconds=1)).workshops == 1
