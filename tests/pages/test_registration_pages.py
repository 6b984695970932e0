"""The public registration page and the cancel link, through AppTest; bad input answered in German."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from db.engine import make_engine, make_sessionmaker
from db.models import OutboxMail, Person, Registration, Workshop
from tests.future_dates import shift_workshops_into_future
from tests.pages.conftest import all_text, app_as
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.services import register
from werkstatt.text.markdown import escape_md

NOW = datetime(2021, 6, 1, 9, 0, tzinfo=UTC)
GOOD = {"first": "Anna", "last": "Müller", "email": "anna@beispiel.de", "org": "Stadt Bottrop"}


@pytest.fixture(autouse=True)
def future(app_db: str) -> None:
    """The app reads the wall clock: these tests need workshops that are still ahead."""
    shift_workshops_into_future(app_db)


def factory(url: str):
    return make_sessionmaker(make_engine(url))


def workshop_ids(url: str) -> dict[int, int]:
    with factory(url)() as s:
        return {w.number: w.id for w in s.scalars(select(Workshop))}


def fill(url: str, workshop_id: int, n: int) -> None:
    with factory(url).begin() as s:
        for i in range(n):
            register(
                s,
                applicant=Applicant(f"V{i}", f"N{i}", f"p{i}@beispiel.de", privacy_consent=True),
                workshop_ids=[workshop_id],
                now=NOW,
            )


def count(url: str, model) -> int:
    with factory(url)() as s:
        return s.scalar(select(func.count()).select_from(model))


def open_form():
    at = app_as(None).run()
    at.switch_page("pages/anmeldung.py").run()
    assert not at.exception
    return at


def submit(at, *, values=GOOD, workshops=(1,), consent=True, group="Verwaltung"):
    at.text_input(key="reg_first").input(values["first"])
    at.text_input(key="reg_last").input(values["last"])
    at.text_input(key="reg_email").input(values["email"])
    at.text_input(key="reg_org").input(values["org"])
    if group:
        at.selectbox(key="reg_group").select(group)
    ids = {int(c.key.rsplit("_", 1)[1]) for c in at.checkbox if c.key and c.key.startswith("reg_ws_")}
    for wid in sorted(ids)[: max(workshops or (0,))]:
        number = sorted(ids).index(wid) + 1
        if number in workshops:
            at.checkbox(key=f"reg_ws_{wid}").check()
    if consent:
        at.checkbox[len(ids)].check()
    at.button[0].click().run()
    assert not at.exception
    return at


def test_register_for_two_workshops_one_full_shows_the_summary(app_db) -> None:
    ids = workshop_ids(app_db)
    fill(app_db, ids[3], 20)
    at = open_form()
    labels = [c.label for c in at.checkbox]
    assert "noch 20 Plätze" in labels[0] and "ausgebucht – Warteliste" in labels[2]
    submit(at, workshops=(1, 3))
    assert [s.value for s in at.success] == ["Werkstatt 1: bestätigt"]
    assert "Werkstatt 3: Warteliste Platz 1" in at.warning[0].value
    assert "Vielen Dank für Ihre Anmeldung!" in all_text(at)
    with factory(app_db)() as s:
        assert s.scalar(select(Person.stakeholder_group).where(Person.email == "anna@beispiel.de")) == "Verwaltung"
        assert sorted(s.scalars(select(OutboxMail.kind).where(OutboxMail.to_address == "anna@beispiel.de"))) == [
            "confirmed",
            "waitlisted",
        ]


def test_registering_again_gives_a_clear_message_not_a_duplicate(app_db) -> None:
    submit(open_form())
    at = submit(open_form(), values={**GOOD, "email": "ANNA@beispiel.de"})
    assert "Werkstatt 1: Sie waren bereits angemeldet (bestätigt)" in [i.value for i in at.info]
    assert count(app_db, Registration) == 1


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (dict(values={"first": "", "last": "", "email": "", "org": ""}), "Bitte geben Sie Ihren Vornamen an."),
        (dict(values={**GOOD, "email": "anna@@beispiel"}), "Die E-Mail-Adresse ist ungültig."),
        (dict(workshops=()), "Bitte wählen Sie mindestens eine Werkstatt aus."),
        (dict(consent=False), "den Datenschutzhinweis gelesen haben"),
        (dict(values={**GOOD, "first": "A" * 10_000}), "Vorname: bitte höchstens 100 Zeichen"),
        (dict(values={**GOOD, "last": "<img src=x onerror=alert(1)>"}), "spitze Klammern (< >) sind nicht erlaubt"),
    ],
    ids=["empty", "invalid-email", "no-workshop", "no-consent", "10000-chars", "html"],
)
def test_bad_input_is_answered_in_german_and_nothing_is_stored(app_db, kwargs, expected) -> None:
    at = submit(open_form(), **kwargs)
    errors = " ".join(e.value for e in at.error)
    assert expected in errors
    assert not at.success
    assert count(app_db, Person) == 0 and count(app_db, Registration) == 0 and count(app_db, OutboxMail) == 0


def test_empty_form_lists_every_problem(app_db) -> None:
    at = submit(open_form(), values={"first": "", "last": "", "email": "", "org": ""}, workshops=(), consent=False)
    # One summary above the form that names each problem: workshop, first name, last name, e-mail, consent.
    assert len(at.error) == 1
    summary = at.error[0].value
    assert summary.startswith("**Bitte prüfen Sie Ihre Angaben (5 Punkte):**")
    assert summary.count("\n- ") == 5
    for field in ("Werkstatt", "Vorname", "Nachname", "E-Mail-Adresse", "Datenschutz"):
        assert field in summary


def test_control_characters_in_names_are_removed_before_storing(app_db) -> None:
    at = submit(open_form(), values={**GOOD, "first": "An\x1b[31mna\x00", "last": "Mül\u202eler"})
    assert [s.value for s in at.success] == ["Werkstatt 1: bestätigt"]
    with factory(app_db)() as s:
        assert s.scalar(select(Person.first_name)) == "An [31mna"
        assert s.scalar(select(Person.last_name)) == "Mül ler"


def token_of(url: str, email: str) -> str:
    with factory(url)() as s:
        return s.scalar(select(Registration.cancel_token).join(Person).where(Person.email == email))


def test_cancel_link_asks_first_then_cancels_once(app_db) -> None:
    ids = workshop_ids(app_db)
    fill(app_db, ids[1], 1)
    token = token_of(app_db, "p0@beispiel.de")
    at = app_as(None)
    at.query_params["storno"] = token
    at.run()
    at.switch_page("pages/anmeldung.py").run()
    assert "Möchten Sie Ihren bestätigten Platz" in all_text(at)
    assert count(app_db, Registration) == 1
    with factory(app_db)() as s:
        assert s.scalar(select(Registration.status)) == "confirmed"  # opening the link changed nothing
    at.button[0].click().run()
    assert "ist storniert" in all_text(at)
    with factory(app_db)() as s:
        assert s.scalar(select(Registration.status)) == "cancelled"
    # The same link opened again (new browser session): refused in German.
    again = app_as(None)
    again.query_params["storno"] = token
    again.run()
    again.switch_page("pages/anmeldung.py").run()
    assert "bereits storniert" in " ".join(e.value for e in again.error)
    assert not again.button or "stornieren" not in again.button[0].label


@pytest.mark.parametrize("token", ["abc", "A" * 43, "' OR 1=1 --" + "x" * 30, "x" * 5000])
def test_forged_cancel_token_is_refused(app_db, token) -> None:
    ids = workshop_ids(app_db)
    fill(app_db, ids[1], 1)
    at = app_as(None)
    at.query_params["storno"] = token
    at.run()
    at.switch_page("pages/anmeldung.py").run()
    assert not at.exception
    assert "Dieser Abmeldelink ist ungültig" in " ".join(e.value for e in at.error)
    assert [b.label for b in at.button if "stornieren" in b.label] == []
    with factory(app_db)() as s:
        assert s.scalar(select(Registration.status)) == "confirmed"


def test_organizer_sees_lists_cancels_and_lowering_capacity_is_refused(app_db) -> None:
    ids = workshop_ids(app_db)
    fill(app_db, ids[1], 21)
    at = app_as("organizer").run()
    at.switch_page("pages/organisation.py").run()
    assert not at.exception
    text = all_text(at)
    assert "Bestätigt (20)" in text and "Warteliste (1)" in text
    at.number_input[0].set_value(19)
    at.button(key="FormSubmitter:orga_capacity-Platzzahl ändern").click().run()
    assert "bereits 20 Personen bestätigt" in " ".join(e.value for e in at.error)
    at.button(key="orga_cancel").click().run()
    assert escape_md("Nachgerückt: V20 N20") in " ".join(s.value for s in at.success)  # escaped text
    with factory(app_db)() as s:
        assert s.scalar(select(func.count()).where(Registration.status == "confirmed")) == 20
        assert s.scalar(select(func.count()).where(Registration.status == "waitlisted")) == 0


def test_anonymous_visitor_never_sees_registration_data(app_db) -> None:
    ids = workshop_ids(app_db)
    fill(app_db, ids[1], 1)
    at = open_form()
    assert "p0@beispiel.de" not in all_text(at) and "N0" not in all_text(at)
