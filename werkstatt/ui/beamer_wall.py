"""The shared screen's participation parts: the join corner (code, link, QR) and the contribution wall."""

from __future__ import annotations

import html
import io

import segno
import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.series.store import get_workshop
from werkstatt.session.phase import current_phase
from werkstatt.session.views import (
    wall,
)
from werkstatt.text.markdown import escape_md
from werkstatt.ui.beamer_layout import WALL_CARDS_PER_PAGE, more_label, rotate
from werkstatt.ui.db import read_only
from werkstatt.ui.palette import NAVY
from werkstatt.ui.participation_panels import PARTICIPATION_CSS, dots_label, join_link


def beamer_join_corner(workshop_id: int) -> None:
    """Join code, QR code and short link: stays in the corner the whole session."""
    st.html(PARTICIPATION_CSS)
    with read_only() as session:
        code = get_workshop(session, workshop_id=workshop_id).join_code
    link = join_link(code)
    short = link.split("://", 1)[-1]
    st.html(
        f"""<div class="pp-join" data-testid="join-corner"><h2 class="lbl">Mitmachen mit Code</h2>
        <div class="code">{code}</div></div>"""
    )
    buf = io.BytesIO()
    segno.make(link, error="m").save(buf, kind="png", scale=8, border=2, dark=NAVY)
    st.image(buf.getvalue(), width="stretch", alt=f"QR-Code zum Mitmachen: {link}")
    st.html(f'<div class="pp-join pp-join-url"><div class="url">{html.escape(short)}</div></div>')


@st.fragment(run_every=3)
def beamer_wall(workshop_id: int) -> None:
    """Visible contributions per category with their dots, a page at a time, and how many were hidden."""
    now = utc_now()
    with read_only() as session:
        if current_phase(session, workshop_id=workshop_id, now=now).show_results:
            return  # the conclusion (werkstatt/ui/conclusion_panels.py) takes the screen
        board = wall(session, workshop_id=workshop_id)
    st.html(PARTICIPATION_CSS)
    columns = st.columns(max(1, len(board.columns)), gap="large")
    for col, (key, label, items) in zip(columns, board.columns, strict=False):
        with col:
            total = board.totals.get(key, 0)
            paging = rotate(len(items), WALL_CARDS_PER_PAGE, now)
            st.html(f'<h2 class="pp-colhead">{html.escape(label)} ({total})</h2>')
            if not items:
                st.caption("Noch keine Beiträge.")
            for item in items[paging.start : paging.stop]:
                with st.container(border=True, key=f"wallcard-{key}-{item.id}"):
                    st.markdown(escape_md(item.text))
                    extras = " · ".join(p for p in (item.facet, item.stakeholder, item.theme_name) if p)
                    pin = "angepinnt · " if item.pinned else ""
                    meta = f"{pin}**{dots_label(item.votes)}** · #{item.id}"
                    st.caption(meta + (f" · {escape_md(extras)}" if extras else ""))
            more = " · ".join(p for p in (more_label(total, paging.stop - paging.start), paging.label) if p)
            if more:
                st.html(f'<p class="pp-more" data-testid="wall-more">{more}</p>')
    n = board.visible_count
    foot = [f"{n} {'Beitrag' if n == 1 else 'Beiträge'}", f"{board.participant_count} Teilnehmende"]
    foot.append(f"<b>{board.hidden_count} ausgeblendet</b>")
    if board.merged_count:
        foot.append(f"{board.merged_count} zusammengeführt")
    if board.hidden_reasons:
        foot.append("Gründe: " + html.escape("; ".join(board.hidden_reasons)))
    st.html(f'<div class="pp-foot" data-testid="wall-foot">{" · ".join(foot)}</div>')
