"""The activities in AppTest: the moderator's reveal reaches the phone; a skipped check-in stores nothing."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker
from streamlit.testing.v1 import AppTest

from db.engine import make_engine, make_sessionmaker
from db.models.activities import ActivityState, CheckIn, ContactCard, Question
from tests.pages.conftest import ROOT, all_text, app_as
from werkstatt.clock import utc_now
from werkstatt.series.store import list_workshops
from werkstatt.session.contacts import publish_card
from werkstatt.session.participants import join
from werkstatt.session.phase import set_phase_override
from werkstatt.session.timer_log import record_event


def _phone_at(app_db: str, item: int | None = None) -> tuple[sessionmaker, AppTest]:
    """Workshop 1 started (and moved to agenda item `item`), one phone joined and its page drawn."""
    sf = make_sessionmaker(make_engine(app_db))
    with sf.begin() as s:
        w = list_workshops(s)[0]
        record_event(s, workshop_id=w.id, kind="start", actor="mod", now=utc_now())
        if item is not None:
            record_event(s, workshop_id=w.id, kind="jump", item=item, actor="mod", now=utc_now())
        token = join(s, code=w.join_code, now=utc_now())
    phone = AppTest.from_file(str(ROOT / "pages" / "mitmachen.py"), default_timeout=30)
    phone.query_params["p"] = token
    phone.run()
    return sf, phone


def test_reveal_on_the_moderation_page_shows_the_conclusion_on_the_phone(app_db: str) -> None:
    sf = make_sessionmaker(make_engine(app_db))
    with sf.begin() as s:
        w = list_workshops(s)[0]
        set_phase_override(s, workshop_id=w.id, override="results", actor="mod", now=utc_now())
        token = join(s, code=w.join_code, now=utc_now())
    phone = AppTest.from_file(str(ROOT / "pages" / "mitmachen.py"), default_timeout=30)
    phone.query_params["p"] = token
    phone.run()
    assert "Gleich zeigt die Moderation die Ergebnisse" in all_text(phone)
    mod = app_as("moderator")
    mod.run()
    mod = mod.switch_page("pages/moderation.py").run()
    next(b for b in mod.button if b.label == "Ergebnisse zeigen").click().run()
    with sf() as s:
        assert s.scalar(select(ActivityState.results_revealed)) is True
    phone.run()
    text = all_text(phone)
    assert "Fazit" in text and "Teilnehmende" in text and "Gleich zeigt" not in text


def test_skipping_the_check_in_stores_nothing(app_db: str) -> None:
    sf, phone = _phone_at(app_db)
    assert "Vorstellungsrunde" in all_text(phone)
    next(b for b in phone.button if b.label == "Überspringen").click().run()
    assert "Sie sind dabei." in all_text(phone)
    with sf() as s:
        assert s.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_a_question_is_confirmed_above_its_form_and_an_empty_one_is_refused_in_german(app_db: str) -> None:
    sf, phone = _phone_at(app_db, item=1)  # questions to the speakers
    assert "Fragen an die Referierenden" in all_text(phone)
    send = next(b for b in phone.button if b.label == "Frage senden")
    send.click().run()
    assert [e.value for e in phone.error] and "Frage" in phone.error[0].value
    with sf() as s:
        assert s.scalar(select(func.count()).select_from(Question)) == 0
    phone.text_area(key="act_qtext").input("Wie viele Betriebe haben mitgemacht?")
    next(b for b in phone.button if b.label == "Frage senden").click().run()
    assert any("ist angekommen" in e.value for e in phone.success)
    assert phone.text_area(key="act_qtext").value == ""  # emptied only after it was stored
    with sf() as s:
        assert s.scalars(select(Question.text)).all() == ["Wie viele Betriebe haben mitgemacht?"]


def test_publishing_and_withdrawing_my_card_are_answered_above_the_form(app_db: str) -> None:
    sf, phone = _phone_at(app_db, item=7)  # networking
    assert "Bilaterale Vernetzung" in all_text(phone)
    next(b for b in phone.button if b.label == "Karte veröffentlichen").click().run()
    assert phone.error and not phone.success  # nothing typed: a German refusal, nothing published
    with sf() as s:
        assert s.scalar(select(func.count()).select_from(ContactCard)) == 0
    phone.text_input(key="nc_name").input("Anna Alt")
    phone.text_input(key="nc_email").input("anna@example.org")
    next(b for b in phone.button if b.label == "Karte veröffentlichen").click().run()
    assert "Ihre Kontaktkarte ist veröffentlicht" in phone.success[0].value  # the first message on the panel
    next(b for b in phone.button if b.label == "Karte zurückziehen").click().run()
    assert "Ihre Karte ist zurückgezogen und für niemanden mehr sichtbar" in phone.success[0].value
    with sf() as s:
        assert s.scalar(select(func.count()).select_from(ContactCard)) == 0


def _path_of(node: object, key: str, path: tuple[int, ...] = ()) -> tuple[int, ...] | None:
    """Where in the page the element with this key is drawn (Streamlit matches elements by this path)."""
    proto = getattr(node, "proto", None)
    if proto is not None and getattr(proto, "id", "").endswith(f"-{key}"):
        return path
    for index, child in getattr(node, "children", {}).items():
        found = _path_of(child, key, (*path, index))
        if found is not None:
            return found
    return None


def test_the_card_list_keeps_its_place_while_my_card_comes_and_goes(app_db: str) -> None:
    """A list that moves on the page is drawn twice while it redraws (the old copy stays until the run ends)."""
    sf, phone = _phone_at(app_db, item=7)
    with sf.begin() as s:
        other = join(s, code=list_workshops(s)[0].join_code, now=utc_now())
        publish_card(
            s, token=other, now=utc_now(), name="Ben Berg", organisation="", role="", email="ben@example.org",
            phone="", seeking="", offering="",
        )  # fmt: skip
    phone.run()
    places = [_path_of(phone.main, "ccard-1")]
    phone.text_input(key="nc_name").input("Anna Alt")
    phone.text_input(key="nc_email").input("anna@example.org")
    next(b for b in phone.button if b.label == "Karte veröffentlichen").click().run()
    assert "Ihre Kontaktkarte ist veröffentlicht" in phone.success[0].value
    places.append(_path_of(phone.main, "ccard-1"))
    next(b for b in phone.button if b.label == "Karte zurückziehen").click().run()
    places.append(_path_of(phone.main, "ccard-1"))
    phone.run()  # the answer is gone
    places.append(_path_of(phone.main, "ccard-1"))
    assert places[0] is not None and len(set(places)) == 1, places
