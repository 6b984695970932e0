"""Mitmachen: the live board of contributions with the dot buttons (a fragment, redrawn on change).

Split from pages/mitmachen.py (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.live.pacing import list_gap_s, list_spread_s
from werkstatt.live.retry import DatabaseUnavailable
from werkstatt.live.topics import mark_of
from werkstatt.session.contributions import unvote, vote, withdraw
from werkstatt.session.timer_log import timer_view
from werkstatt.session.views import Board, board_for_participant
from werkstatt.session.wall import participant_count
from werkstatt.text.markdown import escape_md
from werkstatt.ui.actions import flash, show_outcome
from werkstatt.ui.announce import dots_html, new_posts_announcement, time_up_announcement
from werkstatt.ui.db import read_only, transaction
from werkstatt.ui.live_parts import live_part, retry_soon
from werkstatt.ui.mitmachen_identity import FLASH
from werkstatt.ui.participation_panels import dots_label, item_meta
from werkstatt.ui.run_lane import background_fragment


def act(action: Callable[..., object], token: str, contribution_id: int) -> None:
    """Button callback (vote, unvote, withdraw): runs before the rerun that shows the result."""
    try:
        with transaction() as session:
            action(session, token=token, contribution_id=contribution_id, now=utc_now())
    except WerkstattError as err:
        flash(FLASH, "error", err.message)


def vote_hint(input_open: bool, dots_left: int) -> str | None:
    if not input_open:
        return "Die Abstimmung ist gerade geschlossen."
    return None if dots_left else "Alle Punkte sind vergeben. Nehmen Sie einen zurück, um ihn neu zu setzen."


BOARD_PAGE = 30  # cards per "Mehr anzeigen": a phone redraws its list on every refresh


# Redrawn when the workshop changes (werkstatt/ui/live_parts.py), paced by werkstatt/live/pacing.py, in the
# background lane (werkstatt/ui/run_lane.py); a dot given here runs at once.
@background_fragment
def board(token: str, workshop_id: int, input_open: bool = True) -> None:
    try:
        limit = st.session_state.get("board_limit", BOARD_PAGE)
        # One read transaction for the whole redraw: the mark first, then what it marks.
        with read_only() as session:
            mark = mark_of(session, workshop_id=workshop_id)
            b: Board = board_for_participant(session, token=token, limit=limit, revision=mark.revision)
            gap = list_gap_s(participant_count(session, workshop_id=workshop_id))
            view = timer_view(session, workshop_id=b.workshop_id, now=utc_now())
    except DatabaseUnavailable as err:  # German notice; tries again by itself in a few seconds
        retry_soon(workshop_id, key="mm-board", message=err.message)
        return
    except WerkstattError as err:
        st.error(err.message, icon="⚠️")
        return
    live_part(workshop_id, key="mm-board", mark=mark, min_gap_s=gap, delay_s=0.3, spread_s=list_spread_s(gap))
    show_outcome(FLASH, st.empty())
    new_posts_announcement(b.visible_count)
    time_up_announcement(view.index, view.active and view.overrun)
    st.markdown(dots_html(b.dots_used, b.dots_left, b.dots_total), unsafe_allow_html=True)  # fixed words, numbers
    everyone, mine = st.tabs([f"Alle Beiträge ({b.visible_count})", f"Meine Beiträge ({len(b.mine)})"])
    with everyone:
        if not b.visible:
            st.caption("Noch keine Beiträge – schreiben Sie den ersten!")
        # The newest first; cards carrying my dots always stay, so a dot can be taken back.
        for item in b.visible:
            with st.container(border=True, key=f"mmcard-{item.id}"):
                # Meta line, text and dots in one block (styled in werkstatt/ui/style.py): a list redraw
                # sends three elements per card instead of seven.
                st.markdown(f"{item_meta(item)}\n\n{escape_md(item.text)}\n\n**{dots_label(item.votes)}**")
                # One key for both states: the button stays the same element, so the focus stays on it.
                # Disabled when it could only be refused: voting closed, or no dot left to give.
                st.button(
                    f"Punkt zurücknehmen für #{item.id}" if item.my_vote else f"Punkt geben für #{item.id}",
                    key=f"dot-{item.id}", type="primary", width="stretch",
                    disabled=not input_open or (not item.my_vote and b.dots_left == 0),
                    help=None if item.my_vote and input_open else vote_hint(input_open, b.dots_left),
                    on_click=act, args=(unvote if item.my_vote else vote, token, item.id),
                )  # fmt: skip
        if len(b.visible) < b.visible_count:
            more = b.visible_count - len(b.visible)
            st.button(
                f"Weitere {min(more, BOARD_PAGE)} von {more} anzeigen",
                key="board-more",
                on_click=st.session_state.update,
                kwargs={"board_limit": limit + BOARD_PAGE},
            )
    with mine:
        if not b.mine:
            st.caption("Sie haben noch nichts geschrieben.")
        for item in b.mine:
            with st.container(border=True, key=f"mmmine-{item.id}"):
                trace = f"\n\n*{escape_md(item.trace.capitalize())}*" if item.trace else ""
                st.markdown(f"{item_meta(item, with_author=False)}\n\n{escape_md(item.text)}{trace}")
                if not item.trace:
                    st.button(
                        f"Beitrag #{item.id} zurückziehen", key=f"withdraw-{item.id}",
                        on_click=act, args=(withdraw, token, item.id),
                    )  # fmt: skip
