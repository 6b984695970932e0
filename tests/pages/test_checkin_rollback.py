"""Check-in saves every changed row or none: a refused row rolls the batch back and says so, never "gespeichert"."""

from __future__ import annotations

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from db.engine import make_engine, make_sessionmaker
from db.models import Registration, Workshop
from tests.db.test_registration import person
from tests.pages.conftest import all_text
from werkstatt.registration.services import register
from werkstatt.registration.staff import cancel_registration
from werkstatt.text.markdown import escape_md

SCRIPT = """
import streamlit as st
from werkstatt.ui.actions import show_outcome
from werkstatt.ui.organisation_common import FLASH
from werkstatt.ui.organisation_people import save_check_ins

show_outcome(FLASH)
if st.button("Speichern"):
    save_check_ins(st.session_state["changes"], "orga")
"""


def _two_confirmed_then_one_cancelled(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    with factory.begin() as s:
        wid = s.scalar(select(Workshop.id).where(Workshop.number == 1))
        when = s.get(Workshop, wid).starts_at
        ids = [
            register(s, applicant=person(i), workshop_ids=[wid], now=when, source="organizer", actor="orga")[0]
            for i in range(2)
        ]
        first, second = (o.registration_id for o in ids)
        cancel_registration(s, registration_id=second, actor="orga", now=when)  # in another tab, meanwhile
    engine.dispose()
    return first, second


def _checked_in(url: str) -> list[bool]:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as s:
        rows = s.scalars(select(Registration).order_by(Registration.id)).all()
        result = [r.checked_in_at is not None for r in rows]
    engine.dispose()
    return result


def test_a_refused_row_rolls_the_batch_back_and_says_so(app_db) -> None:
    first, second = _two_confirmed_then_one_cancelled(app_db)
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.session_state["changes"] = {first: True, second: True}
    at.run()
    at.button[0].click().run()
    text = all_text(at)  # Markdown source: messages are escaped text
    assert escape_md("Check-in nicht gespeichert: Nur bestätigte Teilnehmende") in text
    assert escape_md("Check-in gespeichert.") not in text
    assert _checked_in(app_db) == [False, False]  # the valid row was rolled back with the refused one


def test_a_valid_batch_is_saved(app_db) -> None:
    first, _ = _two_confirmed_then_one_cancelled(app_db)
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.session_state["changes"] = {first: True}
    at.run()
    at.button[0].click().run()
    assert escape_md("Check-in gespeichert.") in all_text(at)
    assert _checked_in(app_db) == [True, False]
