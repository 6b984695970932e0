"""Push instead of poll, in Chromium: countdowns tick in the browser, screens redraw on change.

`window.__werkstattLive.renders` counts how often a live part was drawn by the server; a page
that never reloaded keeps a marker we set on `window`.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from itertools import pairwise

import pytest

from bench.st_client import ScriptError, StreamlitSession
from tests.e2e.conftest import (
    MODERATOR,
    Server,
    app_server,
    goto,
    login,
    new_page,
    prepare_database,
    shoot,
    start_server,
    stop_server,
    wait_idle,
)
from tests.e2e.steps import join_and_post, set_phase
from tests.e2e.test_timer_e2e import _fresh_run, _running_for, _workshop_id
from werkstatt.session.timer_log import record_event

pytestmark = pytest.mark.e2e

SAMPLE_JS = """(ms) => new Promise((done) => {
  const clock = document.querySelector('[data-testid="beamer-clock"]');
  const seen = [];
  const t0 = performance.now();
  const id = setInterval(() => {
    seen.push([performance.now() - t0, clock.textContent]);
    if (performance.now() - t0 >= ms) { clearInterval(id); done(seen); }
  }, 100);
})"""


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("+") else 1
    minutes, seconds = text.lstrip("+").split(":")
    return sign * (int(minutes) * 60 + int(seconds))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of this module's own: its posts and timer runs do not change what other e2e tests count."""
    with app_server(tmp_path_factory.mktemp("live-push"), "live") as srv:
        yield srv


@pytest.fixture
def busy_server(server) -> Iterator[None]:
    """Keeps the server's CPU busy: four websocket sessions rerun the programme page back to back."""
    stop = threading.Event()

    async def hammer() -> None:
        sessions = [StreamlitSession(server.url, "") for _ in range(4)]
        for s in sessions:
            await s.connect()

        async def loop(s: StreamlitSession) -> None:
            while not stop.is_set():
                try:
                    await s.rerun(timeout=30)
                except (ScriptError, TimeoutError, OSError):
                    await asyncio.sleep(0.2)

        await asyncio.gather(*(loop(s) for s in sessions))
        await asyncio.gather(*(s.close() for s in sessions))

    worker = threading.Thread(target=lambda: asyncio.run(hammer()), daemon=True)
    worker.start()
    time.sleep(2)  # the sessions are connected and running
    yield
    stop.set()
    worker.join(timeout=40)


def _beamer(browser, server, wid: int):
    page = new_page(browser, "beamer")
    login(page, server, MODERATOR)
    goto(page, server, f"/beamer?w={wid}")
    page.evaluate("() => { window.__notReloaded = true; }")
    return page


def _renders(page) -> int:
    return int(page.evaluate("() => window.__werkstattLive ? window.__werkstattLive.renders : 0"))


def _settled_renders(page, calm_s: float = 1.5, limit_s: float = 10) -> int:
    """The redraw count once no live part has been redrawn for `calm_s` (after a change, all parts catch up)."""
    count, since, deadline = _renders(page), time.monotonic(), time.monotonic() + limit_s
    while time.monotonic() < deadline:
        page.wait_for_timeout(200)
        now = _renders(page)
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= calm_s:
            break
    return count


def test_the_countdown_changes_once_per_second_while_the_server_is_busy(server, browser, busy_server) -> None:
    wid = _workshop_id(server, 1)
    _running_for(server, wid, 3)
    beamer = _beamer(browser, server, wid)
    beamer.locator('.bm[data-stage="normal"]').wait_for(timeout=10_000)
    drawn = _settled_renders(beamer)
    samples = beamer.evaluate(SAMPLE_JS, 5200)
    changes = [(t, _seconds(text)) for (_, before), (t, text) in pairwise(samples) if text != before]
    values = [_seconds(samples[0][1])] + [v for _, v in changes]
    assert all(b - a == -1 for a, b in pairwise(values)), values  # one second at a time
    assert 4 <= len(changes) <= 6, changes  # once per second over 5.2 s
    gaps = [b - a for (a, _), (b, _) in pairwise(changes)]
    assert _renders(beamer) == drawn  # no server redraw for the ticking
    print(f"countdown steps {len(changes)}, gaps ms {[round(g) for g in gaps]} (sampled every 100 ms)")
    beamer.context.close()


def test_colour_stage_and_the_time_up_notice_switch_in_the_browser(server, browser) -> None:
    wid = _workshop_id(server, 1)
    _fresh_run(server, wid)
    beamer = _beamer(browser, server, wid)
    _running_for(server, wid, 15 - 10 / 60)  # the first item (15 min) runs out in 10 s
    card = beamer.locator(".bm").filter(has_text="Begrüßung und Vorstellungsrunde")
    card.and_(beamer.locator('[data-stage="critical"]')).wait_for(timeout=10_000)
    drawn = _settled_renders(beamer)
    card.and_(beamer.locator('[data-stage="overrun"]')).wait_for(timeout=10_000)
    assert beamer.locator("[data-announce]").inner_text() == "Zeit abgelaufen"  # polite live region, once
    assert beamer.get_by_text("Zeit überschritten").is_visible()
    assert beamer.locator('[data-testid="beamer-clock"]').inner_text().startswith("+00:0")
    assert _renders(beamer) == drawn  # the browser switched the stage by itself
    beamer.context.close()


def test_a_post_from_a_phone_appears_on_the_shared_screen_without_reload(server, browser) -> None:
    wid, code = set_phase(server, 2, "input")
    beamer = _beamer(browser, server, wid)
    phone = new_page(browser, "phone")
    join_and_post(phone, server, code, "Gelingensfaktor", "Offene Daten zu Förderprogrammen LP-7781")
    beamer.get_by_text("Offene Daten zu Förderprogrammen LP-7781").wait_for(timeout=15_000)
    assert beamer.evaluate("() => window.__notReloaded") is True
    other = new_page(browser, "phone")  # a second phone sees it too, and its own post reaches the first phone
    join_and_post(other, server, code, "Gelingensfaktor", "Sprechstunde im Quartier LP-7782")
    phone.get_by_text("Sprechstunde im Quartier LP-7782").wait_for(timeout=15_000)
    beamer.get_by_text("Sprechstunde im Quartier LP-7782").wait_for(timeout=15_000)
    set_phase(server, 2, None)
    for page in (beamer, phone, other):
        page.context.close()


def test_a_phone_that_joined_before_the_start_gets_the_badge_at_the_start(server, browser) -> None:
    wid = _workshop_id(server, 3)
    _fresh_run(server, wid)
    _, code = set_phase(server, 3, "input")
    phone = new_page(browser, "phone")
    join_and_post(phone, server, code, "Zukunftsbild", "Lotsen für Gründungen LP-7790")
    phone.evaluate("() => { window.__notReloaded = true; }")
    assert phone.get_by_test_id("timer-badge").count() == 0
    with server.session_factory().begin() as s:
        from werkstatt.clock import utc_now

        record_event(s, workshop_id=wid, kind="start", actor=MODERATOR[0], now=utc_now())
    badge = phone.get_by_test_id("timer-badge")
    badge.wait_for(timeout=15_000)
    assert "Jetzt:" in badge.inner_text()
    assert phone.evaluate("() => window.__notReloaded") is True
    wait_idle(phone)
    badge.scroll_into_view_if_needed()
    phone.mouse.wheel(0, -400)
    phone.wait_for_timeout(300)
    shoot(phone, "mitmachen-badge-phone", full_page=False)
    set_phase(server, 3, None)
    _fresh_run(server, wid)
    phone.context.close()


def test_a_restart_shows_a_calm_german_notice_and_the_screen_recovers(browser, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    prepare_database(url)
    server = start_server(url, tmp_path / "streamlit.log")
    port = int(server.url.rsplit(":", 1)[1])
    try:
        wid, code = set_phase(server, 2, "input")
        beamer = _beamer(browser, server, wid)
        plain = new_page(browser, "laptop")  # a page without live parts: Streamlit's connection alone tells
        goto(plain, server, "/anmeldung")
        stop_server(server.process)
        notice = beamer.locator("#werkstatt-reconnect")
        notice.get_by_text("Verbindung wird wiederhergestellt …").wait_for(timeout=10_000)
        plain_notice = plain.locator("#werkstatt-reconnect")
        plain_notice.get_by_text("Verbindung wird wiederhergestellt …").wait_for(timeout=10_000)
        beamer.wait_for_timeout(20_000)  # long enough for Streamlit's own "Connection error" dialog
        shoot(beamer, "beamer-restart-notice-1920", full_page=False)
        visible = beamer.evaluate("() => document.body.innerText")
        assert "Connection" not in visible and "streamlit run" not in visible, visible
        plain_visible = plain.evaluate("() => document.body.innerText")
        assert "Connection" not in plain_visible and "streamlit run" not in plain_visible, plain_visible
        shoot(plain, "anmeldung-restart-notice-1366", full_page=False)
        server = start_server(url, tmp_path / "streamlit.log", port=port)
        notice.wait_for(state="hidden", timeout=30_000)
        plain_notice.wait_for(state="hidden", timeout=30_000)
        assert "Connection" not in plain.evaluate("() => document.body.innerText")
        plain.context.close()
        phone = new_page(browser, "phone")
        join_and_post(phone, server, code, "Gelingensfaktor", "Nach dem Neustart LP-7800")
        beamer.get_by_text("Nach dem Neustart LP-7800").wait_for(timeout=20_000)
        assert beamer.evaluate("() => window.__notReloaded") is True
        phone.context.close()
        beamer.context.close()
    finally:
        stop_server(server.process)
