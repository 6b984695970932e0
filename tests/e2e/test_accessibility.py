"""WCAG 2.1 AA (BITV 2.0) on every screen and state: axe-core finds nothing critical or serious,
and the headings go one h1, then no level skipped (tests/e2e/a11y_steps.py::heading_findings).

One server on its own database: workshop 1 drives the timer stages, workshop 2 is a
finished and published run, workshop 3 carries 40 contributions (wall, Fazit, joining).
Every test scans one group of screens at one of the three sizes (phone, laptop, shared screen).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import sessionmaker

from tests.e2e.a11y_steps import fill_wall, open_screen, screen_findings, set_phase, set_timer_stage, workshop_id
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
from tests.future_dates import shift_workshops_into_future
from tests.seed_data import seed_workshop
from werkstatt.clock import utc_now
from werkstatt.results.publication import publish

pytestmark = pytest.mark.e2e

SIZES = ["phone", "laptop", "beamer"]
SHOT_SUFFIX = {"phone": "phone", "laptop": "1366", "beamer": "1920"}


@pytest.fixture(scope="module")
def a11y_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    def seed(factory: sessionmaker, url: str) -> None:
        published = workshop_id(factory, 2)
        seed_workshop(factory, published)
        with factory.begin() as s:
            publish(s, workshop_id=published, actor=ORGANIZER[0], now=utc_now())
        fill_wall(factory, workshop_id(factory, 3))
        shift_workshops_into_future(url)  # the registration form is open only for workshops still ahead

    with app_server(tmp_path_factory.mktemp("a11y"), "a11y", seed=seed) as srv:
        yield srv


@pytest.fixture(scope="module")
def staff(browser, a11y_server: Server) -> Iterator[dict]:
    """One logged-in organizer page per screen size, created on first use and reused."""
    pages: dict = {}

    def get(size: str):
        if size not in pages:
            pages[size] = new_page(browser, size)
            login(pages[size], a11y_server, ORGANIZER)
        return pages[size]

    yield {"get": get}
    for page in pages.values():
        page.context.close()


def _assert_clean(findings: list[str]) -> None:
    assert not findings, "axe-core (WCAG 2.1 A/AA), kritisch/ernst:\n" + "\n".join(findings)


@pytest.mark.parametrize("size", SIZES)
def test_public_pages(browser, a11y_server: Server, size: str) -> None:
    page = new_page(browser, size)
    findings: list[str] = []
    for path in ("/", "/ergebnisse", "/barrierefreiheit", "/login"):
        goto(page, a11y_server, path)
        findings += screen_findings(page, f"{path} {size}")
    page.get_by_label("Benutzername").fill("orga")
    page.get_by_role("button", name="Anmelden", exact=True).click()  # no password: says what is missing
    page.get_by_text("Bitte ergänzen Sie Ihre Anmeldung").wait_for(timeout=15_000)
    findings += screen_findings(page, f"/login leer abgeschickt {size}")
    password = page.get_by_role("textbox", name="Passwort")
    assert password.get_attribute("aria-invalid") == "true"
    note = page.locator(f"#{password.get_attribute('aria-describedby')}")
    assert note.inner_text().endswith("Bitte geben Sie Ihr Passwort ein.")
    assert page.get_by_label("Benutzername").input_value() == "orga"  # kept
    assert page.evaluate("document.activeElement.innerText").strip() == "Anmelden"  # the focus stays
    page.context.close()
    _assert_clean(findings)


@pytest.mark.parametrize("size", SIZES)
def test_registration_states(browser, a11y_server: Server, size: str) -> None:
    page = new_page(browser, size)
    findings: list[str] = []
    goto(page, a11y_server, "/anmeldung")
    findings += screen_findings(page, f"/anmeldung leer {size}")
    page.get_by_label("Nachname *", exact=True).fill("Barrierefrei")
    page.get_by_role("button", name="Verbindlich anmelden").click()
    page.get_by_text("Bitte prüfen Sie").first.wait_for(timeout=15_000)
    findings += screen_findings(page, f"/anmeldung mit Fehlern {size}")
    # The focus is on the summary; each field with a problem says it right under itself.
    page.wait_for_function("document.activeElement.closest('.st-key-reg_summary') !== null", timeout=5_000)
    first = page.get_by_label("Vorname *", exact=True)
    assert first.get_attribute("aria-invalid") == "true"
    assert page.locator(f"#{first.get_attribute('aria-describedby')}").inner_text().endswith("Vornamen an.")
    assert page.get_by_label("Nachname *", exact=True).get_attribute("aria-invalid") is None
    assert page.get_by_label("Nachname *", exact=True).input_value() == "Barrierefrei"  # kept
    if size == "phone":
        shoot(page, "anmeldung-fehler-phone", full_page=False)
    page.get_by_label("Vorname *", exact=True).fill("Alex")
    page.get_by_label("E-Mail-Adresse *", exact=True).fill(f"a11y-{size}@beispiel.de")
    page.locator('[data-testid="stCheckbox"]').filter(has_text="Werkstatt 1:").locator("label").click()
    page.locator('[data-testid="stCheckbox"]').filter(has_text="Datenschutzhinweis gelesen").locator("label").click()
    page.get_by_role("button", name="Verbindlich anmelden").click()
    page.get_by_text("Vielen Dank für Ihre Anmeldung!").wait_for(timeout=20_000)
    findings += screen_findings(page, f"/anmeldung fertig {size}")
    page.context.close()
    _assert_clean(findings)


@pytest.mark.parametrize("size", SIZES)
def test_participation_states(browser, a11y_server: Server, size: str) -> None:
    factory = a11y_server.session_factory()
    wid = workshop_id(factory, 3)
    set_phase(factory, wid, "input")
    with factory() as s:
        from db.models import Workshop

        code = s.get(Workshop, wid).join_code
    page = new_page(browser, size)
    findings: list[str] = []
    goto(page, a11y_server, f"/mitmachen?code={code}")
    findings += screen_findings(page, f"/mitmachen Beitritt {size}")
    page.get_by_role("button", name="Mitmachen").click()
    page.get_by_label("Ihr Beitrag").wait_for(timeout=15_000)
    findings += screen_findings(page, f"/mitmachen beigetreten {size}")
    page.get_by_label("Ihr Beitrag").fill("Ein barrierefreier Beitrag zum Prüfen")
    page.get_by_role("button", name="Beitrag senden").click()
    page.get_by_text("ist gespeichert").wait_for(timeout=15_000)
    findings += screen_findings(page, f"/mitmachen gepostet {size}")
    page.get_by_role("button", name="Punkt geben").first.click()
    page.get_by_role("button", name="Punkt zurücknehmen").first.wait_for(timeout=15_000)
    findings += screen_findings(page, f"/mitmachen Punkt gegeben {size}")
    shoot(page, f"mitmachen-punkt-{SHOT_SUFFIX[size]}", full_page=False)
    page.context.close()
    _assert_clean(findings)


@pytest.mark.parametrize("size", SIZES)
def test_moderation_in_every_timer_stage(staff, a11y_server: Server, size: str) -> None:
    factory = a11y_server.session_factory()
    wid = workshop_id(factory, 1)
    page = staff["get"](size)
    findings: list[str] = []
    for stage in ("normal", "warn", "critical", "overrun"):
        set_timer_stage(factory, wid, stage)
        open_screen(page, a11y_server, f"/moderation?w={wid}")
        findings += screen_findings(page, f"/moderation Timer {stage} {size}")
        page.get_by_role("tab", name="Beiträge").click()
        wait_idle(page, timeout=45_000, settle=0.3)  # axe on a half-drawn page reads a transient DOM
        findings += screen_findings(page, f"/moderation Beiträge {stage} {size}")
    open_screen(page, a11y_server, f"/moderation?w={workshop_id(factory, 3)}")
    page.get_by_role("tab", name="Beiträge").click()
    wait_idle(page, timeout=45_000, settle=0.3)
    findings += screen_findings(page, f"/moderation Beiträge (40) {size}")
    _assert_clean(findings)


@pytest.mark.parametrize("size", SIZES)
def test_organisation_tabs(staff, a11y_server: Server, size: str) -> None:
    page = staff["get"](size)
    open_screen(page, a11y_server, f"/organisation?w={workshop_id(a11y_server.session_factory(), 1)}")
    findings = screen_findings(page, f"/organisation {size}")
    for tab in page.locator('[data-testid="stMain"] [role="tab"]').all_inner_texts()[1:]:
        page.get_by_role("tab", name=tab.strip(), exact=True).click()
        findings += screen_findings(page, f"/organisation {tab.strip()} {size}")
    _assert_clean(findings)


@pytest.mark.parametrize("size", SIZES)
def test_shared_screen_in_every_state(staff, a11y_server: Server, size: str) -> None:
    factory = a11y_server.session_factory()
    timer_wid, wall_wid = workshop_id(factory, 1), workshop_id(factory, 3)
    page = staff["get"](size)
    findings: list[str] = []
    for stage in ("normal", "warn", "critical", "overrun"):
        set_timer_stage(factory, timer_wid, stage)
        open_screen(page, a11y_server, f"/beamer?w={timer_wid}")
        page.locator(f'.bm[data-stage="{stage}"]').wait_for(timeout=10_000)
        findings += screen_findings(page, f"/beamer Timer {stage} {size}")
        if stage == "critical":
            shoot(page, f"beamer-timer-critical-{SHOT_SUFFIX[size]}", full_page=False)
    set_phase(factory, wall_wid, "input")
    open_screen(page, a11y_server, f"/beamer?w={wall_wid}")
    page.locator('[data-testid="wall-foot"]').wait_for(timeout=10_000)
    findings += screen_findings(page, f"/beamer Wand {size}")
    set_phase(factory, wall_wid, "results")
    open_screen(page, a11y_server, f"/beamer?w={wall_wid}")
    page.get_by_text("Meiste Punkte").first.wait_for(timeout=15_000)
    findings += screen_findings(page, f"/beamer Fazit {size}")
    set_phase(factory, wall_wid, "input")
    _assert_clean(findings)
