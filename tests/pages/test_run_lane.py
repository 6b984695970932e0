"""Which lane a script run takes (werkstatt/ui/run_lane.py): only redraws asked for by a phone's live part
wait for a background slot; a person's own click runs at once.

AppTest runs the whole script each time: `_fragments` stands for a fragment run (no page body), in
which Streamlit may run several queued fragments; `_page` for a full run with app.py's page body.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _fragments() -> None:
    import streamlit as st

    from werkstatt.live.lanes import BACKGROUND
    from werkstatt.ui.run_lane import background_fragment, redraw_callback

    def record(name: str) -> None:
        st.session_state.setdefault(name, []).append(BACKGROUND.running)

    @background_fragment
    def board() -> None:
        record("board")
        st.session_state.setdefault("marks", []).append(redraw_callback() is not None)  # its live parts mark
        st.button("Punkt geben", key="dot")
        st.button("Liste neu", key="board-live", on_click=redraw_callback())  # stands in for the live part

    @background_fragment
    def badge() -> None:
        record("badge")
        st.button("Uhr neu", key="badge-live", on_click=redraw_callback())

    board()
    badge()
    st.session_state.setdefault("marks", []).append(redraw_callback() is not None)


def _page() -> None:
    import streamlit as st

    from werkstatt.live.lanes import BACKGROUND
    from werkstatt.ui.run_lane import background_fragment, background_page, mark_page_redraw, redraw_callback

    @background_fragment
    def board() -> None:
        st.session_state.setdefault("board", []).append(BACKGROUND.running)
        st.button("Liste neu", key="board-live", on_click=redraw_callback())

    with background_page():
        st.session_state.setdefault("page", []).append(BACKGROUND.running)
        board()
    st.button("Agenda weiter", key="switch", on_click=mark_page_redraw)


def test_only_the_live_parts_redraw_runs_in_a_background_slot() -> None:
    at = AppTest.from_function(_fragments).run()
    at.button(key="dot").click().run()
    at.button(key="board-live").click().run()
    at.button(key="dot").click().run()
    assert at.session_state["board"] == [0, 0, 1, 0]  # first run, the click, the live redraw, a click again
    assert at.session_state["marks"][:2] == [True, False]  # inside the fragment only
    assert not at.exception


def test_a_redraw_of_one_fragment_does_not_make_another_wait() -> None:
    """Streamlit runs queued fragments in one run: the badge's redraw and a dot on the board, say."""
    at = AppTest.from_function(_fragments).run()
    at.button(key="badge-live").click().run()
    assert (at.session_state["board"][-1], at.session_state["badge"][-1]) == (0, 1)
    at.button(key="board-live").click().run()
    assert (at.session_state["board"][-1], at.session_state["badge"][-1]) == (1, 0)


def test_a_page_run_after_a_switch_runs_in_one_slot_with_its_fragments() -> None:
    at = AppTest.from_function(_page).run()
    at.button(key="switch").click().run()  # marked as a redraw before the page runs
    at.run()
    assert at.session_state["page"] == [0, 1, 0]
    assert at.session_state["board"] == [0, 1, 0]  # the fragment inside that page run used the page's slot


def test_a_full_run_never_waits_for_a_redraw_mark_left_for_a_fragment() -> None:
    """A click while a fragment's redraw was queued: Streamlit merges both into the person's full run."""
    at = AppTest.from_function(_page).run()
    at.button(key="board-live").click().run()  # the mark is set, then the whole page runs
    assert at.session_state["page"][-1] == 0 and at.session_state["board"][-1] == 0
    assert not at.exception


def test_a_request_of_the_person_wakes_the_waiting_redraw() -> None:
    """`watch_requests` hears what Streamlit's runner hands the run: a post that arrives while a redraw
    waits for the slot, which Streamlit keeps until that run ends (werkstatt/live/lanes.py)."""
    import threading

    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests

    from werkstatt.ui.run_lane import watch_person, watch_requests

    requests, woken = ScriptRequests(), threading.Event()
    with watch_requests(requests, woken.set):
        assert not woken.is_set()  # nothing asked yet
        threading.Timer(0.05, requests.request_rerun, args=(RerunData(fragment_id="post-form"),)).start()
        assert woken.wait(5)  # the post's fragment run arrived from another thread
    assert requests.on_scriptrunner_yield() is None  # Streamlit does not interrupt the run for it
    assert "request_rerun" not in vars(requests)  # the runner's own method again

    woken.clear()
    with watch_requests(requests, woken.set):  # the post came before the redraw started to wait
        assert woken.is_set()
    requests.request_stop()  # after the watch: nobody is woken
    with watch_person(woken.set):  # outside a script run there is nothing to watch
        pass


def test_a_session_that_ends_wakes_the_waiting_redraw() -> None:
    import threading

    from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequests

    from werkstatt.ui.run_lane import watch_requests

    requests, woken = ScriptRequests(), threading.Event()
    with watch_requests(requests, woken.set):
        requests.request_stop()  # the browser went away
        assert woken.is_set()


def _person_acts_while_waiting() -> None:
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

    from werkstatt.live.lanes import BACKGROUND
    from werkstatt.ui.run_lane import background_fragment, redraw_callback

    @background_fragment
    def board() -> None:
        st.session_state.setdefault("board", []).append(BACKGROUND.running)
        st.button("Liste neu", key="board-live", on_click=redraw_callback())

    if st.session_state.pop("person_acts", False):  # the person's post arrives while this run goes on
        get_script_run_ctx().script_requests.request_rerun(RerunData(fragment_id="post-form"))
    board()


def test_a_redraw_waiting_for_the_slot_lets_its_person_go_first() -> None:
    """Another session holds the slot; this phone's list redraw waits; its person posts meanwhile. The
    redraw must not hold the post up for the slot's queue: it ends its run, and the person's request
    runs at once with the list redrawn in the same run (outside the slot)."""
    from tests.slot_holder import hold_slot
    from werkstatt.live.lanes import BACKGROUND

    at = AppTest.from_function(_person_acts_while_waiting).run()
    made_way = BACKGROUND.made_way
    release, hog = hold_slot(BACKGROUND, hold_s=20)  # another phone's redraw
    try:
        at.session_state["person_acts"] = True
        at.button(key="board-live").click().run(timeout=5)  # without the fix: 15 s in the queue
    finally:
        release.set()
        hog.join(10)
    assert BACKGROUND.made_way == made_way + 1
    assert at.session_state["board"] == [0, 1]  # drawn once more, while the other phone still held the slot
    assert not at.exception
