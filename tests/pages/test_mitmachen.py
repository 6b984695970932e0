"""/mitmachen in AppTest: joining, identity across reloads, every bad input gets a German message."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from db.engine import make_engine, make_sessionmaker
from db.models.participation import Contribution, Participant, Vote
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


def test_post_shows_up_as_literal_text(live) -> None:
    sf, _, code = live
    at, _ = joined(sf, code)
    raw = "<script>alert('x')</script> <b>fett</b> **Markdown** [Link](http://x.org) 🎉👍🏽"
    at = send(at, raw)
    assert "ist gespeichert" in all_text(at)
    with sf() as s:
        assert s.scalars(select(Contribution.text)).one() == raw  # stored unchanged, emoji included
    shown = [m.value for m in at.markdown if "script" in m.value]
    assert shown and all("<script>" not in v and "**Markdown**" not in v for v in shown)
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


def test_more_dots_than_allowed_is_refused(live) -> None:
    sf, _, code = live
    others = []
    for i in range(4):
        with sf.begin() as s:
            others.append(c.post(s, token=join(s, code=code, now=utc_now()), category="challenge",
                                 text=f"Idee {i}", now=utc_now()))  # fmt: skip
    at, _ = joined(sf, code)
    assert "noch 3 von 3" in all_text(at)
    for cid in others[:3]:
        at = at.button(key=f"dot-{cid}").click().run()
    assert "noch 0 von 3" in all_text(at)
    spent = at.button(key=f"dot-{others[3]}")
    assert spent.disabled  # the button does not promise what the server would refuse
    assert "Alle Punkte sind vergeben" in (spent.help or "")
    assert count(sf, Vote) == 3
    assert at.button(key=f"dot-{others[0]}").label == f"Punkt zurücknehmen für #{others[0]}"
    at = at.button(key=f"dot-{others[0]}").click().run()  # move a dot
    at = at.button(key=f"dot-{others[3]}").click().run()
    with sf() as s:
        assert sorted(s.scalars(select(Vote.contribution_id))) == sorted(others[1:])


def test_forged_token_is_refused_and_nothing_is_lost(live) -> None:
    sf, _, code = live
    at, token = joined(sf, code)
    send(at, "bleibt bestehen")
    forged = open_page(p=token[:-2] + "xx")
    assert "Teilnahme-Kennung ist ungültig" in all_text(forged)
    assert "Mitmachen" in [b.label for b in forged.button]  # the join form instead
    assert count(sf, Contribution) == 1 and count(sf, Participant) == 1


def test_withdraw_own_contribution(live) -> None:
    sf, _, code = live
    at, _ = joined(sf, code)
    at = send(at, "doch nicht")
    (cid,) = [int(b.key.split("-")[1]) for b in at.button if (b.key or "").startswith("withdraw-")]
    at = at.button(key=f"withdraw-{cid}").click().run()
    assert "Zurückgezogen" in all_text(at)
    with sf() as s:
        assert s.get(Contribution, cid).status == "withdrawn"


def test_long_board_shows_thirty_cards_then_more_on_request(live) -> None:
    sf, _, code = live
    with sf.begin() as s:
        for i in range(35):  # one author each: the 5-second rule is per participant
            c.post(s, token=join(s, code=code, now=utc_now()), category="challenge", text=f"Idee {i}", now=utc_now())
    at, _ = joined(sf, code)
    cards = [b for b in at.button if b.label.startswith("Punkt geben für #")]
    assert len(cards) == 30
    assert len({b.label for b in cards}) == 30  # each button names its contribution
    more = [b for b in at.button if b.label == "Weitere 5 von 5 anzeigen"]
    assert more, [b.label for b in at.button]
    more[0].click().run()
    assert len([b for b in at.button if b.label.startswith("Punkt geben für #")]) == 35
    assert "Alle Beiträge (35)" in [t.label for t in at.tabs]
