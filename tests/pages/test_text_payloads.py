"""Markdown/HTML payloads from the issue render as literal text on the public results and staff screens."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from db.engine import make_engine, make_sessionmaker
from db.models import Workshop
from tests.pages.conftest import app_as
from tests.seed_data import seed_workshop
from werkstatt.results.publication import publish
from werkstatt.session.contributions import post
from werkstatt.session.moderation import create_theme, set_theme
from werkstatt.session.participants import join, set_groups

PAYLOADS = {
    "image": "![x](https://evil.example/pixel.png)",
    "link": "[Jetzt Konto bestätigen](https://phish.example/login)",
    "html": "<img src=x onerror=alert(1)>",
    "autolink": "https://evil.example/pfad www.evil.example",
}
# What rendered Markdown would need: an unescaped "](" (link/image), a raw "<" tag, a bare URL scheme.
ACTIVE = re.compile(r"(?<!\\)\]\(|<img|(?<!\\)https?://|(?<![\\])www\.")


@pytest.fixture
def payload_workshop(app_db: str) -> dict:
    engine = make_engine(app_db)
    factory = make_sessionmaker(engine)
    with factory() as s:
        wid = s.scalar(select(Workshop.id).where(Workshop.number == 2))
    data = seed_workshop(factory, wid)
    with factory.begin() as s:
        token = join(s, code=data["code"], now=data["now"])
        cid = post(s, token=token, category="barrier", text=" ".join(PAYLOADS.values()), now=data["now"])
        theme = create_theme(s, workshop_id=wid, name=PAYLOADS["image"][:80], actor="seedmod", now=data["now"])
        set_theme(s, workshop_id=wid, contribution_id=cid, theme_id=theme, actor="seedmod", now=data["now"])
        set_groups(s, workshop_id=wid, names=[PAYLOADS["link"][:60]], actor="seedmod", now=data["now"])
        publish(s, workshop_id=wid, actor=data["orga"], now=data["now"] + timedelta(minutes=1))
    engine.dispose()
    return {**data, "cid": cid}


def sources(at) -> list[str]:
    """The Markdown sources of every element that carries payload text (the app's own links are not payloads)."""
    elements = [*at.markdown, *at.caption, *at.header, *at.subheader, *at.info, *at.success, *at.error]
    return [str(e.value) for e in elements if re.search(r"evil|phish|onerror", str(e.value))]


def test_payloads_on_the_public_results_are_text(payload_workshop) -> None:
    at = app_as(None).run()
    at.switch_page("pages/ergebnisse.py").run()
    assert not at.exception
    shown = sources(at)
    assert len(shown) >= 2, "the payload contribution and its theme must be listed"
    assert [s for s in shown if ACTIVE.search(s)] == []


def test_payloads_on_the_moderation_board_are_text(payload_workshop) -> None:
    at = app_as("moderator").run()
    at.query_params["w"] = str(payload_workshop["wid"])
    at.switch_page("pages/moderation.py").run()
    assert not at.exception
    shown = sources(at)
    assert any("phish" in s for s in shown) and any("evil" in s for s in shown)
    assert [s for s in shown if ACTIVE.search(s)] == []
