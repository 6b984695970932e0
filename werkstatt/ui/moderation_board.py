"""The moderator's contribution board: filters, hide/merge/pin/theme (setup and log: ui/moderation_setup.py)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from db.vocabulary import ContributionStatus
from werkstatt.live.commands import (
    contribution_state,
    moderation_command,
)
from werkstatt.live.retry import DatabaseUnavailable
from werkstatt.series.store import get_workshop
from werkstatt.session.views import (
    STATUS_LABELS,
    Item,
    groups_of,
    list_for_moderator,
    list_themes,
)
from werkstatt.session.wall import wall
from werkstatt.text.markdown import escape_md
from werkstatt.ui.activity_filters import filter_by_group_and_theme
from werkstatt.ui.auth import StaffUser, current_user
from werkstatt.ui.db import read_only
from werkstatt.ui.live_parts import live_part, read_mark, retry_soon
from werkstatt.ui.moderation_setup import moderation_log_table, setup_form
from werkstatt.ui.participation_panels import PARTICIPATION_CSS, dots_label, item_meta
from werkstatt.ui.staff_actions import action_id, run_command, show_flash

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


_FLASH = "pp_mod_flash"


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
            board = wall(session, workshop_id=workshop_id)
            themes = [(t.id, t.name) for t in list_themes(session, workshop_id=workshop_id)]
    except DatabaseUnavailable as err:  # German notice; tries again by itself in a few seconds
        retry_soon(workshop_id, key="moderation-board", message=err.message)
        return
    live_part(workshop_id, key="moderation-board", mark=mark, min_gap_s=0.5, delay_s=0.2)
    show_flash(_FLASH)
    by_status = {s: sum(1 for i in items if i.status == s) for s in (VISIBLE, HIDDEN, MERGED, WITHDRAWN)}
    cols = st.columns(5)
    cols[0].metric("Sichtbar", by_status[VISIBLE])
    cols[1].metric("Ausgeblendet", by_status[HIDDEN])
    cols[2].metric("Zusammengeführt", by_status[MERGED])
    cols[3].metric("Zurückgezogen", by_status[WITHDRAWN])
    cols[4].metric("Teilnehmende", board.participant_count)
    shown = st.segmented_control(
        "Anzeigen",
        ["Alle", *_FILTERS],
        default="Alle",
        key=f"pp_filter_{workshop_id}",
        label_visibility="collapsed",
    )
    wanted = _FILTERS.get(shown or "Alle")
    visible = [i for i in items if i.status == VISIBLE]
    listed = [i for i in items if wanted is None or i.status == wanted]
    listed = filter_by_group_and_theme(listed, key=f"pp_gt_{workshop_id}")  # werkstatt/ui/activity_filters.py
    if not listed:
        st.info("Noch keine Beiträge." if not items else "Keine Beiträge in dieser Ansicht.")
    for item in listed:
        _moderation_card(workshop_id, item, visible, themes)


def _moderation_card(workshop_id: int, item: Item, visible: list[Item], themes: list[tuple[int, str]]) -> None:
    with st.container(border=True, key=f"modcard-{item.id}"):
        head, votes = st.columns([5, 1])
        pin = "📌 " if item.pinned else ""
        theme = f" · Thema: {escape_md(item.theme_name)}" if item.theme_name else ""
        head.caption(f"{pin}{item_meta(item)}{theme}")
        status = f"**{dots_label(item.votes)}**" if item.status == VISIBLE else f"*{STATUS_LABELS[item.status]}*"
        votes.markdown(status)
        st.markdown(escape_md(item.text))
        if item.trace:
            st.caption(("⚠️ " if item.status == HIDDEN else "") + escape_md(item.trace))
        if item.status == VISIBLE:
            _visible_actions(workshop_id, item, visible, themes)
        elif item.status == HIDDEN:
            st.button(
                "Wieder einblenden", key=f"unhide-{item.id}", on_click=_mod_act,
                args=(f"#{item.id} ist wieder sichtbar",), kwargs=_command(workshop_id, item, "unhide"),
            )  # fmt: skip


def _state(item: Item) -> str:
    return contribution_state(status=item.status, pinned=item.pinned, theme_id=item.theme_id)


def _command(workshop_id: int, item: Item, kind: str, **extra: Any) -> dict[str, Any]:
    """A moderation command on `item` as the moderator sees it now, with its click id."""
    seen = _state(item)
    click = action_id(f"{kind}-{item.id}", (workshop_id, seen))
    ids = {"source_id": item.id} if kind == "merge" else {"contribution_id": item.id}
    return {"kind": kind, "workshop_id": workshop_id, "seen": {item.id: seen}, "action_id": click, **ids, **extra}


def _mod_act(
    success: str,
    *,
    from_state: dict[str, str] | None = None,
    targets: dict[int, str] | None = None,
    **kw: Any,
) -> None:
    """Button callback: one moderation command; widget values named in from_state are read here.

    Callbacks run before the (fragment) rerun, so the list redraws with the result; they draw nothing.
    For a merge, `targets` holds the state of every possible target as the moderator saw it.
    """
    for name, key in (from_state or {}).items():
        kw[name] = st.session_state.get(key)
    if kw["kind"] == "merge":
        target = kw.get("target_id")
        if target is None or targets is None or target not in targets:
            st.session_state[_FLASH] = "Bitte wählen Sie den Beitrag, mit dem zusammengeführt werden soll."
            return
        kw["seen"] = {**kw["seen"], target: targets[target]}
    user = current_user()
    # Every moderation step is logged with who and when (werkstatt.session.views.moderation_log).
    run_command(moderation_command, _FLASH, success=success, actor=user.username if user else "", **kw)


def _visible_actions(workshop_id: int, item: Item, visible: list[Item], themes: list[tuple[int, str]]) -> None:
    a, b, c, d = st.columns(4)
    with a.popover("Ausblenden", width="stretch"):
        st.text_input(
            "Grund (wird auf dem Beamer gezählt)", key=f"reason-{item.id}", max_chars=200,
            placeholder="z. B. Werbung, beleidigend, doppelt",
        )  # fmt: skip
        st.button(
            "Ausblenden", key=f"hide-{item.id}", type="primary", on_click=_mod_act,
            args=(f"#{item.id} ausgeblendet",),
            kwargs=_command(workshop_id, item, "hide", from_state={"reason": f"reason-{item.id}"}),
        )  # fmt: skip
    with b.popover("Zusammenführen", width="stretch"):
        texts = {i.id: i.text for i in visible if i.id != item.id}
        st.selectbox(
            "…mit Beitrag", list(texts), format_func=lambda i: f"#{i}: {texts[i][:60]}",
            key=f"target-{item.id}", index=None, placeholder="Beitrag wählen",
        )  # fmt: skip
        st.caption(f"#{item.id} verschwindet mit dem Hinweis »zusammengeführt mit #…«; Punkte zählen je Person einmal.")
        targets = {i.id: _state(i) for i in visible if i.id != item.id}
        st.button(
            "Zusammenführen", key=f"merge-{item.id}", type="primary", on_click=_mod_act,
            args=(f"#{item.id} zusammengeführt",),
            kwargs=_command(workshop_id, item, "merge", from_state={"target_id": f"target-{item.id}"}, targets=targets),
        )  # fmt: skip
    c.button(
        "Lösen" if item.pinned else "Anheften", key=f"pin-{item.id}", width="stretch", on_click=_mod_act,
        args=("",), kwargs=_command(workshop_id, item, "unpin" if item.pinned else "pin"),
    )  # fmt: skip
    with d.popover("Thema", width="stretch"):
        if not themes:
            st.caption("Legen Sie Themen unter »Einstellungen« an.")
        options = [None, *[t[0] for t in themes]]
        names = dict(themes)
        st.selectbox(
            "Thema", options, index=options.index(item.theme_id) if item.theme_id in options else 0,
            format_func=lambda t: "ohne Thema" if t is None else names[t], key=f"theme-{item.id}",
        )  # fmt: skip
        st.button(
            "Zuordnen", key=f"settheme-{item.id}", on_click=_mod_act, args=("Thema zugeordnet",),
            kwargs=_command(workshop_id, item, "theme", from_state={"theme_id": f"theme-{item.id}"}),
        )  # fmt: skip
