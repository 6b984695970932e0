"""Registration services on SQLite and PostgreSQL, including a 100-thread burst."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.engine import make_engine, make_sessionmaker
from db.models import OutboxMail, Person, Registration, Workshop, WorkshopTally
from werkstatt.accounts.users import add_user
from werkstatt.errors import NotFound, WerkstattError
from werkstatt.mail.outbox import resend_join_link
from werkstatt.privacy import persons as privacy
from werkstatt.registration.applicant import Applicant, InvalidInput
from werkstatt.registration.csv_io import export_rows, import_registrations
from werkstatt.registration.queries import registration_by_token, roster, seats
from werkstatt.registration.services import cancel_by_token, register
from werkstatt.registration.staff import (
    cancel_registration,
    move_registration,
    set_capacity,
    set_checked_in,
    set_meeting_url,
)

NOW = datetime(2021, 6, 1, 9, 0, tzinfo=UTC)  # before all three workshops
ORGA = "orga"


@pytest.fixture(autouse=True)
def orga(session_factory) -> None:
    with session_factory.begin() as s:
        add_user(s, username=ORGA, role="organizer", password="orga-passwort-1")


def person(i: int | str, **kw) -> Applicant:
    values = dict(
        first_name=f"Vor{i}",
        last_name=f"Nach{i}",
        email=f"person{i}@beispiel.de",
        organisation="Stadt Bottrop",
        stakeholder_group="Verwaltung",
        privacy_consent=True,
    )
    values.update(kw)
    return Applicant(**values)


def fill(session_factory, workshop_id: int, n: int, start: int = 0) -> None:
    with session_factory.begin() as s:
        for i in range(start, start + n):
            register(s, applicant=person(i), workshop_ids=[workshop_id], now=NOW)


def mails(session_factory, kind: str | None = None) -> list[OutboxMail]:
    with session_factory() as s:
        stmt = select(OutboxMail).order_by(OutboxMail.id)
        if kind:
            stmt = stmt.where(OutboxMail.kind == kind)
        return list(s.scalars(stmt))


def test_register_for_several_workshops_in_one_call(session_factory, bottrop) -> None:
    fill(session_factory, bottrop[3], 20)
    fill(session_factory, bottrop[3], 1, start=100)  # already one on the waitlist
    with session_factory.begin() as s:
        out = register(s, applicant=person("x"), workshop_ids=[bottrop[3], bottrop[1]], now=NOW)
    assert [o.summary for o in out] == ["Werkstatt 1: bestätigt", "Werkstatt 3: Warteliste Platz 2"]
    with session_factory() as s:
        info = seats(s)
    assert (info[bottrop[1]].left, info[bottrop[3]].left, info[bottrop[3]].waitlisted) == (19, 0, 2)
    kinds = [m.kind for m in mails(session_factory) if m.to_address == "personx@beispiel.de"]
    assert sorted(kinds) == ["confirmed", "waitlisted"]


def test_same_email_in_other_case_is_the_same_person_and_no_duplicate(session_factory, bottrop) -> None:
    with session_factory.begin() as s:
        register(s, applicant=person(1), workshop_ids=[bottrop[1]], now=NOW)
    with session_factory.begin() as s:
        out = register(s, applicant=person(1, email="PERSON1@Beispiel.DE"), workshop_ids=[bottrop[1]], now=NOW)
    assert out[0].status == "already_confirmed"
    assert "bereits angemeldet" in out[0].summary
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1
        assert s.scalar(select(func.count()).select_from(Registration)) == 1


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (dict(first_name=""), "Bitte geben Sie Ihren Vornamen an."),
        (dict(email="keine-adresse"), "E-Mail-Adresse ist ungültig"),
        (dict(privacy_consent=False), "Datenschutzhinweis"),
        (dict(last_name="x" * 10_000), "höchstens 100 Zeichen"),
        (dict(last_name="<script>alert(1)</script>"), "spitze Klammern"),
    ],
)
def test_bad_input_is_refused_in_german_and_nothing_stored(session_factory, bottrop, changes, expected):
    with pytest.raises(InvalidInput) as err, session_factory.begin() as s:
        register(s, applicant=person(1, **changes), workshop_ids=[bottrop[1]], now=NOW)
    assert expected in err.value.message
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0


def test_no_workshop_chosen_is_refused(session_factory, bottrop) -> None:
    with pytest.raises(WerkstattError, match="mindestens eine Werkstatt"), session_factory.begin() as s:
        register(s, applicant=person(1), workshop_ids=[], now=NOW)


def test_control_characters_are_removed_from_names(session_factory, bottrop) -> None:
    with session_factory.begin() as s:
        register(s, applicant=person(1, first_name="An\x00na\r\nBcc: x"), workshop_ids=[bottrop[1]], now=NOW)
    with session_factory() as s:
        assert s.scalar(select(Person.first_name)) == "An na Bcc: x"


def test_cancel_by_token_promotes_the_first_waitlisted_and_mails_them(session_factory, bottrop) -> None:
    fill(session_factory, bottrop[2], 22)  # 20 confirmed, persons 20 and 21 waiting
    with session_factory() as s:
        first = s.scalar(select(Registration).join(Person).where(Person.email == "person0@beispiel.de"))
        token = first.cancel_token
    with session_factory.begin() as s:
        cancel_by_token(s, token=token, now=NOW + timedelta(hours=1))
    with session_factory() as s:
        rows = {r.person.email: (r.status, r.queue_no) for r in roster(s, workshop_id=bottrop[2])}
        assert rows["person20@beispiel.de"] == ("confirmed", None)
        assert rows["person21@beispiel.de"][0] == "waitlisted"
        assert "person0@beispiel.de" not in rows
        assert seats(s)[bottrop[2]].confirmed == 20
    promoted = mails(session_factory, "promoted")
    assert [m.to_address for m in promoted] == ["person20@beispiel.de"]
    assert [m.to_address for m in mails(session_factory, "cancelled")] == ["person0@beispiel.de"]
    # The link works once: reused and forged tokens are refused in German.
    with pytest.raises(WerkstattError, match="bereits storniert"), session_factory.begin() as s:
        cancel_by_token(s, token=token, now=NOW)
    with pytest.raises(NotFound, match="ungültig"), session_factory() as s:
        registration_by_token(s, token="A" * 43)


def test_reregistering_after_cancel_gets_a_new_token(session_factory, bottrop) -> None:
    fill(session_factory, bottrop[1], 1)
    with session_factory() as s:
        old = s.scalar(select(Registration.cancel_token))
    with session_factory.begin() as s:
        cancel_by_token(s, token=old, now=NOW)
    with session_factory.begin() as s:
        out = register(s, applicant=person(0), workshop_ids=[bottrop[1]], now=NOW)
    assert out[0].status == "confirmed"
    with session_factory() as s:
        assert s.scalar(select(Registration.cancel_token)) != old


def test_organizer_cancel_move_check_in(session_factory, bottrop) -> None:
    fill(session_factory, bottrop[1], 21)
    with session_factory() as s:
        regs = roster(s, workshop_id=bottrop[1])
    with session_factory.begin() as s:
        promoted = cancel_registration(s, registration_id=regs[0].id, actor=ORGA, now=NOW)
        assert [p.person.email for p in promoted] == ["person20@beispiel.de"]
    with session_factory.begin() as s:
        out = move_registration(s, registration_id=regs[1].id, to_workshop_id=bottrop[2], actor=ORGA, now=NOW)
    assert out.outcome.summary == "Werkstatt 2: bestätigt"
    with session_factory.begin() as s:
        set_checked_in(s, registration_id=regs[2].id, present=True, actor=ORGA, now=NOW)
    with session_factory() as s:
        assert s.get(Registration, regs[2].id).checked_in_at == NOW
        assert seats(s)[bottrop[1]].confirmed == 19
    with pytest.raises(WerkstattError, match="Nur bestätigte"), session_factory.begin() as s:
        set_checked_in(s, registration_id=regs[0].id, present=True, actor=ORGA, now=NOW)
    with pytest.raises(WerkstattError, match="bereits storniert"), session_factory.begin() as s:
        cancel_registration(s, registration_id=regs[0].id, actor=ORGA, now=NOW)


def test_capacity_lowering_refused_raising_promotes(session_factory, bottrop) -> None:
    fill(session_factory, bottrop[1], 23)
    with pytest.raises(WerkstattError, match="bereits 20 Personen bestätigt"), session_factory.begin() as s:
        set_capacity(s, workshop_id=bottrop[1], capacity=19, actor=ORGA, now=NOW)
    with session_factory.begin() as s:
        promoted = set_capacity(s, workshop_id=bottrop[1], capacity=22, actor=ORGA, now=NOW)
    assert [p.person.email for p in promoted] == ["person20@beispiel.de", "person21@beispiel.de"]
    with session_factory() as s:
        assert seats(s)[bottrop[1]] == seats(s)[bottrop[1]].__class__(22, 22, 1)


def test_meeting_url_in_confirmation_and_resend(session_factory, bottrop) -> None:
    with session_factory.begin() as s:
        set_meeting_url(s, workshop_id=bottrop[1], url="https://meet.example.org/bottrop-1", actor=ORGA, now=NOW)
    with pytest.raises(WerkstattError, match="https://"), session_factory.begin() as s:
        set_meeting_url(s, workshop_id=bottrop[1], url="javascript:alert(1)", actor=ORGA, now=NOW)
    fill(session_factory, bottrop[1], 3)
    with session_factory.begin() as s:
        assert resend_join_link(s, workshop_id=bottrop[1], actor=ORGA, now=NOW) == 3
    resent = mails(session_factory, "joinlink")
    assert len(resent) == 3
    assert all("https://meet.example.org/bottrop-1" in m.message for m in resent)


def test_export_delete_and_purge_personal_data(session_factory, bottrop) -> None:
    fill(session_factory, bottrop[1], 21)
    with session_factory.begin() as s:
        pid = s.scalar(select(Person.id).where(Person.email == "person0@beispiel.de"))
        data = privacy.export_person(s, person_id=pid, actor=ORGA, now=NOW)
    assert data["person"]["email"] == "person0@beispiel.de"
    assert data["registrations"][0]["status"] == "confirmed"
    assert data["mails"][0]["subject"].startswith("Anmeldebestätigung")
    with session_factory.begin() as s:
        privacy.delete_person(s, person_id=pid, actor=ORGA, now=NOW)
    with session_factory() as s:
        assert s.get(Person, pid) is None
        assert not [m for m in s.scalars(select(OutboxMail)) if m.to_address == "person0@beispiel.de"]
        assert seats(s)[bottrop[1]].confirmed == 20  # the waitlisted person moved up
    with session_factory.begin() as s:
        purged = privacy.purge_past(s, older_than=timedelta(days=30), now=datetime(2022, 1, 1, tzinfo=UTC))
    assert (purged.workshops, purged.registrations, purged.persons) == (1, 20, 20)
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0
        assert s.scalar(select(func.count()).select_from(OutboxMail)) == 0
        tally = s.get(WorkshopTally, bottrop[1])
        assert (tally.confirmed, tally.waitlisted, tally.by_group) == (20, 0, {"Verwaltung": 20})


def test_purge_keeps_future_workshops(session_factory, bottrop) -> None:
    fill(session_factory, bottrop[3], 2)
    with session_factory.begin() as s:
        # 2021-11-01: workshop 3 (23.11.) is still ahead.
        privacy.purge_past(s, older_than=timedelta(days=0), now=datetime(2021, 11, 1, tzinfo=UTC))
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Registration)) == 2


def _bounded(engine, session_factory):
    """The test server allows 100 PostgreSQL connections in all (other tests run too):
    the burst shares a pool of 30 connections in the same schema; 100 threads still race."""
    if engine.dialect.name != "postgresql":
        return session_factory, lambda: None
    with engine.connect() as conn:
        path = conn.exec_driver_sql("SHOW search_path").scalar()
    bounded = make_engine(
        engine.url.render_as_string(hide_password=False),
        connect_args={"options": f"-csearch_path={path}"},
        pool_size=30,
        max_overflow=0,
        pool_timeout=120,
    )
    return make_sessionmaker(bounded), bounded.dispose


def test_hundred_threads_for_the_last_seats(engine, session_factory, bottrop, request) -> None:
    """100 people press 'Anmelden' at the same moment for the last 5 seats."""
    wid = bottrop[1]
    session_factory, dispose = _bounded(engine, session_factory)
    request.addfinalizer(dispose)
    fill(session_factory, wid, 15)
    errors: list[BaseException] = []
    barrier = threading.Barrier(100)

    def one(i: int) -> None:
        try:
            barrier.wait()
            with session_factory.begin() as s:
                register(s, applicant=person(f"t{i}"), workshop_ids=[wid], now=NOW)
        except BaseException as err:  # collected: a thread's exception must fail the test
            errors.append(err)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(100)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    elapsed = time.perf_counter() - started
    print(f"\n100-thread burst on {request.node.callspec.id}: {elapsed:.2f} s")
    assert errors == []
    with session_factory() as s:
        regs = s.scalars(select(Registration).where(Registration.workshop_id == wid)).all()
        capacity = s.get(Workshop, wid).capacity
    confirmed = [r for r in regs if r.status == "confirmed"]
    waiting = sorted((r for r in regs if r.status == "waitlisted"), key=lambda r: r.queue_no)
    assert len(regs) == 115
    assert len(confirmed) == capacity == 20
    assert len(waiting) == 95
    assert [r.queue_no for r in waiting] == list(range(1, 96))  # in order, no gaps, no duplicates
    # Order of the waitlist follows the order the transactions committed (the mail ids).
    with session_factory() as s:
        waitlisted_mail_order = [
            m.to_address
            for m in s.scalars(select(OutboxMail).where(OutboxMail.kind == "waitlisted").order_by(OutboxMail.id))
        ]
        by_reg = {r.id: r for r in regs}
        emails = [s.get(Person, by_reg[r.id].person_id).email for r in waiting]
    assert waitlisted_mail_order == emails


def test_csv_import_keeps_good_rows_and_reports_bad_ones(session_factory, bottrop) -> None:
    text = (
        "Vorname;Nachname;E-Mail;Organisation;Gruppe;Werkstatt\n"
        "Anna;Müller;anna@beispiel.de;Stadt;Verwaltung;1\n"
        "Ben;Schulz;kaputt;;Wirtschaft;1\n"
        "Carla;Kurz;carla@beispiel.de;;;1+3\n"
        "Dora;Dorn;dora@beispiel.de;;;7\n"
        "Emil;Ernst;emil@beispiel.de;;Erfunden;2\n"
    )
    with session_factory.begin() as s:
        report = import_registrations(s, text=text, workshops_by_number=bottrop, actor=ORGA, now=NOW)
    assert [line for line, _ in report.imported] == [2, 4]
    assert [o.summary for o in report.imported[1][1]] == ["Werkstatt 1: bestätigt", "Werkstatt 3: bestätigt"]
    assert [(line, msg[:30]) for line, msg in report.errors] == [
        (3, "Die E-Mail-Adresse ist ungülti"),
        (5, "Werkstatt 7 gibt es in dieser "),
        (6, "Bitte wählen Sie eine Gruppe a"),
    ]
    with session_factory() as s:
        assert sorted(s.scalars(select(Person.email))) == ["anna@beispiel.de", "carla@beispiel.de"]
        assert s.scalar(select(func.count()).select_from(Registration)) == 3
        assert s.scalar(select(func.count()).select_from(OutboxMail)) == 3
        rows = export_rows(s, workshop_id=bottrop[1])
    assert [r["Nachname"] for r in rows] == ["Kurz", "Müller"]
