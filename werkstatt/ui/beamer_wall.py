"""The shared screen's participation parts: the join corner (code, link, QR) and the contribution wall."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, timedelta

import segno
import streamlit as st

from werkstatt.live.retry import DatabaseUnavailable
from werkstatt.palette import NAVY
from werkstatt.series.store import get_workshop
from werkstatt.session.stage import current_stage
from werkstatt.session.timer_log import timer_view
from werkstatt.session.views import Item
from werkstatt.session.wall import Wall, wall
from werkstatt.text.markdown import escape_html, escape_md
from werkstatt.ui.activity_beamer import draw_activity, empty
from werkstatt.ui.beamer_layout import ROTATE_SECONDS, WALL_CARDS_PER_PAGE, Paging, more_label, rotate
from werkstatt.ui.conclusion_panels import beamer_conclusion
from werkstatt.ui.db import read_only
from werkstatt.ui.live_parts import live_part, next_wake, read_mark, retry_soon, view_time
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
    st.html(f'<div class="pp-join pp-join-url"><div class="url">{escape_html(short)}</div></div>')


@st.fragment
def beamer_wall(workshop_id: int) -> None:
    """The wall, the conclusion or another activity's view; redrawn when the workshop changes."""
    try:
        mark = read_mark(workshop_id)
        now = view_time()
        with read_only() as session:
            view = timer_view(session, workshop_id=workshop_id, now=now)
            # The agenda (or the moderator) decides: the wall, the conclusion, or another activity.
            screen = current_stage(session, workshop_id=workshop_id, now=now).screen
            board = wall(session, workshop_id=workshop_id) if screen == "wall" else None
    except DatabaseUnavailable:  # the screen stays as it was drawn; try again in a few seconds
        retry_soon(workshop_id, key="beamer-board")
        return
    wake = next_wake(view, now)
    turn = _next_turn(screen, board, now)  # the screen never scrolls: it turns its pages by the clock
    if turn is not None:
        wake = min(wake, turn) if wake else turn
    live_part(workshop_id, key="beamer-board", mark=mark, wake_at=wake, delay_s=0.2)
    if board is not None:
        _draw_wall(board, now)
        return
    draw_activity(workshop_id, screen)  # who is in the room, questions, one group, themes, the Fazit band
    if screen in ("fazit", "networking"):  # in the conclusion and after it the Fazit stays
        beamer_conclusion(workshop_id)


def _next_turn(screen: str, board: Wall | None, now: datetime) -> datetime | None:
    """When the pages turn next (a little after, so the redraw sees the new page), or None."""
    if screen not in ("fazit", "networking") and (
        board is None or all(len(items) <= WALL_CARDS_PER_PAGE for _, _, items in board.columns)
    ):
        return None
    # One clock for every column and screen: the pages turn together, never one column at a time.
    return now + timedelta(seconds=ROTATE_SECONDS - now.timestamp() % ROTATE_SECONDS + 0.2)


def column_paging(items: Sequence[Item], now: datetime) -> Paging:
    """The page of one wall column shown at `now`.

    The pages turn on the shared clock (every ROTATE_SECONDS), but a column's rotation starts at
    the page with its newest post: a new post is on the screen at the next redraw (within a
    second) instead of after up to (pages - 1) turns, and stays there at least half a turn
    (a post in the second half of a turn also keeps the next one). Every screen shows the same
    page: same data, same clock.
    """
    per_page = WALL_CARDS_PER_PAGE
    pages = max(1, -(-len(items) // per_page))
    if pages == 1:
        return rotate(len(items), per_page, now)
    newest = max(range(len(items)), key=lambda n: items[n].id)
    posted = items[newest].created_at + timedelta(seconds=ROTATE_SECONDS / 2)
    turns = max(0, int(now.timestamp() // ROTATE_SECONDS) - int(posted.timestamp() // ROTATE_SECONDS))
    page = (newest // per_page + turns) % pages
    start = page * per_page
    return Paging(start=start, stop=min(len(items), start + per_page), page=page + 1, pages=pages)


def _draw_wall(board: Wall, now: datetime) -> None:
    """Visible contributions per category with their dots, a page at a time, and how many were hidden."""
    st.html(PARTICIPATION_CSS)
    columns = st.columns(max(1, len(board.columns)), gap="large")
    for col, (key, label, items) in zip(columns, board.columns, strict=False):
        with col:
            total = board.totals.get(key, 0)
            paging = column_paging(items, now)
            st.html(f'<h2 class="pp-colhead">{escape_html(label)} ({total})</h2>')
            if not items:  # readable from the back of the room, like the cards
                st.html(empty("Noch keine Beiträge.", size="clamp(1rem, 2.3vh, 1.7rem)"))  # a card's text
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
        foot.append("Gründe: " + escape_html("; ".join(board.hidden_reasons)))
    st.html(f'<div class="pp-foot" data-testid="wall-foot">{" · ".join(foot)}</div>')
