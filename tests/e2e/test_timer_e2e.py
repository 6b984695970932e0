"""Two browsers: the moderator drives the timer, the shared screen follows (each test on a server of its own)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from db.models import TimerEvent, Workshop
from tests.e2e.conftest import MODERATOR, goto, login, new_page, shoot, wait_idle
from werkstatt.clock import utc_now
from werkstatt.session.timer_log import record_event

pytestmark = pytest.mark.e2e


def _workshop_id(server, number: int) -> int:
    with server.session_factory()() as s:
        return s.scalar(select(Workshop.id).where(Workshop.number == number))


def _running_for(server, workshop_id: int, minutes: float) -> None:
    """Reset, then a start `minutes` ago: puts the first item (15 min) into a chosen colour stage.

    The start row is written directly because the service (rightly) never backdates events.
    """
    now = _fresh_run(server, workshop_id)
    with server.session_factory().begin() as s:
        seq = s.scalar(select(func.max(TimerEvent.seq)).where(TimerEvent.workshop_id == workshop_id))
        s.add(TimerEvent(workshop_id=workshop_id, seq=seq + 1, kind="start", actor=MODERATOR[0],
                         created_at=now - timedelta(minutes=minutes)))  # fmt: skip


def _fresh_run(server, workshop_id: int):
    """Reset and live mode, whatever other e2e tests left behind; returns the moment used."""
    now = utc_now()
    with server.session_factory().begin() as s:
        view = record_event(s, workshop_id=workshop_id, kind="reset", actor=MODERATOR[0], now=now)
        if view.mode != "live":
            record_event(s, workshop_id=workshop_id, kind="mode", value="live", actor=MODERATOR[0], now=now)
    return now


def _wait_stage(page, stage: str, timeout: float = 15.0) -> None:
    """Until the beamer shows the first item in `stage` (not a stale earlier screen)."""
    card = page.locator(f'.bm[data-stage="{stage}"]').filter(has_text="Begrüßung und Vorstellungsrunde")
    card.wait_for(timeout=timeout * 1000)


def test_moderator_starts_and_moves_on_and_the_beamer_follows(own_server, browser) -> None:
    server = own_server
    wid = _workshop_id(server, 1)
    moderator, beamer = new_page(browser, "laptop"), new_page(browser, "beamer")
    try:
        _drive_and_shoot(server, wid, moderator, beamer)
    finally:
        moderator.context.close()
        beamer.context.close()


def _drive_and_shoot(server, wid: int, moderator, beamer) -> None:
    login(moderator, server, MODERATOR)
    goto(moderator, server, f"/moderation?w={wid}")
    login(beamer, server, MODERATOR)
    goto(beamer, server, f"/beamer?w={wid}")
    clock = beamer.locator('[data-testid="beamer-clock"]')
    expect(clock).to_have_text("--:--")
    assert beamer.locator('[data-testid="stSidebar"]').is_hidden()  # chrome hidden on the shared screen

    title = beamer.locator(".bm-title")
    moderator.get_by_role("button", name="▶ Start").click()
    title.filter(has_text="Begrüßung und Vorstellungsrunde").wait_for(timeout=15_000)
    wait_idle(moderator)
    moderator.get_by_role("button", name="⏭ Weiter").click()
    # Latency is measured in bench/, not asserted here: wait for the state, with a generous bound.
    title.filter(has_text="Forschungsergebnisse aus dem Projekt »Bottrop 2018+«").wait_for(timeout=15_000)
    expect(beamer.locator(".bm-kicker")).to_contain_text("2/8", ignore_case=True)

    # The countdown ticks on its own, without a page rerun (the element is looked up again on each check).
    first = clock.inner_text()
    expect(beamer.locator('[data-testid="beamer-clock"]')).not_to_have_text(first, timeout=10_000)
    wait_idle(moderator)
    shoot(moderator, "moderation-timer-laptop", full_page=False)
    moderator.get_by_text("Weitere Steuerung").click()
    moderator.get_by_text("Springen zu").wait_for(timeout=3000)
    moderator.get_by_text("Springen zu").scroll_into_view_if_needed()
    expect(moderator.get_by_text("Springen zu")).to_be_in_viewport()
    wait_idle(moderator)
    shoot(moderator, "moderation-timer-controls-laptop", full_page=False)

    # One screenshot per colour stage; the first item lasts 15 minutes.
    for stage, minutes in (("normal", 4), ("warn", 13), ("critical", 14.5), ("overrun", 17.25)):
        _running_for(server, wid, minutes)
        _wait_stage(beamer, stage)
        shoot(beamer, f"beamer-timer-{stage}-1920", full_page=False)
    beamer.set_viewport_size({"width": 1366, "height": 768})
    _running_for(server, wid, 12.5)
    _wait_stage(beamer, "warn")
    shoot(beamer, "beamer-timer-warn-1366", full_page=False)


def test_running_workshop_shows_a_live_badge_on_the_programme(own_server, browser) -> None:
    server = own_server
    wid = _workshop_id(server, 1)
    _running_for(server, wid, 3)
    phone = new_page(browser, "phone")
    try:
        goto(phone, server, "/")
        # The badge is redrawn while it runs: locate it by its text on every step, never hold a handle.
        expect(phone.get_by_text("● Live").first).to_be_visible(timeout=15_000)
        phone.get_by_text("● Live").first.scroll_into_view_if_needed()
        expect(phone.get_by_text("Begrüßung und Vorstellungsrunde").first).to_be_visible()
        phone.mouse.wheel(0, -120)
        shoot(phone, "programm-live-badge-phone", full_page=False)
    finally:
        phone.context.close()
