"""The shared screen during the other activities: who is in the room, the questions, one group, networking.

What it shows follows the agenda unless the moderator picks a view
(werkstatt/session/stage.py). User text is HTML-escaped before it reaches st.html.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from db.vocabulary import ContributionStatus
from werkstatt.clock import utc_now
from werkstatt.results.conclusion import NO_THEME, theme_frame
from werkstatt.session.checkin import Room, room
from werkstatt.session.contacts import card_count
from werkstatt.session.prompts import PromptView, list_prompts
from werkstatt.session.questions import QuestionView, list_questions, questions_by_talk
from werkstatt.session.stage import Stage, current_stage
from werkstatt.session.views import Item, groups_of, list_for_moderator
from werkstatt.text.markdown import escape_html
from werkstatt.ui.activity_common import ACTIVITY_CSS, BEAMER_ACTIVITY_CSS
from werkstatt.ui.db import read_only
from werkstatt.ui.participation_panels import PARTICIPATION_CSS

VISIBLE = ContributionStatus.VISIBLE

e = escape_html


EMPTY_SIZE = "clamp(1.3rem, 2vw, 2.1rem)"  # the questions' text size (act-q): read from the back of the room


def empty(text: str, size: str = EMPTY_SIZE) -> str:
    """An empty state on the shared screen: as large as the text it stands for, muted (styled inline,
    because the wall has no activity style sheet)."""
    style = f"font-size:{size};line-height:1.3;color:#44546A;margin:.4rem 0"
    return f'<p data-testid="beamer-empty" style="{style}">{e(text)}</p>'


def screen_now(workshop_id: int) -> str:
    """What the shared screen shows right now (the wall and the conclusion fragments ask this)."""
    with read_only() as session:
        return current_stage(session, workshop_id=workshop_id, now=utc_now()).screen


def draw_activity(workshop_id: int, screen: str) -> None:
    """Drawn inside the shared screen's live part (werkstatt/ui/beamer_wall.py), which redraws it on change."""
    # Style-only st.html lands in a shared container that reruns may clear; sending the
    # join corner's style on every run keeps the corner styled while the views change.
    st.html(PARTICIPATION_CSS)
    with read_only() as session:
        stage = current_stage(session, workshop_id=workshop_id, now=utc_now())
        if screen == "room":
            data: object = room(session, workshop_id=workshop_id)
        elif screen == "questions":
            data = _talk_questions(session, workshop_id, stage)
        elif screen == "group":
            names = dict(groups_of(session, workshop_id=workshop_id))
            group = names.get(stage.screen_group_id or 0, "")
            data = (group, [i for i in list_for_moderator(session, workshop_id=workshop_id)
                            if i.status == VISIBLE and i.group_name == group])  # fmt: skip
        elif screen == "themes":
            data = [i for i in list_for_moderator(session, workshop_id=workshop_id) if i.status == VISIBLE]
        elif screen in ("networking", "fazit"):
            data = (
                card_count(session, workshop_id=workshop_id),
                list_prompts(session, workshop_id=workshop_id),
                theme_frame(session, workshop_id=workshop_id),
            )
        else:
            return
    # Inside a (hidden) element, so the style lives and goes with this view.
    st.html("<div hidden></div>" + ACTIVITY_CSS + BEAMER_ACTIVITY_CSS)
    if screen == "room":
        _room(data)  # type: ignore[arg-type]
    elif screen == "questions":
        _questions(*data)  # type: ignore[misc]
    elif screen == "themes":
        _themes(data)  # type: ignore[arg-type]
    elif screen in ("networking", "fazit"):
        _fazit_band(screen, *data)  # type: ignore[misc]
    else:
        _group(*data)  # type: ignore[misc]


def _talk_questions(session: Session, workshop_id: int, stage: Stage) -> tuple[str, list[QuestionView]]:
    """The current talk's questions; between talks, those of the latest talk that got any."""
    if stage.activity == "questions" and stage.agenda_item_id is not None:
        return stage.agenda_title, list_questions(session, workshop_id=workshop_id, agenda_item_id=stage.agenda_item_id)
    talks = questions_by_talk(session, workshop_id=workshop_id)
    return talks[-1] if talks else ("", [])


def _room(r: Room) -> None:
    st.html('<div class="act-h2">Wer ist im Raum?</div>')
    left, mid, right = st.columns([2, 3, 3], gap="large")
    left.html(
        f'<div data-testid="room-count"><div class="act-big">{r.joined}</div>'
        f'<div style="font-size:1.6rem;color:#44546A">im Raum, {r.checked_in} eingecheckt</div></div>'
    )
    with mid:
        st.html('<div class="act-h3">Wer ist dabei</div>')
        top = max((n for _, n in r.stakeholders), default=1)
        st.html(
            "".join(
                f'<div class="act-bar"><span>{e(g)}</span><div class="bar" style="width:{n / top * 100:.0f}%"></div>'
                f"<b>{n}</b></div>"
                for g, n in r.stakeholders
            )
            or empty("Noch niemand eingecheckt.")
        )
        if r.regions:
            st.html(
                '<p style="font-size:1.5rem;color:#44546A">Aus: '
                + ", ".join(f"{e(name)} ({n})" for name, n in r.regions)
                + "</p>"
            )
    with right:
        st.html('<div class="act-h3">Was erwarten Sie heute?</div>')
        top = max((n for _, n in r.expectations), default=1)
        words = "".join(
            f'<span style="font-size:{1.6 + 2.6 * n / top:.2f}rem">{e(w)}</span>' for w, n in r.expectations
        )
        st.html(f'<div class="act-words" data-testid="room-words">{words or empty("Noch keine Antworten.")}</div>')


def _questions(title: str, listed: list[QuestionView]) -> None:
    st.html(
        f'<div class="act-h2">Ihre Fragen</div><div class="act-q-meta">{e(title)} · '
        f"{len(listed)} {'Frage' if len(listed) == 1 else 'Fragen'} · Fragen stellen und unterstützen unter "
        "/mitmachen</div>"
    )
    if not listed:
        st.html(empty("Noch keine Fragen."))
    for q in listed[:6]:
        badge = f' <span class="act-status {q.status}">{e(q.status_label)}</span>' if q.status != "open" else ""
        votes = "1 Stimme" if q.votes == 1 else f"{q.votes} Stimmen"
        with st.container(border=True, key=f"qwall-{q.id}"):
            st.html(
                f'<div class="act-q">{e(q.text)}</div>'
                f'<div class="act-q-meta">👍 <b>{votes}</b> · {e(q.author)}{badge}</div>'
            )


def _themes(items: list[Item]) -> None:
    """Theme headings with their contributions and summed dots, the strongest theme first."""
    st.html('<div class="act-h2">Beiträge nach Thema</div>')
    if not items:
        st.html(empty("Noch keine Beiträge."))
        return
    themes: dict[str, list[Item]] = {}
    for item in items:
        themes.setdefault(item.theme_name or "ohne Thema", []).append(item)
    ranked = sorted(themes.items(), key=lambda kv: (kv[0] == "ohne Thema", -sum(i.votes for i in kv[1]), kv[0]))
    cols = st.columns(max(1, min(3, len(ranked))), gap="large")
    for n, (theme, members) in enumerate(ranked):
        with cols[n % len(cols)]:
            dots = sum(i.votes for i in members)
            st.html(
                f'<div class="act-h3" data-testid="theme-head">{e(theme)} · {len(members)} Beiträge · ● {dots}</div>'
                + "".join(
                    f'<div class="act-q act-item">{e(i.text)} <b>● {i.votes}</b></div>'
                    for i in sorted(members, key=lambda i: -i.votes)[:8]
                )
            )


def _fazit_band(screen: str, cards: int, prompts: list[PromptView], themes: pd.DataFrame) -> None:
    """Beside the conclusion: the networking hint, results per guiding question and per theme."""
    parts: list[str] = []
    if screen == "networking":
        said = f"{cards} Kontaktkarten veröffentlicht" if cards else "Kontaktkarte auf dem Handy veröffentlichen"
        parts.append(
            f"<b>Zeit für bilaterale Vernetzung</b> · {said} · "
            "unter /mitmachen »Ich möchte mit Ihnen sprechen« antippen"
        )
    if len(prompts) > 1:
        parts.append("<b>Je Leitfrage:</b> " + " · ".join(f"{e(p.text)} ({p.contributions})" for p in prompts))
    named = themes[themes["Thema"] != NO_THEME]
    if len(named):
        parts.append(
            "<b>Nach Thema:</b> "
            + " · ".join(f"{e(str(t))} ({int(n)} Beiträge, ● {int(d)})" for t, n, d in named.itertuples(index=False))
        )
    if parts:
        st.html(
            '<div class="pp-foot" data-testid="fazit-band" style="font-size:1.4rem">' + "<br>".join(parts) + "</div>"
        )


def _group(group: str, items: list[Item]) -> None:
    st.html(f'<div class="act-h2">Bericht aus {e(group or "der Gruppe")}</div>')
    if not items:
        st.html(empty("Diese Gruppe hat noch keine Beiträge."))
    cols = st.columns(2, gap="large")
    for n, item in enumerate(sorted(items, key=lambda i: -i.votes)):
        with cols[n % 2], st.container(border=True, key=f"gwall-{item.id}"):
            dots = "1 Punkt" if item.votes == 1 else f"{item.votes} Punkte"
            st.html(
                f'<div class="act-q">{e(item.text)}</div><div class="act-q-meta">{e(item.category_label)}'
                f"{' · ' + e(item.theme_name) if item.theme_name else ''} · ● {dots}</div>"
            )
