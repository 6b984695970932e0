"""What a registration stores about the person (organisation, networking consent, the time of the privacy
consent) and how a second registration fills gaps, also when two tabs race; the waitlist place in the
outcome and the stored mail; the refusals word for word."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from email import message_from_string
from email.policy import default

import pytest
from sqlalchemy import select

from db.models import AuditEvent, OutboxMail, Person, Workshop
from tests.db.test_registration import NOW, ORGA, orga, person  # noqa: F401  (orga: autouse account)
from werkstatt.errors import PermissionDenied, WerkstattError
from werkstatt.registration.applicant import InvalidInput
from werkstatt.registration.services import free_seat, register
from werkstatt.registration.staff import set_capacity
from werkstatt.registration.window import WindowClosed

LATER = NOW + timedelta(days=1)


def _person(sf, email: str) -> Person:
    with sf() as s:
        found = s.scalar(select(Person).where(Person.email == email))
        assert found is not None
        s.expunge(found)
        return found


def test_a_web_registration_stores_organisation_consents_and_the_consent_time(session_factory, bottrop) -> None:
    sf = session_factory
    with sf.begin() as s:
        register(s, applicant=person(1, networking_consent=True), workshop_ids=[bottrop[1]], now=NOW)
    stored = _person(sf, "person1@beispiel.de")
    assert (stored.organisation, stored.stakeholder_group) == ("Stadt Bottrop", "Verwaltung")
    assert stored.networking_consent is True
    assert stored.privacy_consent_at is not None and stored.privacy_consent_at == NOW


def test_no_consent_is_recorded_for_a_person_the_organizer_registers(session_factory, bottrop) -> None:
    sf = session_factory
    applicant = person(2, privacy_consent=False, organisation="", stakeholder_group="")
    for wid in (bottrop[1], bottrop[3]):  # registered by hand twice: still no consent recorded
        with sf.begin() as s:
            register(s, applicant=applicant, workshop_ids=[wid], now=NOW, source="organizer", actor=ORGA)
    stored = _person(sf, "person2@beispiel.de")
    assert stored.privacy_consent_at is None and stored.networking_consent is False
    # Later the person registers on the web themselves: the gaps are filled, the consent gets its time.
    with sf.begin() as s:
        register(s, applicant=person(2, networking_consent=True), workshop_ids=[bottrop[2]], now=LATER)
    stored = _person(sf, "person2@beispiel.de")
    assert (stored.organisation, stored.stakeholder_group) == ("Stadt Bottrop", "Verwaltung")
    assert stored.networking_consent is True
    assert stored.privacy_consent_at == LATER


def test_registration_refusals_word_for_word(session_factory, bottrop) -> None:
    sf = session_factory
    with sf.begin() as s:
        [outcome] = register(s, applicant=person(3), workshop_ids=[bottrop[1]], now=NOW)
    with sf.begin() as s, pytest.raises(WerkstattError) as unknown:
        register(s, applicant=person(4), workshop_ids=[bottrop[1] + 999], now=NOW)
    assert str(unknown.value) == "Diese Werkstatt gibt es nicht (mehr)."
    with sf.begin() as s, pytest.raises(WerkstattError) as gone:
        free_seat(s, registration_id=outcome.registration_id + 999, now=NOW)
    assert str(gone.value) == "Diese Anmeldung gibt es nicht (mehr)."


def test_one_address_registering_for_two_workshops_at_once_is_one_person(session_factory, bottrop) -> None:
    """Two tabs, same address, two workshops, the same moment: the second insert of the person loses the race
    on PostgreSQL (unique e-mail) and must take the person the first one stored, not fail."""
    sf = session_factory
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def one(wid: int) -> None:
        try:
            barrier.wait()
            with sf.begin() as s:
                register(s, applicant=person(5), workshop_ids=[wid], now=NOW)
        except BaseException as err:  # collected: a thread's exception must fail the test
            errors.append(err)

    threads = [threading.Thread(target=one, args=(bottrop[n],)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    with sf() as s:
        people = s.scalars(select(Person).where(Person.email == "person5@beispiel.de")).all()
        assert len(people) == 1
        assert sorted(r.workshop_id for r in people[0].registrations) == [bottrop[1], bottrop[2]]


def _stored_text(sf, email: str) -> str:
    with sf() as s:
        raw = s.scalars(select(OutboxMail.message).where(OutboxMail.to_address == email).order_by(OutboxMail.id))
        last = list(raw)[-1]
    body = message_from_string(last, policy=default).get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def test_the_waitlist_outcome_and_its_stored_mail_name_the_place(session_factory, bottrop) -> None:
    """The stored text goes out as it is when the person moved up before the send: it must name the place."""
    sf, wid = session_factory, bottrop[1]
    with sf.begin() as s:
        set_capacity(s, workshop_id=wid, capacity=1, actor=ORGA, now=NOW)
        register(s, applicant=person(6), workshop_ids=[wid], now=NOW)
        [waiting] = register(s, applicant=person(7), workshop_ids=[wid], now=NOW)
    assert (waiting.workshop_id, waiting.status, waiting.position) == (wid, "waitlisted", 1)
    assert "Sie stehen auf der Warteliste (Platz 1)." in _stored_text(sf, "person7@beispiel.de")
    with sf.begin() as s:  # registering again while waiting: told the place, nothing new
        [again] = register(s, applicant=person(7), workshop_ids=[wid], now=NOW)
    assert (again.workshop_id, again.status, again.position) == (wid, "already_waitlisted", 1)
    assert again.summary == "Werkstatt 1: Sie stehen bereits auf der Warteliste (Platz 1)"


DURING_WORKSHOP_1 = datetime(2021, 6, 30, 8, 30, tzinfo=UTC)  # 10:30 in Bottrop: the public form is closed


def test_only_staff_register_people_after_the_form_closed(session_factory, bottrop) -> None:
    sf, wid = session_factory, bottrop[1]
    with sf.begin() as s, pytest.raises(WindowClosed):
        register(s, applicant=person(8), workshop_ids=[wid], now=DURING_WORKSHOP_1)
    for source, actor in (("organizer", ""), ("import", "niemand")):
        with sf.begin() as s, pytest.raises(PermissionDenied) as refused:
            register(s, applicant=person(8), workshop_ids=[wid], now=DURING_WORKSHOP_1, source=source, actor=actor)
        assert str(refused.value) == "Nur die Organisation darf Personen anmelden."
    with sf.begin() as s:  # the organizer may, until the workshop ends, and without the web form's consent
        [late] = register(
            s, applicant=person(8, privacy_consent=False), workshop_ids=[wid], now=DURING_WORKSHOP_1,
            source="organizer", actor=ORGA,
        )  # fmt: skip
    assert (late.status, late.workshop_title) == ("confirmed", _title(sf, wid))
    with sf.begin() as s:  # two workshops at once: one row for the person, no single workshop
        register(s, applicant=person(11), workshop_ids=[wid, bottrop[2]], now=NOW, source="organizer", actor=ORGA)
    with sf.begin() as s:  # an import records itself once, not once per person
        register(s, applicant=person(10), workshop_ids=[wid], now=DURING_WORKSHOP_1, source="import", actor=ORGA)
    person_id = _person(sf, "person8@beispiel.de").id
    both_id = _person(sf, "person11@beispiel.de").id
    with sf() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.action == "register").order_by(AuditEvent.id)).all()
        assert [(r.actor, r.object_type, r.object_id, r.workshop_id, r.detail) for r in rows] == [
            (ORGA, "person", str(person_id), wid, "Werkstatt 1: bestätigt"),
            (ORGA, "person", str(both_id), None, "Werkstatt 1: bestätigt; Werkstatt 2: bestätigt"),
        ]


def _title(sf, wid: int) -> str:
    with sf() as s:
        return s.get_one(Workshop, wid).title


def test_each_form_problem_is_named_with_its_field(session_factory, bottrop) -> None:
    """The form shows each sentence under its field: the missing workshop choice too, alone or with others."""
    sf = session_factory
    choose = "Bitte wählen Sie mindestens eine Werkstatt aus."
    with sf.begin() as s, pytest.raises(InvalidInput) as alone:
        register(s, applicant=person(9), workshop_ids=[], now=NOW)
    assert (alone.value.problems, alone.value.fields) == ([choose], {"workshops": choose})
    with sf.begin() as s, pytest.raises(InvalidInput) as both:
        register(s, applicant=person(9, email="kein-at-zeichen"), workshop_ids=[], now=NOW)
    assert both.value.problems[0] == choose
    assert both.value.fields["workshops"] == choose
    assert set(both.value.fields) == {"workshops", "email"}
    assert both.value.fields["email"] in both.value.problems
