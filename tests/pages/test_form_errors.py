"""Errors are said next to the field and in the summary; nothing typed is lost (WCAG 3.3.1, 3.3.3)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from db.engine import make_engine, make_sessionmaker
from db.models import Person
from tests.future_dates import shift_workshops_into_future
from tests.pages.conftest import all_text, app_as


@pytest.fixture(autouse=True)
def future(app_db: str) -> None:
    shift_workshops_into_future(app_db)


def notes(at) -> dict[str, str]:
    """The message under each field: widget key -> visible sentence."""
    found = {}
    for el in at.get("html"):
        body = el.proto.body
        match = re.search(r'data-ws-error-for="([^"]+)">(.*)</p>', body)
        if match:
            found[match.group(1)] = re.sub(r"<[^>]+>", "", match.group(2)).replace("Fehler: ", "").replace("⚠ ", "")
    return found


def anmeldung():
    at = app_as(None).run()
    at.switch_page("pages/anmeldung.py").run()
    assert not at.exception
    return at


def test_each_problem_stands_under_its_field_and_in_the_summary(app_db) -> None:
    at = anmeldung()
    at.button[0].click().run()
    assert not at.exception
    under = notes(at)
    assert under == {
        "reg_first": "Bitte geben Sie Ihren Vornamen an.",
        "reg_last": "Bitte geben Sie Ihren Nachnamen an.",
        "reg_email": "Bitte geben Sie Ihre E-Mail-Adresse an.",
        "reg_ws_": "Bitte wählen Sie mindestens eine Werkstatt aus.",
        "reg_consent": (
            "Bitte bestätigen Sie, dass Sie den Datenschutzhinweis gelesen haben, sonst können wir Sie nicht anmelden."
        ),
    }
    summary = at.error[0].value
    assert summary.startswith("**Bitte prüfen Sie Ihre Angaben (5 Punkte):**")
    for sentence in under.values():
        assert sentence in summary


def test_a_refused_form_keeps_everything_typed_and_marks_only_the_wrong_field(app_db) -> None:
    at = anmeldung()
    at.text_input(key="reg_first").input("Anna")
    at.text_input(key="reg_last").input("Müller")
    at.text_input(key="reg_email").input("anna(at)beispiel")
    at.text_input(key="reg_org").input("Stadt Bottrop")
    at.selectbox(key="reg_group").select("Verwaltung")
    first_workshop = next(c for c in at.checkbox if c.key and c.key.startswith("reg_ws_"))
    first_workshop.check()
    at.checkbox(key="reg_consent").check()
    at.button[0].click().run()
    assert not at.exception
    assert list(notes(at)) == ["reg_email"]
    assert "ungültig" in notes(at)["reg_email"]
    assert [at.text_input(key=k).value for k in ("reg_first", "reg_last", "reg_email", "reg_org")] == [
        "Anna",
        "Müller",
        "anna(at)beispiel",
        "Stadt Bottrop",
    ]
    assert at.selectbox(key="reg_group").value == "Verwaltung"
    assert at.checkbox(key=first_workshop.key).value and at.checkbox(key="reg_consent").value
    # corrected, the same form goes through and the note is gone
    at.text_input(key="reg_email").input("anna@beispiel.de")
    at.button[0].click().run()
    assert "Vielen Dank für Ihre Anmeldung!" in all_text(at)
    assert notes(at) == {}
    with make_sessionmaker(make_engine(app_db))() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1


def login_page():
    at = app_as(None).run()
    at.switch_page("pages/login.py").run()
    return at


@pytest.mark.parametrize(
    ("username", "password", "expected"),
    [
        ("", "", {"login_username": "Benutzernamen", "login_password": "Passwort"}),
        ("orga", "", {"login_password": "Passwort"}),
        ("", "orga-passwort-1", {"login_username": "Benutzernamen"}),
        ("   ", "x", {"login_username": "Benutzernamen"}),
    ],
)
def test_empty_login_says_what_is_missing_in_german(app_db, username, password, expected) -> None:
    at = login_page()
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert not at.exception
    under = notes(at)
    assert {key: word for key, word in expected.items() if word in under.get(key, "")} == expected
    assert set(under) == set(expected)
    summary = at.error[0].value
    assert summary.startswith("**Bitte ergänzen Sie Ihre Anmeldung:**")
    assert all(sentence in summary for sentence in under.values())
    assert "falsch" not in all_text(at)  # an empty field is no wrong password
    assert at.text_input[0].value == username  # what was typed stays


def test_empty_login_attempts_do_not_lock_the_account(app_db) -> None:
    at = login_page()
    for _ in range(12):
        at.text_input[0].input("orga")
        at.text_input[1].input("")
        at.button[0].click().run()
    at.text_input[1].input("orga-passwort-1")
    at.button[0].click().run()
    at.run()
    assert "Sie sind angemeldet als Olga Orga" in all_text(at)
