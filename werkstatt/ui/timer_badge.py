"""The participants' small live badge: current item and time left."""

from __future__ import annotations

import streamlit as st

from werkstatt.clock import BERLIN, utc_now
from werkstatt.session.timer import (
    fmt_countdown,
)
from werkstatt.ui.timer_common import STAGE_COLOURS, e, timer_view_now


def participant_timer_badge(workshop_id: int) -> None:
    """Compact 'now: item · time left' for phones. Ticks only on the workshop's day or while it runs."""
    now = utc_now()
    view = timer_view_now(workshop_id, now)
    today = view.planned_start is not None and view.planned_start.astimezone(BERLIN).date() == (
        now.astimezone(BERLIN).date()
    )
    if view.active or today:
        _badge_tick(workshop_id)


@st.fragment(run_every=1)
def _badge_tick(workshop_id: int) -> None:
    view = timer_view_now(workshop_id)
    if not view.active:
        return
    fg, bg = STAGE_COLOURS[view.stage]
    left = fmt_countdown(view.left_s)
    label = "überzogen" if view.overrun else "noch"
    paused = " · pausiert" if view.state == "paused" else ""
    st.html(
        f"""<div style="display:flex;align-items:center;gap:.7rem;border-radius:12px;padding:.55rem .9rem;
        background:{bg};color:{fg};font-size:1rem;line-height:1.3">
        <span style="font-weight:700;white-space:nowrap">● Live</span>
        <span style="flex:1 1 auto">Jetzt: <b>{e(view.title)}</b>{paused}</span>
        <span style="white-space:nowrap;font-variant-numeric:tabular-nums">{label} <b>{left}</b></span>
        </div>"""
    )
