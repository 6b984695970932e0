"""A participant's posts reach the conclusion charts on the shared screen (two browsers)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import MODERATOR, goto, login, new_page, shoot
from tests.e2e.steps import join_and_post, set_phase

pytestmark = pytest.mark.e2e


def wait_for_chart(screen, title: str, fragment: str, timeout: float = 12_000) -> None:
    """Wait until the chart titled `title` says `fragment` in its text alternative (what a screen reader reads)."""
    screen.wait_for_function(
        """([title, fragment]) => [...document.querySelectorAll('[aria-label]')].some(e => {
            const label = e.getAttribute('aria-label') || '';
            return label.startsWith(title + ':') && label.includes(fragment);
        })""",
        arg=[title, fragment],
        timeout=timeout,
    )


def test_posts_appear_in_the_conclusion_on_the_shared_screen(server, browser) -> None:
    wid, code = set_phase(server, 3, "input")
    phone = new_page(browser, "phone")
    join_and_post(phone, server, code, "Zukunftsbild", "Digitale Lotsen begleiten Gründungen")

    screen = new_page(browser, "beamer")
    login(screen, server, MODERATOR)
    set_phase(server, 3, "results")
    goto(screen, server, f"/beamer?w={wid}")
    kpis = screen.locator(".st-key-fazit-kpis")
    kpis.get_by_text("Beiträge").wait_for(timeout=15_000)
    screen.get_by_text("Digitale Lotsen begleiten Gründungen").wait_for(timeout=10_000)
    wait_for_chart(screen, "Häufige Begriffe", "digital: 1")  # lemma, as people read it
    wait_for_chart(screen, "Beiträge je Kategorie", "Zukunftsbild: 1")
    assert screen.get_by_test_id("join-corner").get_by_text(code).is_visible()  # late joiners still see it
    assert screen.get_by_test_id("wall-foot").count() == 0  # the wall gave way to the conclusion

    # back to input: a second post, then the conclusion again; the open beamer follows by itself
    set_phase(server, 3, "input")
    phone.wait_for_timeout(5500)  # one post per 5 s per participant
    phone.get_by_label("Ihr Beitrag").fill("Lotsen für Flächenmanagement und Bestandspflege")
    phone.get_by_role("button", name="Beitrag senden").click()
    phone.get_by_text("ist gespeichert").wait_for(timeout=15_000)
    set_phase(server, 3, "results")
    wait_for_chart(screen, "Häufige Begriffe", "Lotse: 2")  # "Lotsen" merged, capital kept
    wait_for_chart(screen, "Beiträge je Kategorie", "Zukunftsbild: 2")
    screen.get_by_text("Lotsen für Flächenmanagement und Bestandspflege").wait_for(timeout=5_000)
    screen.wait_for_timeout(3500)  # let the wall's own 3 s refresh notice the phase
    assert screen.get_by_test_id("wall-foot").count() == 0
    shoot(screen, "beamer-fazit-1920", full_page=False)
    screen.set_viewport_size({"width": 1366, "height": 768})
    screen.wait_for_timeout(2500)
    shoot(screen, "beamer-fazit-1366", full_page=False)
    set_phase(server, 3, None)
    phone.context.close()
    screen.context.close()
