"""Shared bits of the activity screens: one-shot messages and button callbacks that call one service."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.ui.actions import flash
from werkstatt.ui.auth import current_user
from werkstatt.ui.db import transaction

FLASH = "act_flash"  # the activity panels' one-shot messages (werkstatt/ui/actions.py)

ACTIVITY_CSS = """
<style>
  [class*="st-key-qcard-"], [class*="st-key-ccard-"] {background: #fff; border-radius: 12px;}
  .act-status {display: inline-block; border-radius: 999px; padding: .05rem .6rem; font-size: .8rem;
               font-weight: 700; background: #E7F1F6; color: #123C5A;}
  .act-status.answering {background: #FFF1C2; color: #5A4300;}
  .act-status.answered {background: #DDF3E4; color: #14532D;}
  .act-words span {display: inline-block; margin: .15rem .5rem; color: #123C5A; font-weight: 700;
                   line-height: 1.1;}
  .act-big {font-size: clamp(2.4rem, 5vw, 5rem); font-weight: 800; color: #123C5A; line-height: 1;}
  .act-bar {display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr 3rem; gap: .6rem;
            align-items: center; margin: .25rem 0; font-size: 1.15rem;}
  .act-bar .bar {background: #1F6F8B; height: 1.1rem; border-radius: 6px;}
  .act-q {font-size: clamp(1.3rem, 2vw, 2.1rem); line-height: 1.3; color: #0F2233;}
  .act-q-meta {font-size: clamp(1rem, 1.3vw, 1.35rem); color: #44546A;}
</style>
"""

# On the shared screen an activity owns the screen: the timer shrinks to one band (as for the wall).
BEAMER_ACTIVITY_CSS = """
<style>
  .bm {display: grid; grid-template-columns: 1fr auto; column-gap: 2vw; align-items: center; padding: 1.2vh 2vw;}
  .bm .bm-title {font-size: clamp(1.4rem, 2.2vw, 2.6rem); margin: 0;}
  .bm .bm-clock {grid-column: 2; grid-row: 1 / span 2; font-size: clamp(2.6rem, 5vw, 6rem); margin: 0;}
  .bm .bm-bar, .bm .bm-foot {display: none;}
  .act-h2 {font-size: clamp(2rem, 3vw, 3.4rem); font-weight: 800; color: #123C5A; margin: 1vh 0 .6vh 0;
           line-height: 1.1;}
  .act-h3 {font-size: clamp(1.3rem, 1.8vw, 2rem); font-weight: 700; color: #123C5A; margin: .4rem 0;}
  .act-bar {font-size: clamp(1.1rem, 1.5vw, 1.7rem); grid-template-columns: minmax(10rem, 18rem) 1fr 3rem;}
  .act-bar .bar {height: 1.5rem;}
  .act-big {font-size: clamp(4rem, 9vw, 10rem);}
  .act-item {font-size: clamp(1.1rem, 1.6vw, 1.9rem); margin: .5rem 0;}
</style>
"""


def participant_act(action: Callable[..., object], success: str = "", **kw: object) -> None:
    """Button callback for participants: one service call; the German refusal shows on the next run."""
    try:
        with transaction() as session:
            action(session, **kw, now=utc_now())
    except WerkstattError as err:
        flash(FLASH, "error", err.message)
    else:
        if success:
            flash(FLASH, "success", success)


def staff_act(
    action: Callable[..., object], success: str = "", *, from_state: dict[str, str] | None = None, **kw: object
) -> None:
    """Button callback for staff: widget values named in from_state are read here; the actor is the login."""
    for name, key in (from_state or {}).items():
        kw[name] = st.session_state.get(key)
    user = current_user()
    try:
        with transaction() as session:
            action(session, **kw, actor=user.username if user else "", now=utc_now())
    except WerkstattError as err:
        flash(FLASH, "error", err.message)
    else:
        if success:
            st.toast(success)
