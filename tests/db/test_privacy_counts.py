"""DSGVO details the first tests left open (found by mutation testing, docs/testing.md): the anonymous counts
a purge keeps for every status, deleting someone whose earlier registration was already cancelled, and what
the audit log and a moderator read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from db.models import AuditEvent, OutboxMail, Registration, WorkshopTally
from tests.db.test_privacy_rules import LATER, _person_id, _register
from tests.db.test_registration import NOW, ORGA, orga  # noqa: F401  (orga: autouse account)
from werkstatt.accounts.users import add_user
from werkstatt.audit import CLI_ACTOR
from werkstatt.errors import PermissionDenied
from werkstatt.privacy.persons import delete_person, export_person, purge_past
from werkstatt.registration.services import free_seat
from werkstatt.registration.staff import set_capacity, set_checked_in


def test_a_purge_keeps_every_count_and_says_what_it_removed(session_factory, bottrop) -> None:
    sf, wid = session_factory, bottrop[1]
    with sf.begin() as s:
        set_capacity(s, workshop_id=wid, capacity=1, actor=ORGA, now=NOW)
    seated = _register(sf, [wid], 0)[0].registration_id
    _register(sf, [wid], 1)  # waiting
    gone = _register(sf, [wid], 2)[0].registration_id
    with sf.begin() as s:
        free_seat(s, registration_id=gone, now=NOW)
        set_checked_in(s, registration_id=seated, present=True, actor=ORGA, now=NOW + timedelta(days=1))
    with sf.begin() as s:
        result = purge_past(s, older_than=timedelta(days=30), now=LATER)
    assert (result.workshops, result.registrations, result.persons, result.contact_cards) == (1, 3, 3, 0)
    with sf() as s:
        tally = s.get(WorkshopTally, wid)
        assert (tally.confirmed, tally.waitlisted, tally.cancelled, tally.checked_in) == (1, 1, 1, 1)
        assert tally.by_group == {"Verwaltung": 1}  # only seated people count per group
        assert tally.purged_at == LATER
        (event,) = s.scalars(select(AuditEvent).where(AuditEvent.action == "purge"))
        assert event.detail == "1 Werkstätten, 3 Anmeldungen, 3 Personen"
        assert s.scalar(select(Registration.id)) is None


def test_deleting_someone_with_a_cancelled_registration_frees_only_the_active_seat(session_factory, bottrop) -> None:
    sf, first, second = session_factory, bottrop[1], bottrop[2]
    with sf.begin() as s:
        set_capacity(s, workshop_id=first, capacity=1, actor=ORGA, now=NOW)
    cancelled = _register(sf, [second], 0)[0].registration_id
    with sf.begin() as s:
        free_seat(s, registration_id=cancelled, now=NOW)
    _register(sf, [first], 0)
    _register(sf, [first], 1)  # waiting for person 0's seat
    pid = _person_id(sf, 0)
    with sf.begin() as s:
        exported = export_person(s, person_id=pid, actor=ORGA, now=NOW)["registrations"]
        assert sorted((r["status"], r["cancelled_at"]) for r in exported) == [  # type: ignore[attr-defined]
            ("cancelled", NOW.isoformat()),
            ("confirmed", None),
        ]
        delete_person(s, person_id=pid, actor=ORGA, now=NOW)
    with sf() as s:
        left = [(r.person.email, r.workshop_id, r.status) for r in s.scalars(select(Registration))]
        (event,) = s.scalars(select(AuditEvent).where(AuditEvent.action == "delete_person"))
    assert left == [("person1@beispiel.de", first, "confirmed")]
    assert event.object_type == "person" and event.actor == ORGA


def test_export_and_deletion_are_logged_by_person_id_and_refused_to_a_moderator(session_factory, bottrop) -> None:
    sf = session_factory
    _register(sf, [bottrop[1]], 0)
    pid = _person_id(sf, 0)
    with sf.begin() as s:
        add_user(s, username="mod", role="moderator", password="mod-passwort-1")
    for act, doing in ((export_person, "personenbezogene Daten exportieren"), (delete_person, "Personen löschen")):
        with sf.begin() as s, pytest.raises(PermissionDenied) as err:
            act(s, person_id=pid, actor="mod", now=NOW)
        assert err.value.message == f"Nur die Organisation darf {doing}."
    with sf.begin() as s:
        export_person(s, person_id=pid, actor=ORGA, now=NOW)
        delete_person(s, person_id=pid, actor=ORGA, now=NOW)
    with sf() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.object_type == "person").order_by(AuditEvent.id))
        assert [(e.action, e.object_id, e.actor, e.created_at) for e in rows] == [
            ("export_person", str(pid), ORGA, NOW),
            ("delete_person", str(pid), ORGA, NOW),
        ]


def test_a_purge_of_two_past_workshops_counts_both_and_keeps_the_future_ones_mail(session_factory, bottrop) -> None:
    sf = session_factory
    for i, number in enumerate((1, 2, 3)):  # workshops 1 and 2 are past on 15 October, 3 is in November
        _register(sf, [bottrop[number]], i)
    with sf.begin() as s:
        result = purge_past(s, older_than=timedelta(days=30), now=datetime(2021, 10, 15, tzinfo=UTC))
    assert (result.workshops, result.registrations, result.persons) == (2, 2, 2)
    with sf() as s:
        assert [m.to_address for m in s.scalars(select(OutboxMail))] == ["person2@beispiel.de"]
        (event,) = s.scalars(select(AuditEvent).where(AuditEvent.action == "purge"))
        assert (event.actor, event.object_type) == (CLI_ACTOR, "series")
