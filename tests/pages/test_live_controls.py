"""Moderator controls write once: radios only on a real change, a stale click is refused in German."""

from __future__ import annotations

from sqlalchemy import select

from db.engine import make_engine, make_sessionmaker
from db.models import TimerEvent, Workshop
from tests.pages.conftest import all_text
from tests.pages.test_moderation_timer import _moderation
from werkstatt.live.revision import current_revision
from werkstatt.text.markdown import escape_md


def _log(url: str) -> list[tuple[str, str | None]]:
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as s:
            return [(e.kind, e.value) for e in s.scalars(select(TimerEvent).order_by(TimerEvent.seq))]
    finally:
        engine.dispose()


def test_phase_radio_writes_only_when_the_moderator_changes_it(app_db):
    at = _moderation()
    assert at.radio(key="t_phase").value == "auto"
    at.radio(key="t_phase").set_value("input").run()
    assert _log(app_db) == [("phase", "input")]
    for _ in range(3):  # reruns re-send the widget's value: nothing more is written
        at.run()
    assert _log(app_db) == [("phase", "input")]
    assert at.radio(key="t_phase").value == "input"
    at.radio(key="t_phase").set_value("auto").run()
    at.run()
    assert _log(app_db) == [("phase", "input"), ("phase", None)]
    assert not at.error


def test_phase_radio_follows_a_change_made_in_another_tab(app_db):
    first, second = _moderation(), _moderation("organizer")
    first.radio(key="t_phase").set_value("closed").run()
    second.run()
    assert second.radio(key="t_phase").value == "closed"
    second.run()
    assert _log(app_db) == [("phase", "closed")]


def test_mode_radio_writes_once(app_db):
    at = _moderation()
    at.radio(key="t_mode").set_value("planned").run()
    at.run()
    at.run()
    assert _log(app_db) == [("mode", "planned")]


def test_a_click_in_the_app_advances_the_workshops_revision(app_db):
    at = _moderation()
    engine = make_engine(app_db)
    try:
        with make_sessionmaker(engine)() as s:
            wid = s.scalar(select(Workshop.id).order_by(Workshop.id))
            before = current_revision(s, workshop_id=wid)
        at.button(key="t_start").click().run()
        with make_sessionmaker(engine)() as s:
            assert current_revision(s, workshop_id=wid) == before + 1
    finally:
        engine.dispose()


def test_a_click_made_before_another_tabs_change_is_refused_in_german(app_db):
    first = _moderation()
    first.button(key="t_start").click().run()
    second = _moderation("organizer")
    first.button(key="t_ext1").click().run()
    second.button(key="t_ext1").click().run()  # made against the log before the first tab's +1 min
    assert escape_md("Inzwischen wurde der Ablauf geändert (Verlängern durch mod)") in all_text(second)
    assert [k for k, _ in _log(app_db)] == ["start", "extend"]
    second.button(key="t_ext1").click().run()  # now the screen shows the new state: allowed
    assert [k for k, _ in _log(app_db)] == ["start", "extend", "extend"]
