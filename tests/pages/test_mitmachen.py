"""/mitmachen in AppTest: joining, identity across reloads, every bad input gets a German message."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from db.engine import make_engine, make_sessionmaker
from db.models.participation import Contribution, Participant
from tests.pages.conftest import all_text, page_file
from werkstatt.clock import utc_now
from werkstatt.series.store import list_workshops
from werkstatt.session import contributions as c
from werkstatt.session.participants import join
from werkstatt.session.phase import set_phase_override


@pytest.fixture
def live(app_db: str):
    """Werkstatt 1 with input opened by the moderator; returns (sessionmaker, workshop id, join code)."""
    engine = make_engine(app_db)
    sf = make_sessionmaker(engine)
    with sf.begin() as s:
        w = list_workshops(s)[0]
        set_phase_override(s, workshop_id=w.id, override="input", actor="mod", now=utc_now())
        ids = (w.id, w.join_code)
    yield sf, *ids
    engine.dispose()


def count(sf, model) -> int:
    with sf() as s:
        return s.scalar(select(func.count()).select_from(model))


def open_page(**params: str) -> AppTest:
    at = page_file("mitmachen.py")
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def joined(sf, code: str) -> tuple[AppTest, str]:
    with sf.begin() as s:
        token = join(s, code=code, now=utc_now())
    return open_page(p=token), token


def send(at: AppTest, text: str, category: str = "challenge") -> AppTest:
    at.radio(key="mm_category").set_value(category)
    at.text_area(key="mm_text").set_value(text)
    return _submit(at)


def _submit(at: AppTest) -> AppTest:
    (button,) = [b for b in at.button if b.label == "Beitrag senden"]
    return button.click().run()


def test_join_by_link_and_reload_keeps_the_same_voter(live) -> None:
    sf, _, code = live
    at = open_page(code=code)
    assert at.text_input[0].value == code  # the link fills in the code; joining needs a click
    assert count(sf, Participant) == 0
    at.button[0].click().run()
    token = at.query_params["p"]
    assert token and count(sf, Participant) == 1
    assert "Herausforderungen und Mehrwerte" in all_text(at)
    reloaded = open_page(p=token)  # a reload: same URL, fresh browser session
    assert not reloaded.exception
    assert "Beitrag senden" in [b.label for b in reloaded.button]
    assert count(sf, Participant) == 1


def test_wrong_code_is_refused_in_german(live) -> None:
    sf, _, _ = live
    at = open_page()
    at.text_input[0].set_value("ABC")
    at.button[0].click().run()
    assert "Zu diesem Code gibt es keine Werkstatt" in all_text(at)
    assert count(sf, Participant) == 0


def board_data(at: AppTest, view: str) -> dict:
    """What the page hands to the browser for its list (the browser draws it: werkstatt/live/live_client.js)."""
    (part,) = [e for e in at.get("bidi_component") if e.proto.id.endswith(f"-mm-board-{view}")]
    return json.loads(part.proto.json)["board"]


def test_post_shows_up_as_literal_text(live) -> None:
    sf, _, code = live
    at, _ = joined(sf, code)
    raw = "<script>alert('x')</script> <b>fett</b> **Markdown** [Link](http://x.org) 🎉👍🏽"
    at = send(at, raw)
    assert "ist gespeichert" in all_text(at)
    with sf() as s:
        assert s.scalars(select(Contribution.text)).one() == raw  # stored unchanged, emoji included
    # The own list gets the text as data, which the browser sets as text; no markup carries it.
    assert [m["text"] for m in board_data(at, "mine")["own"]["mine"]] == [raw]
    assert not [m.value for m in at.markdown if "script" in m.value]
    assert at.text_area(key="mm_text").value == ""  # cleared only after success


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Bitte schreiben Sie einen Text"),
        ("   \n\t  ", "Bitte schreiben Sie einen Text"),
        ("\x00\x07\x1b", "Bitte schreiben Sie einen Text"),
    ],
)
def test_bad_text_gets_a_german_message_and_loses_nothing(live, text: str, message: str) -> None:
    sf, _, code = live
    at, _ = joined(sf, code)
    at = send(at, "Der erste Beitrag bleibt")
    at = send(at, text)
    assert message in all_text(at)
    with sf() as s:
        assert list(s.scalars(select(Contribution.text))) == ["Der erste Beitrag bleibt"]


def test_control_characters_are_stripped(live) -> None:
    sf, _, code = live
    at, _ = joined(sf, code)
    send(at, "Zeile\x07 eins\r\nZeile\u202e zwei")
    with sf() as s:
        assert s.scalars(select(Contribution.text)).one() == "Zeile eins\nZeile zwei"


def test_flood_is_rate_limited_and_the_text_stays(live) -> None:
    sf, _, code = live
    at, _ = joined(sf, code)
    at = send(at, "erster")
    at = send(at, "zweiter sofort danach")
    assert "Bitte einen Moment Geduld" in all_text(at)
    assert at.text_area(key="mm_text").value == "zweiter sofort danach"
    assert count(sf, Contribution) == 1


def test_closed_input_says_so_and_accepts_nothing(live) -> None:
    sf, wid, code = live
    at, token = joined(sf, code)
    at.radio(key="mm_category").set_value("challenge")
    at.text_area(key="mm_text").set_value("getippt, bevor geschlossen wurde")
    with sf.begin() as s:  # the moderator closes while the participant types
        set_phase_override(s, workshop_id=wid, override="closed", actor="mod", now=utc_now())
    at = _submit(at)
    assert "Die Eingabe ist gerade geschlossen" in all_text(at)
    assert count(sf, Contribution) == 0
    fresh = open_page(p=token)
    assert "Die Eingabe ist gerade geschlossen" in all_text(fresh)
    assert "Beitrag senden" not in [b.label for b in fresh.button]


def test_the_list_knows_my_dots_and_whether_voting_is_open(live) -> None:
    sf, wid, code = live
    others = []
    for i in range(4):
        with sf.begin() as s:
            others.append(c.post(s, token=join(s, code=code, now=utc_now()), category="challenge",
                                 text=f"Idee {i}", now=utc_now()))  # fmt: skip
    at, token = joined(sf, code)
    board = board_data(at, "all")
    assert board["own"]["total"] == 3 and board["own"]["my_votes"] == [] and board["open"] is True
    assert board["ticket"] and board["limit"] == 30
    with sf.begin() as s:
        for cid in others[:3]:
            c.vote(s, token=token, contribution_id=cid, now=utc_now())
        set_phase_override(s, workshop_id=wid, override="closed", actor="mod", now=utc_now())
    at = open_page(p=token)
    board = board_data(at, "all")
    assert board["own"]["my_votes"] == sorted(others[:3]) and board["open"] is False
    assert [d["id"] for d in board["own"]["dotted"]] == sorted(others[:3], reverse=True)


def test_forged_token_is_refused_and_nothing_is_lost(live) -> None:
    sf, _, code = live
    at, token = joined(sf, code)
    send(at, "bleibt bestehen")
    forged = open_page(p=token[:-2] + "xx")
    assert "Teilnahme-Kennung ist ungültig" in all_text(forged)
    assert "Mitmachen" in [b.label for b in forged.button]  # the join form instead
    assert count(sf, Contribution) == 1 and count(sf, Participant) == 1


def test_the_page_says_nothing_of_the_list_but_through_the_browser(live) -> None:
    """No card is drawn by a script run: a post elsewhere costs this phone no run (docs/performance.md)."""
    sf, _, code = live
    with sf.begin() as s:
        c.post(s, token=join(s, code=code, now=utc_now()), category="challenge", text="Idee", now=utc_now())
    at, _ = joined(sf, code)
    assert not [b for b in at.button if b.label.startswith("Punkt geben")]
    assert [t.label for t in at.tabs] == ["Alle Beiträge", "Meine Beiträge"]
