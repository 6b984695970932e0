"""Organizer operations in Chromium, on a server of its own with the bundled 2021 dates (all past today):
a registration, a cancel link and a join code are refused in German; every public page links the legal
pages; the organizer's log shows who changed what."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from db.models import Registration, Workshop
from tests.e2e.conftest import (
    ORGANIZER,
    Server,
    app_server,
    goto,
    login,
    new_page,
    shoot,
)
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.services import register

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def past_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with app_server(tmp_path_factory.mktemp("e2e-operations"), "ops") as srv:
        yield srv


def test_past_workshop_refuses_registration_cancel_link_and_join_code(past_server, browser) -> None:
    factory = past_server.session_factory()
    with factory.begin() as s:  # registered back then, before the workshop
        w1 = s.scalar(select(Workshop).where(Workshop.number == 1))
        code = w1.join_code
        register(
            s,
            applicant=Applicant("Anna", "Albers", "anna@beispiel.de", privacy_consent=True),
            workshop_ids=[w1.id],
            now=datetime(2021, 6, 1, tzinfo=UTC),
        )
        token = s.scalar(select(Registration.cancel_token))
    phone = new_page(browser, "phone")
    goto(phone, past_server, "/anmeldung")
    main = phone.locator('[data-testid="stMain"]')
    assert main.get_by_text("hat bereits stattgefunden; eine Anmeldung ist nicht mehr möglich").first.is_visible()
    assert main.get_by_text("Zurzeit ist keine Werkstatt zur Anmeldung geöffnet.").is_visible()
    assert phone.locator('[data-testid="stCheckbox"]').filter(has_text="Werkstatt 1:").count() == 0
    shoot(phone, "anmeldung-vergangen-phone")

    goto(phone, past_server, f"/anmeldung?storno={token}")
    assert main.get_by_text("hat bereits begonnen; eine Abmeldung über den Link ist nicht mehr möglich").is_visible()
    assert phone.get_by_role("button", name="Ja, Anmeldung stornieren").count() == 0
    with factory() as s:
        assert s.scalar(select(Registration.status)) == "confirmed"

    goto(phone, past_server, f"/mitmachen?code={code}")
    phone.get_by_role("button", name="Mitmachen").click()
    phone.get_by_text("ist beendet; Mitmachen ist nicht mehr möglich").wait_for(timeout=20_000)
    shoot(phone, "mitmachen-vergangen-phone", full_page=False)
    phone.context.close()


@pytest.mark.parametrize("path", ["/", "/anmeldung", "/mitmachen", "/ergebnisse", "/impressum"])
def test_every_public_page_links_impressum_datenschutz_barrierefreiheit(past_server, browser, path) -> None:
    page = new_page(browser, "laptop")
    goto(page, past_server, path)
    main = page.locator('[data-testid="stMain"]')
    for label in ("Impressum", "Datenschutz", "Barrierefreiheit"):
        assert main.get_by_role("link", name=label).count() >= 1, f"{path}: {label}"
    if path == "/":
        main.get_by_role("link", name="Datenschutz").click()
        page.get_by_text("Art. 77 DSGVO").wait_for(timeout=20_000)
        shoot(page, "datenschutz-laptop", full_page=False)
    page.context.close()


def test_organizer_closes_a_workshop_and_reads_it_in_the_log(past_server, browser) -> None:
    for viewport, name in (("laptop", "laptop"), ("beamer", "1920"), ("phone", "phone")):
        page = new_page(browser, viewport)
        login(page, past_server, ORGANIZER)
        goto(page, past_server, "/organisation")
        main = page.locator('[data-testid="stMain"]')
        assert main.get_by_text("vergangen").first.is_visible()
        if viewport == "laptop":
            main.get_by_role("tab", name="Einstellungen").click()
            main.get_by_role("button", name="Werkstatt schließen (Mitmachen beenden)").click()
            page.get_by_text("Die Werkstatt ist geschlossen").wait_for(timeout=20_000)
        main.get_by_role("tab", name="Protokoll").click()
        main.get_by_text("Jede Änderung durch Moderation und Organisation").wait_for(timeout=20_000)
        shoot(page, f"organisation-protokoll-{name}", full_page=False)
        main.get_by_role("tab", name="E-Mails").click()
        shoot(page, f"organisation-mail-{name}", full_page=False)
        page.context.close()
