"""The programme, login and guards in a real browser against a real server."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import MODERATOR, ORGANIZER, goto, login, new_page, shoot, wait_idle

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_programme_shows_all_three_workshops(server, browser, viewport: str) -> None:
    page = new_page(browser, viewport)
    goto(page, server, "/")
    body = page.locator('[data-testid="stMain"]')
    for text in (
        "Werkstatt 1: Wie binde ich Unternehmen in die Arbeit der Wirtschaftsförderung ein?",
        "Werkstatt 2: Transparenz in Beteiligungsprozessen",
        "Werkstatt 3: Die Wirtschaftsförderung der Zukunft",
        "Mittwoch, 30. Juni 2021, 10:00–12:00 Uhr",
        "Dienstag, 14. September 2021, 10:00–12:00 Uhr",
        "Dienstag, 09. November 2021, 10:00–12:00 Uhr",
        "Gruppendiskussion – Woran scheitert Transparenz?",
        "Die Teilnehmerzahl pro Veranstaltung ist auf 20 Personen begrenzt.",
    ):
        assert body.get_by_text(text, exact=False).first.is_visible(), text
    shoot(page, f"programm-{viewport}")
    page.context.close()


def test_login_survives_reload_and_shows_staff_pages(server, browser) -> None:
    page = new_page(browser)
    login(page, server, ORGANIZER)
    # first request of a fresh server may be this page, run without the router's menu:
    # the page itself links to the user's pages
    assert page.get_by_role("link", name="Organisation").first.is_visible()
    page.reload()
    page.wait_for_selector('[data-testid="stApp"]')
    wait_idle(page)
    assert page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Organisation").is_visible()
    assert page.get_by_text("Angemeldet: Olga Orga").is_visible()
    page.context.close()


def test_wrong_password_is_refused_in_german(server, browser) -> None:
    page = new_page(browser)
    login(page, server, (MODERATOR[0], "falsch-falsch"))
    assert page.get_by_text("Benutzername oder Passwort ist falsch.").is_visible()
    assert page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Moderation").count() == 0
    page.context.close()


@pytest.mark.parametrize("path", ["/organisation", "/moderation", "/beamer"])
def test_protected_deep_link_shows_only_the_login_form(server, browser, path: str) -> None:
    page = new_page(browser)
    goto(page, server, path)
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_role("button", name="Anmelden").is_visible()
    assert main.locator("h1").filter(has_text="Organisation").count() == 0
    assert main.locator("h1").filter(has_text="Moderation").count() == 0
    page.context.close()


def test_moderator_is_refused_on_the_organizer_page(server, browser) -> None:
    page = new_page(browser)
    login(page, server, MODERATOR)
    assert page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Organisation").count() == 0
    page.context.close()
