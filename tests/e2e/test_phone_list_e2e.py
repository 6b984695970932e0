"""The phone's contribution list, drawn in the browser (werkstatt/live/live_client.js) from the shared page.

A long list shows thirty cards and more on request, the dots run out and the buttons say so, a dot
moves, another phone's post arrives without a reload, a card hidden above the focused button leaves
the focus where it was, and an own post can be withdrawn.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import MODERATOR, new_page, shoot, wait_idle
from tests.e2e.steps import join_and_post, set_phase
from werkstatt.clock import utc_now
from werkstatt.session import contributions as c
from werkstatt.session.moderation import hide
from werkstatt.session.participants import join

pytestmark = pytest.mark.e2e


def post_as_new_participant(session, code: str, text: str) -> None:
    c.post(session, token=join(session, code=code, now=utc_now()), category="future_picture", text=text, now=utc_now())


def test_long_list_dots_run_out_posts_arrive_and_an_own_post_is_withdrawn(own_server, browser) -> None:
    server = own_server
    wid, code = set_phase(server, 3, "input")
    for i in range(35):  # one author each: the 5-second rule is per participant
        with server.session_factory().begin() as s:
            post_as_new_participant(s, code, f"Idee {i}")
    phone = new_page(browser, "phone")
    try:
        join_and_post(phone, server, code, "Zukunftsbild", "Mein eigener Beitrag")
        dots = phone.get_by_role("button", name="Punkt geben für #")
        more = phone.get_by_role("button", name="Weitere 6 von 6 anzeigen")
        more.wait_for(timeout=15_000)
        assert dots.count() == 30  # the newest thirty of 36
        more.click()
        phone.get_by_role("button", name="Punkt geben für #1", exact=True).wait_for(timeout=10_000)
        assert dots.count() == 36 and more.count() == 0
        # The focus went to the first card that came in, not to the top of the page.
        assert phone.evaluate("document.activeElement.innerText").startswith("Punkt geben für #")

        # Three dots; then every other dot button is off and says why, until one is taken back.
        for _ in range(3):
            first = dots.first
            number = first.inner_text().rsplit("#", 1)[1]
            first.click()
            phone.get_by_role("button", name=f"Punkt zurücknehmen für #{number}").wait_for(timeout=15_000)
        phone.get_by_text("noch 0 von 3").wait_for(timeout=10_000)
        phone.get_by_text("Alle Punkte sind vergeben").wait_for(timeout=10_000)
        assert dots.first.is_disabled()
        phone.get_by_role("button", name=f"Punkt zurücknehmen für #{number}").click()
        phone.get_by_text("noch 1 von 3").wait_for(timeout=15_000)
        assert not dots.first.is_disabled()
        wait_idle(phone)
        shoot(phone, "mitmachen-liste-phone", full_page=False)

        # Another phone posts: the list takes it in without a reload, announced to screen readers.
        with server.session_factory().begin() as s:
            post_as_new_participant(s, code, "Von nebenan")
        phone.get_by_text("Von nebenan").wait_for(timeout=15_000)
        phone.get_by_text("1 neuer Beitrag").wait_for(state="attached", timeout=5_000)

        # The moderator hides the card at the top while the person's focus is on a button below it:
        # the focus stays on that button (its card is not moved, only the hidden one leaves).
        top = phone.locator(".wb-card").first
        hidden_id = int(top.get_attribute("data-id"))
        below = dots.nth(2)
        label = below.inner_text()
        below.focus()
        with server.session_factory().begin() as s:
            hide(s, workshop_id=wid, contribution_id=hidden_id, reason="Test", actor=MODERATOR[0], now=utc_now())
        phone.get_by_text("36 Beiträge, die neuesten zuerst").wait_for(timeout=15_000)
        assert phone.evaluate("document.activeElement.innerText") == label

        # The own post, withdrawn from "Meine Beiträge": it says so and leaves everyone's list.
        phone.get_by_role("tab", name="Meine Beiträge").click()
        withdraw = phone.get_by_role("button", name="zurückziehen")
        withdraw.click()
        phone.get_by_text("Zurückgezogen", exact=True).wait_for(timeout=15_000)
        assert withdraw.count() == 0
        phone.get_by_role("tab", name="Alle Beiträge").click()
        phone.get_by_text("35 Beiträge, die neuesten zuerst").wait_for(timeout=15_000)
        assert phone.get_by_text("Mein eigener Beitrag").count() == 1  # only in "Meine Beiträge"
        phone.set_viewport_size({"width": 1920, "height": 1080})
        wait_idle(phone)
        shoot(phone, "mitmachen-liste-1920", full_page=False)
    finally:
        phone.context.close()
        set_phase(server, 3, None)
