"""Which lane a script run takes (werkstatt/ui/run_lane.py): only redraws asked for by a phone's live part
wait for a background slot; a person's own click in the same fragment runs at once."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from werkstatt.live.lanes import BACKGROUND
    from werkstatt.ui.run_lane import (
        background_fragment,
        background_page,
        in_background_fragment,
        mark_page_redraw,
        mark_redraw,
    )

    @background_fragment
    def part() -> None:
        st.session_state.setdefault("seen", []).append(BACKGROUND.running)
        st.session_state.setdefault("inside", []).append(in_background_fragment())  # its live parts mark redraws
        st.button("Punkt geben", key="dot")
        st.button("Neu zeichnen", key="live", on_click=mark_redraw)  # stands in for the live part's trigger

    with background_page():
        st.session_state.setdefault("page", []).append(BACKGROUND.running)
        part()
        st.session_state.setdefault("inside", []).append(in_background_fragment())
    st.button("Agenda weiter", key="switch", on_click=mark_page_redraw)


def test_only_the_live_parts_redraw_runs_in_a_background_slot() -> None:
    at = AppTest.from_function(_script).run()
    at.button(key="dot").click().run()
    at.button(key="live").click().run()
    at.button(key="dot").click().run()
    assert at.session_state["seen"] == [0, 0, 1, 0]  # first run, the click, the live redraw, a click again
    assert at.session_state["inside"][:2] == [True, False]  # inside the fragment only
    assert not at.exception


def test_a_page_run_after_a_switch_runs_in_one_slot_with_its_fragments() -> None:
    at = AppTest.from_function(_script).run()
    at.button(key="switch").click().run()  # marked as a redraw before the page runs
    at.run()
    assert at.session_state["page"] == [0, 1, 0]
    assert at.session_state["seen"] == [0, 1, 0]  # the fragment inside that page run used the page's slot
