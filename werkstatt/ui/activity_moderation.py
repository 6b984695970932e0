"""The moderator's activities tab: shared-screen view, reveal, guiding question, questions, room, networking."""

from __future__ import annotations

import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.records import Q_ANSWERED, Q_ANSWERING, Q_HIDDEN, Q_OPEN
from werkstatt.series.activities import ACTIVITY_LABELS, QUESTIONS, resolve_activity
from werkstatt.series.store import get_workshop
from werkstatt.session.checkin import room
from werkstatt.session.contacts import suggested_pairs
from werkstatt.session.prompts import list_prompts, open_prompt
from werkstatt.session.questions import QuestionView, hide, list_questions, set_status, unhide
from werkstatt.session.stage import SCREEN_VIEWS, current_stage, set_open_prompt, set_results_revealed, set_screen_view
from werkstatt.session.views import groups_of
from werkstatt.text.markdown import escape_md
from werkstatt.ui.actions import show_outcome
from werkstatt.ui.activity_common import ACTIVITY_CSS, FLASH, staff_act
from werkstatt.ui.activity_outlook import outlook_editor, term_explorer
from werkstatt.ui.auth import StaffUser
from werkstatt.ui.db import read_only
from werkstatt.ui.live_parts import follow_changes


def moderation_activities_panel(workshop_id: int, user: StaffUser) -> None:
    st.html(ACTIVITY_CSS)
    with read_only() as session:
        stage = current_stage(session, workshop_id=workshop_id, now=utc_now())
        groups = groups_of(session, workshop_id=workshop_id)
        prompts = list_prompts(session, workshop_id=workshop_id)
        current_prompt = open_prompt(session, workshop_id=workshop_id)
        agenda = get_workshop(session, workshop_id=workshop_id).agenda
        talks = [(a.id, a.title) for a in agenda if resolve_activity(a.kind, a.activity) == QUESTIONS]
        pairs = suggested_pairs(session, workshop_id=workshop_id, actor=user.username)
        people = room(session, workshop_id=workshop_id)
    show_outcome(FLASH)
    st.markdown(
        f"**Jetzt:** {escape_md(stage.agenda_title or 'vor dem Beginn')} · "
        f"Aktivität: **{ACTIVITY_LABELS.get(stage.activity, stage.activity)}**"
    )
    screen, reveal = st.columns([3, 2], gap="large")
    with screen, st.container(border=True):
        st.markdown("**Beamer zeigt**")
        views = list(SCREEN_VIEWS)
        st.selectbox(
            "Ansicht", views, index=views.index(stage.screen_view), format_func=SCREEN_VIEWS.__getitem__, key="av_view"
        )
        names = dict(groups)
        if groups:
            st.selectbox(
                "Gruppe (für »Beiträge einer Gruppe«)", list(names), format_func=names.__getitem__, key="av_group"
            )
        st.button(
            "Auf den Beamer", key="av_apply", type="primary",
            on_click=staff_act, args=(set_screen_view, "Beamer umgestellt"),
            kwargs={"workshop_id": workshop_id, "from_state": {"view": "av_view", "group_id": "av_group"}},
        )  # fmt: skip
    with reveal, st.container(border=True):
        st.markdown("**Ergebnisse auf den Handys**")
        shown = stage.results_revealed
        st.caption("Sichtbar für alle Teilnehmenden (auch nach dem Fazit)." if shown else "Noch verborgen.")
        st.button(
            "Wieder verbergen" if shown else "Ergebnisse zeigen", key="av_reveal",
            type="secondary" if shown else "primary",
            on_click=staff_act, args=(set_results_revealed, "Ergebnisse verborgen" if shown else "Ergebnisse gezeigt"),
            kwargs={"workshop_id": workshop_id, "revealed": not shown}, width="stretch",
        )  # fmt: skip
    if len(prompts) > 1:
        with st.container(border=True):
            st.markdown("**Offene Leitfrage** (neue Beiträge gehören zu ihr)")
            ids = [p.id for p in prompts]
            texts = {p.id: f"{p.text} ({p.contributions} Beiträge)" for p in prompts}
            st.radio("Leitfrage", ids, index=ids.index(current_prompt.id) if current_prompt else 0,
                     format_func=texts.get, key="av_prompt", label_visibility="collapsed")  # fmt: skip
            st.button(
                "Diese Leitfrage öffnen", key="av_prompt_apply", on_click=staff_act,
                args=(set_open_prompt, "Leitfrage geöffnet"),
                kwargs={"workshop_id": workshop_id, "from_state": {"prompt_id": "av_prompt"}},
            )  # fmt: skip
    q_tab, room_tab, net_tab, out_tab, term_tab = st.tabs(
        ["❓ Fragen", "👋 Vorstellungsrunde", "🤝 Vernetzung", "➡️ Ausblick", "🔎 Begriffe"]
    )
    with q_tab:
        default = stage.agenda_item_id if stage.activity == QUESTIONS else None
        ids = [t for t, _ in talks]
        titles = dict(talks)
        item = st.selectbox(
            "Vortrag", ids, index=ids.index(default) if default in ids else 0, format_func=titles.__getitem__
        )
        question_board(workshop_id, item)
    with room_tab:
        st.markdown(f"**{people.joined}** im Raum, **{people.checked_in}** eingecheckt")
        st.markdown("; ".join(f"{escape_md(g)}: {n}" for g, n in people.stakeholders) or "Noch keine Angaben.")
        st.caption("Erwartungen: " + (", ".join(f"{escape_md(w)} ({n})" for w, n in people.expectations) or "–"))
    with net_tab:
        st.markdown("**Vorschläge für Gesprächspaare** (Breakout-Räume)")
        if not pairs:
            st.caption("Noch keine Paare: gegenseitiges Interesse oder passende »suche/biete« fehlen.")
        for pair in pairs:
            mark = "🤝" if pair.mutual else "🔗"
            st.markdown(f"{mark} **{escape_md(pair.a)}** und **{escape_md(pair.b)}** – {escape_md(pair.reason)}")
    with out_tab:
        outlook_editor(workshop_id)
    with term_tab:
        term_explorer(workshop_id)


_NEXT = {Q_OPEN: [(Q_ANSWERING, "Wird beantwortet"), (Q_ANSWERED, "Beantwortet")],
         Q_ANSWERING: [(Q_ANSWERED, "Beantwortet"), (Q_OPEN, "Offen")],
         Q_ANSWERED: [(Q_OPEN, "Wieder offen")]}  # fmt: skip


@st.fragment
def question_board(workshop_id: int, agenda_item_id: int | None) -> None:
    if not follow_changes(workshop_id, key=f"mod-questions-{workshop_id}"):
        return
    with read_only() as session:
        listed = list_questions(session, workshop_id=workshop_id, agenda_item_id=agenda_item_id, include_hidden=True)
    if not listed:
        st.caption("Zu diesem Vortrag gibt es noch keine Fragen.")
    for q in listed:
        _question_card(workshop_id, q)


def _question_card(workshop_id: int, q: QuestionView) -> None:
    ids = {"workshop_id": workshop_id, "question_id": q.id}
    with st.container(border=True, key=f"modq-{q.id}"):
        votes = "1 Stimme" if q.votes == 1 else f"{q.votes} Stimmen"
        st.caption(f"#{q.id} · {escape_md(q.author)} · {votes} · **{q.status_label}**")
        st.markdown(escape_md(q.text))
        if q.status == Q_HIDDEN:
            st.caption(f"⚠️ ausgeblendet: {escape_md(q.hidden_reason)}")
            st.button("Wieder einblenden", key=f"q-unhide-{q.id}", on_click=staff_act, args=(unhide, ""), kwargs=ids)
            return
        cols = st.columns(3)
        for col, (status, label) in zip(cols, _NEXT[q.status], strict=False):
            col.button(
                label, key=f"q-{status}-{q.id}", width="stretch",
                type="primary" if status == Q_ANSWERED else "secondary",
                on_click=staff_act, args=(set_status, f"#{q.id}: {label.lower()}"), kwargs={**ids, "status": status},
            )  # fmt: skip
        with cols[2].popover("Ausblenden", width="stretch"):
            st.text_input("Grund", key=f"q-reason-{q.id}", max_chars=200, placeholder="z. B. Werbung, beleidigend")
            st.button(
                "Ausblenden", key=f"q-hide-{q.id}", type="primary", on_click=staff_act,
                args=(hide, f"Frage #{q.id} ausgeblendet"),
                kwargs={**ids, "from_state": {"reason": f"q-reason-{q.id}"}},
            )  # fmt: skip
