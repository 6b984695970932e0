"""Three browsers: two participants on phones post and vote, the moderator hides one, the shared screen follows."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import MODERATOR, goto, login, new_page, only_one, shoot, wait_idle
from tests.e2e.steps import join_and_post, set_phase

pytestmark = pytest.mark.e2e


def test_two_phones_post_and_vote_moderator_hides_and_the_shared_screen_follows(own_server, browser) -> None:
    server = own_server
    wid, code = set_phase(server, 2, "input")
    anna, ben = new_page(browser, "phone"), new_page(browser, "phone")
    spam = "Kauft jetzt <b>billige</b> Uhren!!! 🛒"
    good = "Ergebnisse werden nicht **zurückgemeldet** – man erfährt nie, was aus den Ideen wurde."
    join_and_post(anna, server, code, "Transparenz-Hürde", spam, shot="mitmachen-join-phone")
    join_and_post(ben, server, code, "Transparenz-Hürde", good)
    token = anna.url.split("p=", 1)[1].split("&", 1)[0]

    # Anna sees Ben's post (live refresh) and gives it a dot.
    card = only_one(anna.locator(".wb-card").filter(has_text="man erfährt nie"))
    # Out of habit, a double-click: the page drops its second click, so one dot is given (not given
    # and taken back, as the button turns into "Punkt zurücknehmen" after the first).
    # Streamlit listens at its root element; count the clicks that reach it (on a busy server both would act).
    anna.evaluate("() => { window.__clicks = 0; document.getElementById('root').onclick = () => window.__clicks++; }")
    card.get_by_role("button", name="Punkt geben").dblclick()
    assert anna.evaluate("window.__clicks") == 1
    anna.get_by_text("noch 2 von 3").wait_for(timeout=10_000)
    # A reload keeps the same pseudonymous voter.
    anna.reload()
    anna.get_by_text("noch 2 von 3").wait_for(timeout=20_000)
    assert token in anna.url
    # Scanning the QR code again in a new tab (same browser): still the same voter, via the cookie.
    again = anna.context.new_page()
    goto(again, server, f"/mitmachen?code={code}")
    again.get_by_text("noch 2 von 3").wait_for(timeout=20_000)
    assert token in again.url
    again.close()
    wait_idle(anna)
    shoot(anna, "mitmachen-phone")
    card.scroll_into_view_if_needed()
    shoot(anna, "mitmachen-phone-beitraege")

    # The moderator (on the screen that is shared) hides the advertisement with a reason.
    screen = new_page(browser, "beamer")
    screen.set_viewport_size({"width": 1366, "height": 768})
    login(screen, server, MODERATOR)
    goto(screen, server, f"/moderation?w={wid}")
    screen.get_by_role("tab", name="Beiträge").click()
    mod_card = only_one(screen.locator('[class*="st-key-modcard-"]').filter(has_text="billige"))
    shoot(screen, "moderation-beitraege-laptop")
    mod_card.get_by_role("button", name="Ausblenden").click()
    screen.get_by_label("Grund (wird auf dem Beamer gezählt)").fill("Werbung")
    screen.get_by_label("Grund (wird auf dem Beamer gezählt)").press("Enter")
    screen.locator('[data-testid="stPopoverBody"]').get_by_role("button", name="Ausblenden").click()
    screen.get_by_text("ausgeblendet: Werbung").wait_for(timeout=10_000)

    # The shared screen: both posts' fate, the hidden count, join code and QR in the corner.
    screen.set_viewport_size({"width": 1920, "height": 1080})
    goto(screen, server, f"/beamer?w={wid}")
    wall = screen.locator('[data-testid="stMain"]')
    wall.get_by_text("man erfährt nie").wait_for(timeout=10_000)
    foot = screen.get_by_test_id("wall-foot")
    assert "1 ausgeblendet" in foot.inner_text()
    assert "2 Teilnehmende" in foot.inner_text()
    assert wall.get_by_text("billige").count() == 0
    assert wall.get_by_text("**zurückgemeldet**").count() == 1  # Markdown shown literally
    assert screen.get_by_test_id("join-corner").get_by_text(code).is_visible()
    wall_card = only_one(wall.locator('[class*="st-key-wallcard-"]').filter(has_text="man erfährt nie"))
    assert "1 Punkt" in wall_card.inner_text()
    shoot(screen, "beamer-wall", full_page=False)

    # Anna's own list says what happened to her post; nothing vanished silently.
    anna.get_by_role("tab", name="Meine Beiträge").click()
    anna.get_by_text("Ausgeblendet: Werbung").wait_for(timeout=10_000)
    ben.set_viewport_size({"width": 1366, "height": 768})
    ben.get_by_text("1 Beitrag, der neueste zuerst").wait_for(timeout=15_000)  # the hidden post left his list too
    wait_idle(ben)
    shoot(ben, "mitmachen-laptop")
    for page in (anna, ben, screen):
        page.context.close()
