"""Registration while the SQLite file is locked: a German message, every entry kept, stored once afterwards."""

from __future__ import annotations

import sqlite3

from db.models import Registration
from tests.pages.conftest import all_text
from tests.pages.test_registration_pages import count, future, open_form, submit  # noqa: F401  (future: autouse)


def test_a_locked_database_keeps_the_form_and_a_later_submit_registers_once(app_db, monkeypatch) -> None:
    monkeypatch.setenv("WERKSTATT_SQLITE_BUSY_MS", "150")  # the app's engine for this new file waits briefly
    at = open_form()
    blocker = sqlite3.connect(app_db.removeprefix("sqlite:///"), isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        submit(at)
        text = all_text(at)
        assert "Datenbank ist kurz nicht erreichbar" in text and "Ihre Eingabe ist noch da" in text
        assert "locked" not in text and "Error" not in text
        assert at.text_input(key="reg_email").value == "anna@beispiel.de"  # nothing typed is lost
        assert at.text_input(key="reg_first").value == "Anna"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert count(app_db, Registration) == 0
    at.button[0].click().run()  # the same form, sent again
    assert "Vielen Dank für Ihre Anmeldung!" in all_text(at)
    assert count(app_db, Registration) == 1
