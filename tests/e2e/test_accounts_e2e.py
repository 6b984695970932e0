"""Accounts in the browser: an organizer adds a moderator, who logs in and sets an own password;
a login cookie (HttpOnly) copied before "Abmelden" opens nothing afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import User
from tests.e2e.conftest import ORGANIZER, goto, login, new_page, shoot, wait_idle

pytestmark = pytest.mark.e2e


def test_organizer_adds_a_moderator_who_logs_in_and_changes_the_password(server, browser) -> None:
    orga = new_page(browser, "laptop")
    login(orga, server, ORGANIZER)
    assert any(c["name"] == "werkstatt_login" for c in orga.context.cookies()), "login cookie not stored"
    goto(orga, server, "/team")
    orga.get_by_role("heading", name="Konten des Teams").wait_for(timeout=30_000)
    form = orga.locator('[data-testid="stForm"]').filter(has_text="Konto anlegen")
    form.get_by_role("textbox", name="Benutzername").fill("anna")
    form.get_by_role("textbox", name="Name", exact=True).fill("Anna Assmann")
    form.get_by_role("button", name="Konto anlegen").click()
    orga.get_by_text("Vorläufiges Passwort für „anna“").wait_for(timeout=15_000)
    wait_idle(orga)
    password = orga.locator('[data-testid="stCode"] code').first.inner_text().strip()
    assert len(password) >= 12
    with server.session_factory()() as s:
        anna = s.scalar(select(User).where(User.username == "anna"))
        assert (anna.role, anna.name, anna.must_change_password) == ("moderator", "Anna Assmann", True)
    shoot(orga, "konten-laptop")

    mod = new_page(browser, "phone")
    login(mod, server, ("anna", password), path="/moderation")
    mod.get_by_text("Eigenes Passwort festlegen").wait_for(timeout=15_000)
    assert mod.locator("h1").filter(has_text="Moderation").count() == 0  # not before an own password
    shoot(mod, "passwort-festlegen-phone")
    mod.get_by_role("textbox", name="Bisheriges Passwort").fill(password)
    mod.get_by_role("textbox", name="Neues Passwort", exact=True).fill("annas-eigenes-pw")
    mod.get_by_role("textbox", name="Neues Passwort wiederholen").fill("annas-eigenes-pw")
    mod.get_by_role("button", name="Passwort ändern").click()
    mod.get_by_text("Ihr Passwort ist geändert").wait_for(timeout=15_000)
    goto(mod, server, "/moderation")
    mod.locator("h1").filter(has_text="Moderation").wait_for(timeout=15_000)
    mod.context.close()

    fresh = new_page(browser, "laptop")
    login(fresh, server, ("anna", password))
    assert fresh.get_by_text("Benutzername oder Passwort ist falsch.").is_visible()
    login(fresh, server, ("anna", "annas-eigenes-pw"))
    assert fresh.get_by_text("Sie sind angemeldet als Anna Assmann").is_visible()
    fresh.context.close()
    orga.context.close()


def test_a_cookie_copied_before_logout_opens_nothing_afterwards(server, browser) -> None:
    page = new_page(browser)
    goto(page, server, "/")  # the router's first run in this server process (see tests/e2e/conftest.py)
    login(page, server, ORGANIZER)
    cookies = [c for c in page.context.cookies() if c["name"] == "werkstatt_login"]
    assert cookies, "the login cookie was not stored"
    # serve.py sets it from the server: HttpOnly, so no script in the page can read it.
    assert cookies[0]["httpOnly"] and cookies[0]["sameSite"] == "Lax"
    assert "werkstatt_login" not in page.evaluate("document.cookie")
    page.reload()
    page.wait_for_selector('[data-testid="stApp"]')
    wait_idle(page)
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Abmelden").click()
    wait_idle(page)

    thief = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    thief.add_cookies(cookies)
    other = thief.new_page()
    goto(other, server, "/organisation")
    main = other.locator('[data-testid="stMain"]')
    assert main.get_by_role("button", name="Anmelden").is_visible()
    assert main.locator("h1").filter(has_text="Organisation").count() == 0
    thief.close()
    page.context.close()


@pytest.mark.parametrize(
    "cookie",
    [
        "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ1c2VybmFtZSI6Im9yZ2EiLCJleHBfZGF0ZSI6OTk5OTk5OTk5OX0.",
        "x" * 43,
        "%00",
    ],
    ids=["alg-none", "unknown-id", "nul"],
)
def test_a_forged_cookie_is_just_not_logged_in(server, browser, cookie: str) -> None:
    context = browser.new_context(locale="de-DE")
    context.add_cookies([{"name": "werkstatt_login", "value": cookie, "url": server.url}])
    page = context.new_page()
    goto(page, server, "/ergebnisse")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").filter(has_text="Ergebnisse").is_visible()
    context.close()
