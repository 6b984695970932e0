"""Legal pages and footer, past workshops shown as past, the organizer's tabs and audit log (AppTest)."""

from __future__ import annotations

from datetime import UTC, datetime

from db.engine import make_engine, make_sessionmaker
from db.models import Registration
from tests.future_dates import shift_workshops_into_future
from tests.pages.conftest import all_text, app_as
from werkstatt.registration.access import access_token
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.services import register


def test_the_start_page_links_the_legal_pages(app_db) -> None:
    # AppTest keeps only the page's own elements after switch_page (not the router's sidebar or
    # footer); the footer on every public page is checked in Chromium (tests/e2e/test_operations_e2e.py).
    at = app_as(None).run()
    footer = " ".join(str(h.proto.body) for h in at.get("html") if "ws-legal" in str(h.proto.body))
    for url, title in (
        ("impressum", "Impressum"),
        ("datenschutz", "Datenschutz"),
        ("barrierefreiheit", "Barrierefreiheit"),
    ):
        assert f'href="/{url}"' in footer and f">{title}</a>" in footer


def test_legal_pages_show_the_series_texts(app_db) -> None:
    at = app_as(None).run()
    at.switch_page("pages/datenschutz.py").run()
    text = all_text(at)
    assert "Datenschutzerklärung" in text and "Art. 77 DSGVO" in text and "Verantwortlich:" in text
    at.switch_page("pages/impressum.py").run()
    assert "Amt für Wirtschaftsförderung" in all_text(at)
    at.switch_page("pages/barrierefreiheit.py").run()
    assert "BITV 2.0" in all_text(at)


def test_past_workshops_are_shown_as_past_and_cannot_be_chosen(app_db) -> None:
    at = app_as(None).run()  # the wall clock: every 2021 workshop lies in the past
    assert "vergangen" in " ".join(str(h.value) for h in at.get("html"))
    at.switch_page("pages/anmeldung.py").run()
    assert not [c for c in at.checkbox if c.key and c.key.startswith("reg_ws_")]
    text = all_text(at)
    assert "hat bereits stattgefunden; eine Anmeldung ist nicht mehr möglich" in text
    assert "Zurzeit ist keine Werkstatt zur Anmeldung geöffnet." in text


def test_organizer_tabs_render_and_the_audit_log_shows_a_change(app_db) -> None:
    at = app_as("organizer").run()
    at.switch_page("pages/organisation.py").run()
    assert not at.exception
    assert "vergangen" in all_text(at)
    at.button(key="orga_close").click().run()
    assert not at.exception
    assert "Die Werkstatt ist geschlossen" in all_text(at)
    frames = [df.value for df in at.dataframe]
    log = next(f for f in frames if "Aktion" in f.columns)
    assert log.iloc[0]["Aktion"] == "Werkstatt geschlossen" and log.iloc[0]["Konto"] == "orga"


def test_my_registration_page_lists_bookings_and_books_another_workshop(app_db) -> None:
    shift_workshops_into_future(app_db)
    engine = make_engine(app_db)
    with make_sessionmaker(engine).begin() as s:
        (outcome,) = register(
            s,
            applicant=Applicant("Ida", "Imhoff", "ida@beispiel.de", privacy_consent=True),
            workshop_ids=[1],
            now=datetime.now(UTC),
        )
        person_id = s.get(Registration, outcome.registration_id).person_id  # type: ignore[union-attr]
        token = access_token(s, person_id=person_id, now=datetime.now(UTC))
    engine.dispose()
    at = app_as(None)
    at.query_params["meine"] = token
    at.run()
    at.switch_page("pages/anmeldung.py").run()
    assert not at.exception
    text = all_text(at)
    assert "Meine Anmeldung" in text and "Ihr Platz ist bestätigt." in text
    at.button(key="meine_2").click().run()
    assert "Werkstatt 2: bestätigt. Sie erhalten eine E-Mail." in all_text(at)
