"""A participant's posts reach the conclusion charts on the shared screen (two browsers, a server of their own)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import MODERATOR, goto, login, new_page, shoot, wait_idle
from tests.e2e.steps import allow_next_post, join_and_post, set_phase

pytestmark = pytest.mark.e2e


def wait_for_chart(screen, title: str, fragment: str, timeout: float = 30_000) -> None:
    """Wait until the chart titled `title` says `fragment` in its text alternative (what a screen reader reads)."""
    screen.wait_for_function(
        """([title, fragment]) => [...document.querySelectorAll('[aria-label]')].some(e => {
            const label = e.getAttribute('aria-label') || '';
            return label.startsWith(title + ':') && label.includes(fragment);
        })""",
        arg=[title, fragment],
        timeout=timeout,
    )


def test_posts_appear_in_the_conclusion_on_the_shared_screen(own_server, browser) -> None:
    server = own_server
    wid, code = set_phase(server, 3, "input")
    phone, screen = new_page(browser, "phone"), new_page(browser, "beamer")
    try:
        join_and_post(phone, server, code, "Zukunftsbild", "Digitale Lotsen begleiten Gründungen")
        login(screen, server, MODERATOR)
        set_phase(server, 3, "results")
        goto(screen, server, f"/beamer?w={wid}")
        screen.locator(".st-key-fazit-kpis").get_by_text("Beiträge").wait_for(timeout=15_000)
        screen.get_by_text("Digitale Lotsen begleiten Gründungen").wait_for(timeout=10_000)
        wait_for_chart(screen, "Häufige Begriffe", "digital: 1")  # lemma, as people read it
        wait_for_chart(screen, "Beiträge je Kategorie", "Zukunftsbild: 1")
        expect(screen.get_by_test_id("join-corner").get_by_text(code)).to_be_visible()  # late joiners see it
        expect(screen.get_by_test_id("wall-foot")).to_have_count(0)  # the wall gave way to the conclusion

        # back to input: a second post, then the conclusion again; the open beamer follows by itself
        set_phase(server, 3, "input")
        allow_next_post(server, phone)  # one post per 5 s: the test moves the clock, it does not wait
        phone.get_by_label("Ihr Beitrag").fill("Lotsen für Flächenmanagement und Bestandspflege")
        phone.get_by_role("button", name="Beitrag senden").click()
        phone.get_by_text("ist gespeichert").wait_for(timeout=15_000)
        set_phase(server, 3, "results")
        wait_for_chart(screen, "Häufige Begriffe", "Lotse: 2")  # "Lotsen" merged, capital kept
        wait_for_chart(screen, "Beiträge je Kategorie", "Zukunftsbild: 2")
        # a state wait (latency is measured in bench/): generous for a machine running two test suites
        screen.get_by_text("Lotsen für Flächenmanagement und Bestandspflege").wait_for(timeout=20_000)
        expect(screen.get_by_test_id("wall-foot")).to_have_count(0, timeout=10_000)
        wait_idle(screen)
        shoot(screen, "beamer-fazit-1920", full_page=False)
        screen.set_viewport_size({"width": 1366, "height": 768})
        wait_for_chart(screen, "Beiträge je Kategorie", "Zukunftsbild: 2")
        wait_idle(screen)
        shoot(screen, "beamer-fazit-1366", full_page=False)
    finally:
        phone.context.close()
        screen.context.close()
