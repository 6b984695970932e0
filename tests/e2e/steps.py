"""Steps several e2e tests share: set a workshop's phase, join and post from a phone."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from sqlalchemy import select

from db.models import Workshop
from db.models.participation import Participant
from tests.e2e.conftest import MODERATOR, goto, shoot, wait_idle
from werkstatt.clock import utc_now
from werkstatt.session.participants import hash_token
from werkstatt.session.phase import set_phase_override


def set_phase(server, number: int, override: str | None) -> tuple[int, str]:
    """Set the moderator's phase override of workshop `number`; returns (workshop id, join code)."""
    with server.session_factory().begin() as s:
        w = s.scalar(select(Workshop).where(Workshop.number == number))
        set_phase_override(s, workshop_id=w.id, override=override, actor=MODERATOR[0], now=utc_now())
        return w.id, w.join_code


def join_and_post(page, server, code: str, category: str, text: str, shot: str = "") -> None:
    goto(page, server, f"/mitmachen?code={code}")
    if shot:
        shoot(page, shot)
    page.get_by_role("button", name="Mitmachen").click()
    page.get_by_text("Ihr Beitrag", exact=True).wait_for(timeout=15_000)
    wait_idle(page)
    page.get_by_text(category, exact=True).click()
    page.get_by_label("Ihr Beitrag").fill(text)
    page.get_by_role("button", name="Beitrag senden").click()
    page.get_by_text("ist gespeichert").wait_for(timeout=15_000)
    wait_idle(page)


def allow_next_post(server, page) -> None:
    """The test's clock for the 5-second post limit: move this participant's last post into the past.

    The limit itself is tested with an explicit `now` in tests/db; here it must not cost a sleep.
    """
    token = parse_qs(urlparse(page.url).query)["p"][0]
    with server.session_factory().begin() as s:
        participant = s.scalar(select(Participant).where(Participant.token_hash == hash_token(token)))
        participant.last_post_at = utc_now() - timedelta(minutes=1)
