"""One card of the moderator's contribution board and its actions (the board: ui/moderation_board.py).

A redraw of the board must stay cheap with hundreds of contributions (docs/performance.md,
"Moderator board"): a card is one escaped Markdown block and one row of controls. The
controls that need input (reason, merge target, theme) sit in popovers that draw their
widgets only while open: every value widget on a page makes Streamlit walk the whole
session state once, so 200 cards with three of them each cost seconds per redraw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from db.vocabulary import ContributionStatus
from werkstatt.live.commands import contribution_state, moderation_command
from werkstatt.session.views import STATUS_LABELS, Item
from werkstatt.text.markdown import escape_md
from werkstatt.ui.auth import current_user
from werkstatt.ui.participation_panels import dots_label, item_meta
from werkstatt.ui.staff_actions import action_id, run_command

HIDDEN, VISIBLE = ContributionStatus.HIDDEN, ContributionStatus.VISIBLE
FLASH = "pp_mod_flash"


def touched_key(workshop_id: int) -> str:
    """Session key of the card the moderator last opened or acted on: it stays on the page."""
    return f"pp_touched_{workshop_id}"


@dataclass(frozen=True)
class Context:
    """What every card of one redraw shares."""

    workshop_id: int
    visible: list[Item]  # merge targets
    themes: list[tuple[int, str]]


def card_markdown(item: Item) -> str:
    """Meta line, text and what happened to it, as one escaped Markdown block (one element)."""
    pin = "📌 " if item.pinned else ""
    theme = f" · Thema: {escape_md(item.theme_name)}" if item.theme_name else ""
    status = f"**{dots_label(item.votes)}**" if item.status == VISIBLE else f"*{STATUS_LABELS[item.status]}*"
    parts = [f":gray[:small[{pin}{item_meta(item)}{theme}]] · {status}", escape_md(item.text)]
    if item.trace:
        parts.append(":small[" + ("⚠️ " if item.status == HIDDEN else "") + escape_md(item.trace) + "]")
    return "\n\n".join(parts)


def moderation_card(ctx: Context, item: Item) -> None:
    with st.container(border=True, key=f"modcard-{item.id}"):
        st.markdown(card_markdown(item))
        if item.status == VISIBLE:
            _visible_actions(ctx, item)
        elif item.status == HIDDEN:
            st.button(
                "Wieder einblenden", key=f"unhide-{item.id}", on_click=_mod_act,
                args=(f"#{item.id} ist wieder sichtbar",), kwargs=_command(ctx.workshop_id, item, "unhide"),
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
    st.session_state[touched_key(kw["workshop_id"])] = kw.get("contribution_id", kw.get("source_id"))
    if kw["kind"] == "merge":
        target = kw.get("target_id")
        if target is None or targets is None or target not in targets:
            st.session_state[FLASH] = "Bitte wählen Sie den Beitrag, mit dem zusammengeführt werden soll."
            return
        kw["seen"] = {**kw["seen"], target: targets[target]}
    user = current_user()
    # Every moderation step is logged with who and when (werkstatt.session.views.moderation_log).
    run_command(moderation_command, FLASH, success=success, actor=user.username if user else "", **kw)


def _touch(workshop_id: int, item_id: int) -> None:
    """Popover callback: the card being worked on stays on the page while newer posts arrive."""
    st.session_state[touched_key(workshop_id)] = item_id


def _popover(ctx: Context, item: Item, label: str, kind: str) -> Any:
    """A popover whose content the caller draws only while it is open (`.open`)."""
    return st.popover(label, key=f"pop-{kind}-{item.id}", on_change=_touch, args=(ctx.workshop_id, item.id))


def _visible_actions(ctx: Context, item: Item) -> None:
    wid = ctx.workshop_id
    with st.container(horizontal=True, gap="small"):
        hide = _popover(ctx, item, "Ausblenden", "hide")
        if hide.open:
            with hide:
                st.text_input(
                    "Grund (wird auf dem Beamer gezählt)", key=f"reason-{item.id}", max_chars=200,
                    placeholder="z. B. Werbung, beleidigend, doppelt",
                )  # fmt: skip
                st.button(
                    "Ausblenden", key=f"hide-{item.id}", type="primary", on_click=_mod_act,
                    args=(f"#{item.id} ausgeblendet",),
                    kwargs=_command(wid, item, "hide", from_state={"reason": f"reason-{item.id}"}),
                )  # fmt: skip
        merge = _popover(ctx, item, "Zusammenführen", "merge")
        if merge.open:
            with merge:
                _merge_form(ctx, item)
        st.button(
            "Lösen" if item.pinned else "Anheften", key=f"pin-{item.id}", on_click=_mod_act,
            args=("",), kwargs=_command(wid, item, "unpin" if item.pinned else "pin"),
        )  # fmt: skip
        theme = _popover(ctx, item, "Thema", "theme")
        if theme.open:
            with theme:
                _theme_form(ctx, item)


def _merge_form(ctx: Context, item: Item) -> None:
    others = [i for i in ctx.visible if i.id != item.id]
    texts = {i.id: i.text for i in others}
    st.selectbox(
        "…mit Beitrag", list(texts), format_func=lambda i: f"#{i}: {texts[i][:60]}",
        key=f"target-{item.id}", index=None, placeholder="Beitrag wählen",
    )  # fmt: skip
    st.caption(f"#{item.id} verschwindet mit dem Hinweis »zusammengeführt mit #…«; Punkte zählen je Person einmal.")
    st.button(
        "Zusammenführen", key=f"merge-{item.id}", type="primary", on_click=_mod_act,
        args=(f"#{item.id} zusammengeführt",),
        kwargs=_command(
            ctx.workshop_id, item, "merge", from_state={"target_id": f"target-{item.id}"},
            targets={i.id: _state(i) for i in others},
        ),
    )  # fmt: skip


def _theme_form(ctx: Context, item: Item) -> None:
    if not ctx.themes:
        st.caption("Legen Sie Themen unter »Einstellungen« an.")
    options = [None, *[t[0] for t in ctx.themes]]
    names = dict(ctx.themes)
    st.selectbox(
        "Thema", options, index=options.index(item.theme_id) if item.theme_id in options else 0,
        format_func=lambda t: "ohne Thema" if t is None else names[t], key=f"theme-{item.id}",
    )  # fmt: skip
    st.button(
        "Zuordnen", key=f"settheme-{item.id}", on_click=_mod_act, args=("Thema zugeordnet",),
        kwargs=_command(ctx.workshop_id, item, "theme", from_state={"theme_id": f"theme-{item.id}"}),
    )  # fmt: skip
