"""Mitmachen: the live board of contributions with the dot buttons (drawn in the browser, fed on change).

Split from pages/mitmachen.py (docs/architecture.md).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.live.pacing import feed_gap_s, feed_spread_s
from werkstatt.live.retry import DatabaseUnavailable
from werkstatt.live.topics import mark_of
from werkstatt.session.board_feed import PAGE, own_part, ticket_for
from werkstatt.session.contributions import unvote, vote, withdraw
from werkstatt.session.timer_log import timer_view
from werkstatt.session.wall import participant_count
from werkstatt.ui.actions import flash, show_outcome
from werkstatt.ui.announce import time_up_announcement
from werkstatt.ui.db import read_only, transaction
from werkstatt.ui.live_parts import live_part, retry_soon
from werkstatt.ui.mitmachen_identity import FLASH
from werkstatt.ui.run_lane import background_fragment


def act(action: Callable[..., object], token: str, contribution_id: int) -> None:
    """Button callback (vote, unvote, withdraw): runs before the rerun that shows the result."""
    try:
        with transaction() as session:
            action(session, token=token, contribution_id=contribution_id, now=utc_now())
    except WerkstattError as err:
        flash(FLASH, "error", err.message)


ACTIONS: dict[str, Callable[..., object]] = {"vote": vote, "unvote": unvote, "withdraw": withdraw}


# The list itself is drawn in the browser (werkstatt/live/live_client.js) from the shared page every
# phone fetches after a change (werkstatt/live/board_route.py) and this phone's own part, sent here.
# This fragment runs when its person acts on the list, or when the browser finds the own part outdated
# (its person posted, or a card carrying their dot was merged: then in the background lane,
# werkstatt/ui/run_lane.py).
@background_fragment
def board(token: str, workshop_id: int, input_open: bool = True) -> None:
    try:
        with read_only() as session:
            mark = mark_of(session, workshop_id=workshop_id)
            own = own_part(session, token=token)
            ticket = ticket_for(session, workshop_id=workshop_id)
            gap = feed_gap_s(participant_count(session, workshop_id=workshop_id))
            view = timer_view(session, workshop_id=workshop_id, now=utc_now())
    except DatabaseUnavailable as err:  # German notice; tries again by itself in a few seconds
        retry_soon(workshop_id, key="mm-board", message=err.message)
        return
    except WerkstattError as err:
        st.error(err.message, icon="⚠️")
        return
    show_outcome(FLASH, st.empty())
    time_up_announcement(view.index, view.active and view.overrun)
    everyone, mine = st.tabs(["Alle Beiträge", "Meine Beiträge"])
    shared = {"ticket": ticket, "own": own, "open": input_open, "limit": PAGE}
    for tab, view_key in ((everyone, "all"), (mine, "mine")):
        with tab:
            key = f"mm-board-{view_key}"
            live_part(
                workshop_id, key=key, mark=mark, board={**shared, "view": view_key}, min_gap_s=gap,
                spread_s=feed_spread_s(gap), delay_s=0.3, on_act=functools.partial(on_act, key, token),
            )  # fmt: skip


def on_act(key: str, token: str) -> None:
    """The person gave or took back a dot, or withdrew a post, in the list the browser draws."""
    asked = (st.session_state.get(key) or {}).get("act")
    if not isinstance(asked, dict) or asked.get("do") not in ACTIONS or not isinstance(asked.get("id"), int):
        return
    act(ACTIONS[asked["do"]], token, asked["id"])
