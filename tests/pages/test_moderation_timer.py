"""Moderator drives the timer on /moderation; the beamer page shows the same current item."""

from __future__ import annotations

from sqlalchemy import select

from db.engine import make_engine, make_sessionmaker
from db.models import TimerEvent, Workshop
from tests.pages.conftest import all_text, app_as, live_html


def _log(url: str) -> list[tuple[str, str]]:
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as s:
            return [(e.kind, e.actor) for e in s.scalars(select(TimerEvent).order_by(TimerEvent.seq))]
    finally:
        engine.dispose()


def _first_workshop_id(url: str) -> int:
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as s:
            return s.scalar(select(Workshop.id).order_by(Workshop.id))
    finally:
        engine.dispose()


def _html(at) -> str:
    """Text of st.html blocks and live parts (AppTest has no typed accessor for them)."""
    return "\n".join(str(getattr(el.proto, "body", "")) for el in at.get("html")) + live_html(at)


def _moderation(role: str = "moderator"):
    at = app_as(role).run()
    at.switch_page("pages/moderation.py").run()
    assert not at.exception, at.exception
    return at


def test_moderator_presses_start_and_weiter_and_the_log_grows(app_db):
    at = _moderation()
    assert "Noch nicht begonnen" in _html(at)
    at.button(key="t_start").click().run()
    assert _log(app_db) == [("start", "mod")]
    assert "Begrüßung und Vorstellungsrunde" in _html(at)
    at.button(key="t_next").click().run()
    assert [k for k, _ in _log(app_db)] == ["start", "next"]
    assert "Punkt 2 von 8" in _html(at)
    frame = at.dataframe[0].value
    assert list(frame["Status"][:3]) == ["✅ erledigt", "▶ läuft", "· kommt"]


def test_double_start_from_a_stale_tab_shows_a_german_refusal(app_db):
    first, second = _moderation(), _moderation("organizer")
    first.button(key="t_start").click().run()
    second.button(key="t_start").click().run()  # this tab still showed "Start"
    assert "läuft bereits" in all_text(second)
    assert [k for k, _ in _log(app_db)] == ["start"]


def test_stale_weiter_in_a_second_tab_does_not_skip_an_item(app_db):
    first = _moderation()
    first.button(key="t_start").click().run()
    second = _moderation("organizer")
    first.button(key="t_next").click().run()
    second.button(key="t_next").click().run()  # saw item 1 as current
    assert "Inzwischen" in all_text(second)
    assert [k for k, _ in _log(app_db)] == ["start", "next"]


def test_extend_and_pause_buttons(app_db):
    at = _moderation()
    at.button(key="t_start").click().run()
    at.button(key="t_ext5").click().run()
    at.button(key="t_pause").click().run()
    assert [k for k, _ in _log(app_db)] == ["start", "extend", "pause"]
    assert "pausiert" in at.dataframe[0].value["Status"][0]
    at.button(key="t_resume").click().run()
    assert _log(app_db)[-1][0] == "resume"


def test_beamer_shows_the_current_item(app_db):
    at = _moderation()
    at.button(key="t_start").click().run()
    at.button(key="t_next").click().run()
    beamer = app_as("moderator").run()
    beamer.query_params["w"] = str(_first_workshop_id(app_db))
    beamer.switch_page("pages/beamer.py").run()
    assert not beamer.exception, beamer.exception
    html = _html(beamer)
    assert "Forschungsergebnisse aus dem Projekt" in html and "Punkt 2/8" in html
    assert "Danach:" in html
