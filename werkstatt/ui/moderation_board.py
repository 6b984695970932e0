"""The moderator's contribution board: counts, filters, the newest cards a page at a time.

One card and its actions (hide/merge/pin/theme): ui/moderation_card.py; setup and log:
ui/moderation_setup.py. The board is a live part: it redraws on every change of the
workshop, so a redraw must stay cheap with hundreds of contributions (docs/performance.md).
"""

from __future__ import annotations

import streamlit as st

from db.vocabulary import ContributionStatus
from werkstatt.live.retry import DatabaseUnavailable
from werkstatt.series.store import get_workshop
from werkstatt.session.views import groups_of, list_for_moderator, list_themes
from werkstatt.session.wall import participant_count
from werkstatt.text.markdown import escape_md
from werkstatt.ui.activity_filters import filter_by_group_and_theme
from werkstatt.ui.auth import StaffUser
from werkstatt.ui.db import read_only
from werkstatt.ui.live_parts import live_part, read_mark, retry_soon
from werkstatt.ui.moderation_card import FLASH, Context, moderation_card, touched_key
from werkstatt.ui.moderation_setup import moderation_log_table, setup_form
from werkstatt.ui.participation_panels import PARTICIPATION_CSS, dots_label
from werkstatt.ui.staff_actions import show_flash

HIDDEN, MERGED, VISIBLE, WITHDRAWN = (
    ContributionStatus.HIDDEN,
    ContributionStatus.MERGED,
    ContributionStatus.VISIBLE,
    ContributionStatus.WITHDRAWN,
)


def moderation_contributions_panel(workshop_id: int, user: StaffUser) -> None:
    """Every contribution live, with hide/unhide/merge/pin/theme; setup of groups, dots, themes."""
    st.html(PARTICIPATION_CSS)
    with read_only() as session:
        workshop = get_workshop(session, workshop_id=workshop_id)
        code, dots = workshop.join_code, workshop.dots_per_participant
        groups = [name for _, name in groups_of(session, workshop_id=workshop_id)]
        themes = tuple(t.name for t in list_themes(session, workshop_id=workshop_id))
    st.caption(
        f"Teilnahme ohne Konto unter **/mitmachen** mit dem Code **{code}** · "
        f"{dots_label(dots)} pro Person · Gruppen: {escape_md(', '.join(groups)) if groups else 'keine'}"
    )
    with st.expander("Einstellungen: Gruppen, Punkte, Themen"):
        setup_form(workshop_id, user.username, groups, dots, themes)
    with st.expander("Protokoll der Moderation"):
        moderation_log_table(workshop_id)
    _moderation_live(workshop_id)


MOD_PAGE = 30  # cards per "Weitere … anzeigen", as on the phones (werkstatt/ui/mitmachen_board.py)

_FILTERS = {
    "Sichtbar": VISIBLE,
    "Ausgeblendet": HIDDEN,
    "Zusammengeführt": MERGED,
    "Zurückgezogen": WITHDRAWN,
}


@st.fragment  # redrawn when the workshop changes (werkstatt/ui/live_parts.py)
def _moderation_live(workshop_id: int) -> None:
    try:
        mark = read_mark(workshop_id)
        with read_only() as session:
            items = list_for_moderator(session, workshop_id=workshop_id)
            people = participant_count(session, workshop_id=workshop_id)
            themes = [(t.id, t.name) for t in list_themes(session, workshop_id=workshop_id)]
    except DatabaseUnavailable as err:  # German notice; tries again by itself in a few seconds
        retry_soon(workshop_id, key="moderation-board", message=err.message)
        return
    live_part(workshop_id, key="moderation-board", mark=mark, min_gap_s=0.5, delay_s=0.2)
    show_flash(FLASH)
    by_status = {s: sum(1 for i in items if i.status == s) for s in (VISIBLE, HIDDEN, MERGED, WITHDRAWN)}
    cols = st.columns(5)
    cols[0].metric("Sichtbar", by_status[VISIBLE])
    cols[1].metric("Ausgeblendet", by_status[HIDDEN])
    cols[2].metric("Zusammengeführt", by_status[MERGED])
    cols[3].metric("Zurückgezogen", by_status[WITHDRAWN])
    cols[4].metric("Teilnehmende", people)
    shown = st.segmented_control(
        "Anzeigen",
        ["Alle", *_FILTERS],
        default="Alle",
        key=f"pp_filter_{workshop_id}",
        label_visibility="collapsed",
    )
    wanted = _FILTERS.get(shown or "Alle")
    listed = [i for i in items if wanted is None or i.status == wanted]
    listed = filter_by_group_and_theme(listed, key=f"pp_gt_{workshop_id}")  # werkstatt/ui/activity_filters.py
    if not listed:
        st.info("Noch keine Beiträge." if not items else "Keine Beiträge in dieser Ansicht.")
    limit_key = f"pp_limit_{workshop_id}"
    limit = st.session_state.get(limit_key, MOD_PAGE)
    # The newest first, a page at a time; the card last opened or acted on stays, even when newer posts
    # push it past the page, so an open popover or the focus does not vanish under the moderator's hand.
    touched = st.session_state.get(touched_key(workshop_id))
    page = [item for n, item in enumerate(listed) if n < limit or item.id == touched]
    ctx = Context(workshop_id=workshop_id, visible=[i for i in items if i.status == VISIBLE], themes=themes)
    for item in page:
        moderation_card(ctx, item)
    if len(page) < len(listed):
        more = len(listed) - len(page)
        st.button(
            f"Weitere {min(more, MOD_PAGE)} von {more} anzeigen",
            key=f"pp_more_{workshop_id}",
            on_click=st.session_state.update,
            kwargs={limit_key: limit + MOD_PAGE},
        )
