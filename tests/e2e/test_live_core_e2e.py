"""Live core in a real browser: a double-click applies one step; a locked database loses nothing typed.

Own server and database file (own workshop data), with a short SQLite busy timeout so that
a lock held by the test makes the server's writes fail quickly, as a database blip would.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import TimerEvent, Workshop
from db.models.participation import Contribution
from tests.e2e.conftest import (
    MODERATOR,
    Server,
    app_server,
    goto,
    login,
    new_page,
    shoot,
    wait_idle,
)
from tests.e2e.steps import set_phase
from werkstatt.clock import utc_now
from werkstatt.session.timer_log import record_event

pytestmark = pytest.mark.e2e

TECHNICAL = ("Error", "error", "Exception", "Traceback", "sqlalchemy", "locked", "OperationalError",
             "This app has encountered", "streamlit run")  # fmt: skip


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    work = tmp_path_factory.mktemp("live-core")
    with app_server(work, "live", extra_env={"WERKSTATT_SQLITE_BUSY_MS": "300"}) as srv:
        yield srv, work / "live.db"


def _kinds(server: Server, wid: int) -> list[str]:
    with server.session_factory()() as s:
        query = select(TimerEvent.kind).where(TimerEvent.workshop_id == wid).order_by(TimerEvent.seq)
        return list(s.scalars(query))


def _settled(page) -> None:
    """Idle, and a moment longer: a second click may still be on its way."""
    wait_idle(page)
    page.wait_for_timeout(1500)
    wait_idle(page)


def test_double_clicks_on_zurueck_and_plus_one_minute_apply_one_step(live_server, browser) -> None:
    server, _ = live_server
    with server.session_factory().begin() as s:
        wid = s.scalar(select(Workshop.id).where(Workshop.number == 2))
        now = utc_now()
        record_event(s, workshop_id=wid, kind="start", actor=MODERATOR[0], now=now)
        record_event(s, workshop_id=wid, kind="next", actor=MODERATOR[0], now=now)
        record_event(s, workshop_id=wid, kind="next", actor=MODERATOR[0], now=now)
    page = new_page(browser, "laptop")
    login(page, server, MODERATOR)
    goto(page, server, f"/moderation?w={wid}")
    page.get_by_text("Punkt 3 von 8").wait_for(timeout=10_000)

    page.get_by_role("button", name="⏮ Zurück").dblclick()
    _settled(page)
    assert _kinds(server, wid) == ["start", "next", "next", "prev"]
    page.get_by_text("Punkt 2 von 8").wait_for(timeout=5_000)

    page.get_by_role("button", name="+1 min").dblclick()
    _settled(page)
    assert _kinds(server, wid) == ["start", "next", "next", "prev", "extend"]

    page.get_by_role("button", name="+1 min").click()  # a deliberate later click still counts
    _settled(page)
    assert _kinds(server, wid)[-2:] == ["extend", "extend"]
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "bereits ausgeführt" not in text and "Inzwischen" not in text
    assert not [word for word in TECHNICAL if word in text]
    page.get_by_text("Weitere Steuerung").click()
    page.get_by_text("Phase (Eingabe der Teilnehmenden, Ergebnisse)").wait_for(timeout=5_000)
    shoot(page, "moderation-timer-steuerung-laptop", full_page=False)
    page.set_viewport_size({"width": 1920, "height": 1080})
    wait_idle(page)
    shoot(page, "moderation-timer-steuerung-1920", full_page=False)


def test_a_locked_database_keeps_the_typed_post_and_stores_it_once(live_server, browser) -> None:
    server, path = live_server
    _, code = set_phase(server, 1, "input")
    phone = new_page(browser, "phone")
    goto(phone, server, f"/mitmachen?code={code}")
    phone.get_by_role("button", name="Mitmachen").click()
    phone.get_by_text("Ihr Beitrag", exact=True).wait_for(timeout=15_000)
    wait_idle(phone)
    text = "Gewerbeflächen fehlen – wer hilft bei der Suche?"
    phone.get_by_text("Herausforderung", exact=True).click()
    phone.get_by_label("Ihr Beitrag").fill(text)

    seen: list[str] = []
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # the database is locked for the server's writers
    try:
        phone.get_by_role("button", name="Beitrag senden").click()
        phone.get_by_text("konnte gerade nicht gespeichert werden").wait_for(timeout=20_000)
        wait_idle(phone)
        seen.append(phone.locator('[data-testid="stMain"]').inner_text())
        assert phone.get_by_label("Ihr Beitrag").input_value() == text  # nothing typed is lost
        shoot(phone, "mitmachen-datenbank-weg-phone")
        time.sleep(2)
        seen.append(phone.locator('[data-testid="stMain"]').inner_text())
    finally:
        blocker.execute("COMMIT")
        blocker.close()
    # No click needed: the page sends the post again by itself.
    phone.get_by_text("ist gespeichert").wait_for(timeout=20_000)
    wait_idle(phone)
    seen.append(phone.locator('[data-testid="stMain"]').inner_text())
    assert phone.get_by_label("Ihr Beitrag").input_value() == ""
    with server.session_factory()() as s:
        assert s.scalar(select(func.count()).select_from(Contribution).where(Contribution.text == text)) == 1
    for screen in seen:
        assert not [word for word in TECHNICAL if word in screen], screen
