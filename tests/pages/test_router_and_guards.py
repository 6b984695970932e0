"""Router and page guards through AppTest."""

from __future__ import annotations

import pytest

from tests.pages.conftest import all_text, app_as, logged_in, page_file
from werkstatt.ui.navigation import STAFF

# Built from the router's own staff list: a new staff page is guarded-tested the day it is added.
PROTECTED = {spec[0].removeprefix("pages/"): group for group, specs in STAFF.items() for spec in specs}


def test_programme_is_the_start_page(app_db) -> None:
    at = app_as(None).run()
    assert not at.exception
    text = all_text(at)
    assert "Werkstatt 2: Transparenz in Beteiligungsprozessen" in text
    assert "Dienstag, 09. November 2021, 10:00–12:00 Uhr" in text
    assert len(at.table) == 3


@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_protected_page_run_directly_shows_only_the_login_form(app_db, name: str) -> None:
    at = page_file(name).run()
    assert not at.exception
    assert "Bitte melden Sie sich an" in all_text(at)
    assert [b.label for b in at.button] == ["Anmelden"]
    assert [t.label for t in at.text_input] == ["Benutzername", "Passwort"]
    assert [h.value for h in at.header] == ["Anmelden"]
    assert not at.title  # the page's own heading never appears


def login_with_form(username: str, password: str):
    """The real login form on /login; the extra run stands for the cookie component's own rerun."""
    at = app_as(None).run()
    at.switch_page("pages/login.py").run()
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click().run()
    return at.run()


def test_real_login_form_logs_the_organizer_in(app_db) -> None:
    at = login_with_form("orga", "orga-passwort-1")
    assert "Sie sind angemeldet als Olga Orga" in all_text(at)
    at.switch_page("pages/organisation.py").run()
    assert not at.exception
    assert "Organisation" in [t.value for t in at.title]


def test_wrong_password_keeps_the_door_shut(app_db) -> None:
    at = app_as(None).run()
    at.switch_page("pages/login.py").run()
    at.text_input[0].input("orga")
    at.text_input[1].input("falsches-passwort")
    at.button[0].click().run()
    assert "Benutzername oder Passwort ist falsch." in all_text(at)
    at.switch_page("pages/organisation.py").run()
    assert "Organisation" not in [t.value for t in at.title]


def test_moderator_may_not_open_the_organizer_page(app_db) -> None:
    at = app_as("moderator").run()
    at.switch_page("pages/moderation.py").run()
    assert "Moderation" in [t.value for t in at.title]
    at.switch_page("pages/organisation.py").run()
    assert "Für diese Seite fehlt Ihnen die Berechtigung." in all_text(at)
    assert "Organisation" not in [t.value for t in at.title]


def test_the_protected_list_covers_every_staff_page() -> None:
    assert set(PROTECTED) >= {"organisation.py", "auswertung.py", "moderation.py", "beamer.py"}


@pytest.mark.parametrize("name", sorted(n for n, group in PROTECTED.items() if group == "organizer"))
def test_organizer_page_run_directly_by_a_moderator_shows_nothing_of_it(app_db, name: str) -> None:
    """A moderator's session (e.g. from another tab) on an organizer page file run without the router."""
    at = logged_in(page_file(name), "moderator").run()
    assert not at.exception
    assert "Für diese Seite fehlt Ihnen die Berechtigung." in all_text(at)
    assert not at.title and not at.selectbox and not at.tabs and not at.metric  # no heading, no workshop picker


def test_first_admin_is_asked_for_an_own_password_before_any_staff_page(app_db) -> None:
    from db.engine import make_engine, make_sessionmaker
    from werkstatt.accounts.users import add_user

    engine = make_engine(app_db)
    with make_sessionmaker(engine).begin() as s:
        add_user(s, username="neu", role="organizer", password="vorlaeufig-123", must_change=True)
    engine.dispose()
    at = login_with_form("neu", "vorlaeufig-123")
    assert "vorläufiges Passwort" in all_text(at)
    at.switch_page("pages/organisation.py").run()
    assert "Eigenes Passwort festlegen" in [t.value for t in at.title]
    assert "Organisation" not in [t.value for t in at.title]
    fields = {t.label: t for t in at.text_input}
    fields["Bisheriges Passwort"].input("vorlaeufig-123")
    fields["Neues Passwort"].input("mein-eigenes-pw")
    fields["Neues Passwort wiederholen"].input("mein-eigenes-pw")
    next(b for b in at.button if b.label == "Passwort ändern").click().run()
    assert "Ihr Passwort ist geändert" in all_text(at)
    at.switch_page("pages/organisation.py").run()
    assert "Organisation" in [t.value for t in at.title]
