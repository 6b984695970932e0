"""What people notice: a menu from the first request, the menu on a phone, focus that stays, a German
document with a title per page, and a shared screen that never needs scrolling."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from db.models import User, Workshop
from tests.e2e.a11y_steps import fill_wall, set_phase, workshop_id
from tests.e2e.conftest import (
    ORGANIZER,
    Server,
    app_server,
    goto,
    login,
    new_page,
    shoot,
    wait_idle,
)
from werkstatt.accounts.sessions import COOKIE_NAME, open_session
from werkstatt.clock import utc_now

pytestmark = pytest.mark.e2e


def _login_cookie(server, username: str) -> dict:
    """The login cookie the team login sets: the id of a real server-side session (werkstatt/accounts/sessions.py)."""
    with server.session_factory().begin() as s:
        user = s.scalar(select(User).where(User.username == username))
        token = open_session(s, user=user, now=utc_now())
    return {"name": COOKIE_NAME, "value": token, "url": server.url}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """This module's own server: workshop 2 carries 40 contributions for the shared screen."""

    def seed(factory: sessionmaker, _url: str) -> None:
        fill_wall(factory, workshop_id(factory, 2))

    with app_server(tmp_path_factory.mktemp("a11y-flows"), "flows", seed=seed) as srv:
        yield srv


def test_first_request_after_a_start_shows_menu_and_logout(browser, tmp_path) -> None:
    """Right after a start Streamlit runs /organisation without the router: the page draws the menu itself."""
    with app_server(tmp_path, "first") as srv:
        page = new_page(browser, "laptop")
        page.context.add_cookies([_login_cookie(srv, ORGANIZER[0])])
        goto(page, srv, "/organisation")  # the very first request of this server process
        page.locator("h1").filter(has_text="Organisation").wait_for(timeout=15_000)
        sidebar = page.locator('[data-testid="stSidebar"]')
        # Waits for the state, not for a moment: right after the start the router's own run follows the
        # page's first run and draws the sidebar again (a 'make test' beside this one caught it in between).
        sidebar.get_by_role("button", name="Abmelden (Team)").wait_for(timeout=15_000)
        for title in ("Programm", "Anmeldung", "Mitmachen", "Ergebnisse", "Moderation", "Auswertung"):
            sidebar.get_by_role("link", name=title, exact=True).wait_for(timeout=15_000)
        page.context.close()


def test_a_phone_reaches_the_public_pages_through_the_menu(browser, server) -> None:
    page = new_page(browser, "phone")
    goto(page, server, "/")
    main = page.locator('[data-testid="stMain"]')
    row = page.locator(".st-key-ws-phone-nav")
    for title, heading in (("Anmeldung", "Anmeldung"), ("Mitmachen", "Mitmachen"), ("Ergebnisse", "Ergebnisse")):
        row.get_by_role("link", name=title, exact=True).click()
        main.locator("h1").filter(has_text=heading).first.wait_for(timeout=15_000)
        assert page.url.endswith("/" + title.lower())
    shoot(page, "menu-links-phone", full_page=False)
    # The sidebar menu opens from its button on the phone too (Streamlit's header stays visible).
    toggle = page.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button')
    toggle.first.click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("link", name="Team-Login", exact=True).wait_for(timeout=5_000)
    shoot(page, "menu-sidebar-phone", full_page=False)
    sidebar.get_by_role("link", name="Programm", exact=True).click()
    page.locator(".ws-hero").first.wait_for(timeout=15_000)
    page.context.close()


def test_keyboard_only_post_and_dot_keep_the_focus(browser, server) -> None:
    wid = workshop_id(server.session_factory(), 1)
    set_phase(server.session_factory(), wid, "input")
    with server.session_factory()() as s:
        code = s.get(Workshop, wid).join_code
    page = new_page(browser, "laptop")
    try:
        goto(page, server, f"/mitmachen?code={code}")
        page.get_by_label("Code der Werkstatt").focus()
        page.keyboard.press("Enter")  # joins (the code is already in the field)
        text = page.get_by_label("Ihr Beitrag")
        text.wait_for(timeout=15_000)
        wait_idle(page)
        text.focus()
        page.keyboard.type("Barrierefreiheit von Anfang an mitdenken")
        send = page.get_by_role("button", name="Beitrag senden")
        while not send.evaluate("el => el === document.activeElement"):
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.get_by_text("ist gespeichert").wait_for(timeout=15_000)
        wait_idle(page)
        assert page.evaluate("document.activeElement.innerText").strip() == "Beitrag senden"

        dot = page.get_by_role("button", name="Punkt geben für #").first
        name = dot.inner_text().strip()
        number = name.rsplit("#", 1)[1]
        dot.focus()
        page.keyboard.press("Enter")
        page.get_by_role("button", name=f"Punkt zurücknehmen für #{number}").wait_for(timeout=15_000)
        wait_idle(page)
        assert page.evaluate("document.activeElement.innerText").strip() == f"Punkt zurücknehmen für #{number}"
        page.keyboard.press("Enter")  # and back: the same button, still focused
        page.get_by_role("button", name=f"Punkt geben für #{number}").wait_for(timeout=15_000)
        wait_idle(page)
        assert page.evaluate("document.activeElement.innerText").strip() == f"Punkt geben für #{number}"
    finally:
        page.context.close()
        set_phase(server.session_factory(), wid, None)


def test_every_page_is_a_german_document_with_its_own_title(browser, server) -> None:
    page = new_page(browser, "laptop")
    titles = {}
    for path in ("/", "/anmeldung", "/mitmachen", "/ergebnisse", "/login", "/barrierefreiheit"):
        goto(page, server, path)
        assert page.evaluate("document.documentElement.lang") == "de", path
        page.wait_for_function("document.title.includes('·')", timeout=10_000)
        titles[path] = page.title()
    assert titles["/anmeldung"] == "Anmeldung · Bottrop 2018+"
    assert titles["/login"] == "Team-Login · Bottrop 2018+"
    assert len(set(titles.values())) == len(titles), titles
    # Streamlit's own skip link speaks German too.
    assert page.get_by_test_id("stSkipToContent").inner_text() == "Zum Inhalt springen"
    page.context.close()


WIDTH = {"beamer": "1920", "laptop": "1366"}
_SCROLL = """() => {
  if (document.querySelector('[data-stale="true"]')) { return null; }  // mid-refresh: old and new cards
  const boxes = [document.scrollingElement, ...document.querySelectorAll(
    '[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stAppScrollToBottomContainer"]')];
  return Math.max(...boxes.filter(Boolean).map(b => b.scrollHeight - b.clientHeight));
}"""


def overflow(page) -> int:
    """How far the settled shared screen would need to scroll (0 when it fits).

    Measured when no element is stale: while a fragment refreshes, Streamlit keeps the old
    cards next to the new ones for a moment, which no viewer sees as a layout.
    """
    for _ in range(40):
        value = page.evaluate(_SCROLL)
        if value is not None:
            return int(value)
        page.wait_for_timeout(250)
    raise AssertionError("Die Beamer-Ansicht kam nicht zur Ruhe")


@pytest.mark.parametrize("size", ["beamer", "laptop"])
def test_shared_screen_fits_without_scrolling(browser, server, size: str) -> None:
    factory = server.session_factory()
    wid = workshop_id(factory, 2)  # 40 contributions (flows_server)
    set_phase(factory, wid, "input")
    page = new_page(browser, size)
    try:
        login(page, server, ORGANIZER)
        goto(page, server, f"/beamer?w={wid}")
        page.get_by_test_id("wall-more").first.wait_for(timeout=15_000)
        wait_idle(page, settle=0.3)
        assert overflow(page) <= 0, "Die Beitragswand braucht eine Bildlaufleiste"
        assert "weitere" in page.get_by_test_id("wall-more").first.inner_text()
        shoot(page, f"beamer-wall-{WIDTH[size]}", full_page=False)
        set_phase(factory, wid, "results")
        goto(page, server, f"/beamer?w={wid}")
        for panel in (1, 2):
            page.get_by_test_id("fazit-page").filter(has_text=f"Ansicht {panel} von 2").wait_for(timeout=30_000)
            wait_idle(page, settle=0.3)
            assert overflow(page) <= 0, f"Das Fazit (Ansicht {panel}) braucht eine Bildlaufleiste"
            shoot(page, f"beamer-fazit-{panel}-{WIDTH[size]}", full_page=False)
    finally:
        page.context.close()
        set_phase(factory, wid, None)


_CORNER = """() => {
  const corner = document.querySelector('[data-testid="join-corner"]');
  const column = corner.closest('[data-testid="stColumn"]');
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const parts = [...column.querySelectorAll('[data-testid="join-corner"], .pp-join-url, img')];
  const main = column.previousElementSibling;
  return {
    // how far each scroll box really moves sideways (overflow hidden does not count)
    scroll: Math.max(...[document.scrollingElement, ...document.querySelectorAll(
      '[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stMainBlockContainer"]')]
      .map(el => { el.scrollLeft = 9999; const moved = el.scrollLeft; el.scrollLeft = 0; return moved; })),
    column: box(column), main: main ? box(main) : null,
    parts: parts.map(el => ({box: box(el), clipped: el.scrollWidth - el.clientWidth})),
  };
}"""


@pytest.mark.parametrize("zoom", ["200 % (960x540 @2x)", "100 % (1920x1080)"])
def test_join_corner_reflows_at_200_percent_zoom(browser, server, zoom: str) -> None:
    """The shared screen at 200 % zoom: no horizontal scrolling, code, QR and link inside their column."""
    factory = server.session_factory()
    wid = workshop_id(factory, 2)
    set_phase(factory, wid, "input")
    width, height, scale = (960, 540, 2) if zoom.startswith("200") else (1920, 1080, 1)
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale, locale="de-DE"
    )
    page = context.new_page()
    try:
        login(page, server, ORGANIZER)
        goto(page, server, f"/beamer?w={wid}")
        page.get_by_test_id("join-corner").wait_for(timeout=15_000)
        page.get_by_test_id("wall-foot").wait_for(timeout=15_000)
        wait_idle(page, settle=0.3)
        found = page.evaluate(_CORNER)
        assert found["scroll"] <= 0, f"waagerechter Bildlauf bei {zoom}: {found}"
        left, _, right, _ = found["column"]
        for part in found["parts"]:
            assert part["clipped"] <= 0, f"abgeschnitten bei {zoom}: {part}"
            assert left - 1 <= part["box"][0] and part["box"][2] <= right + 1, f"ragt heraus bei {zoom}: {part}"
        if found["main"]:
            assert found["main"][2] <= left, f"Wand und Mitmach-Ecke überlappen bei {zoom}: {found}"
        if scale == 2:
            shoot(page, "beamer-zoom-200", full_page=False)
    finally:
        context.close()
        set_phase(factory, wid, None)


_UNDER_HEADER = """() => {
  const header = document.querySelector('[data-testid="stHeader"]');
  const bottom = header ? header.getBoundingClientRect().bottom : 0;
  const first = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]')]
    .map(el => el.getBoundingClientRect()).find(r => r.height > 1 && r.width > 1);
  return {bottom, top: first ? first.top : null};
}"""


def test_on_a_phone_nothing_starts_under_the_header(browser, server) -> None:
    wid = workshop_id(server.session_factory(), 2)
    with server.session_factory()() as s:
        code = s.get(Workshop, wid).join_code
    page = new_page(browser, "phone")
    try:
        for path in ("/", "/anmeldung", "/ergebnisse", "/login", f"/mitmachen?code={code}", "/barrierefreiheit"):
            goto(page, server, path)
            found = page.evaluate(_UNDER_HEADER)
            assert found["top"] is not None and found["top"] >= found["bottom"], f"{path}: {found}"
    finally:
        page.context.close()
