"""/organisation, Einstellungen: the organizer sets reminder times in the browser form (AppTest, real login)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.engine import make_engine, make_sessionmaker
from tests.future_dates import shift_workshops_into_future
from tests.pages.conftest import all_text, app_as
from werkstatt.mail.reminder_settings import NO_REMINDER
from werkstatt.mail.reminders import queue_due_reminders
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.services import register
from werkstatt.series.store import get_workshop

DAY, HOUR = 24 * 60, 60


def organisation(wid: int):
    at = app_as("organizer")
    at.query_params["w"] = str(wid)
    at.run()
    at.switch_page("pages/organisation.py").run()
    assert not at.exception, at.exception
    return at


def save(at, choice: list[int]):
    at.multiselect(key="orga_reminder_times").set_value(choice)
    at.button(key="orga_reminders_save").click().run()
    assert not at.exception, at.exception
    return all_text(at).replace("\\", "")  # flash messages are escaped text


def test_organizer_sets_reminder_times_and_sees_refusals(app_db) -> None:
    shift_workshops_into_future(app_db)
    at = organisation(1)
    assert at.multiselect(key="orga_reminder_times").value == [DAY, HOUR]  # the default
    assert "Eingestellt: Standard: 1 Tag vorher, 1 Stunde vorher" in all_text(at)
    assert "Bisher wurde für diese Werkstatt keine Erinnerung verschickt." in all_text(at)

    text = save(at, [3 * DAY, HOUR])
    assert "Erinnerungen gespeichert: 3 Tage vorher, 1 Stunde vorher" in text
    assert "Eingestellt: 3 Tage vorher, 1 Stunde vorher" in text

    text = save(at, [3 * DAY, DAY, 3 * HOUR, HOUR])
    assert "Höchstens 3 Erinnerungen je Werkstatt." in [e.value for e in at.error]
    assert "Eingestellt: 3 Tage vorher, 1 Stunde vorher" in text  # nothing stored changed

    save(at, [NO_REMINDER, HOUR])
    assert any("nicht zusammen mit Erinnerungszeiten" in e.value for e in at.error)

    text = save(at, [NO_REMINDER])
    assert "Eingestellt: keine Erinnerung" in text
    at.button(key="orga_reminders_reset").click().run()
    assert "Eingestellt: Standard: 1 Tag vorher, 1 Stunde vorher" in all_text(at)
    log = next(df.value for df in at.dataframe if "Aktion" in df.value.columns)
    assert (log["Aktion"] == "Erinnerungszeiten geändert").sum() == 3


def test_the_form_shows_reminders_already_done(app_db) -> None:
    shift_workshops_into_future(app_db)
    engine = make_engine(app_db)
    factory = make_sessionmaker(engine)
    with factory.begin() as s:
        applicant = Applicant("Ida", "Imhoff", "ida@beispiel.de", privacy_consent=True)
        register(s, applicant=applicant, workshop_ids=[1], now=datetime.now(UTC))
        start = get_workshop(s, workshop_id=1).starts_at
    with factory.begin() as s:
        queue_due_reminders(s, now=start - timedelta(hours=23))
    engine.dispose()
    text = all_text(organisation(1))
    assert "1 Tag vorher: erledigt für 1 Anmeldung, zuletzt am" in text
