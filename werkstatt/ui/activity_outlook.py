"""The moderator's Ausblick (next steps: what, who, until when) and the terms that lead to their contributions."""

from __future__ import annotations

import streamlit as st

from db.vocabulary import ContributionStatus
from werkstatt.results.conclusion import conclusion
from werkstatt.results.outlook import add_step, list_steps, remove_step
from werkstatt.results.terms import texts_with_term
from werkstatt.session.views import list_for_moderator
from werkstatt.text.markdown import escape_md
from werkstatt.ui.activity_common import staff_act
from werkstatt.ui.db import read_only
from werkstatt.ui.participation_panels import dots_label, item_meta

VISIBLE = ContributionStatus.VISIBLE


def outlook_editor(workshop_id: int) -> None:
    """Next steps appear in the report and, once published, on /ergebnisse (»Wie geht es weiter«)."""
    with read_only() as session:
        steps = list_steps(session, workshop_id=workshop_id)
    for step in steps:
        left, right = st.columns([5, 1], vertical_alignment="center")
        who = f" – {escape_md(step.who)}" if step.who else ""
        due = f" (bis {step.due_label})" if step.due else ""
        left.markdown(f"**{escape_md(step.what)}**{who}{due}")
        right.button(
            "Entfernen", key=f"ol-rm-{step.id}", on_click=staff_act, args=(remove_step, "Schritt entfernt"),
            kwargs={"workshop_id": workshop_id, "step_id": step.id},
        )  # fmt: skip
    with st.form("ol_form", clear_on_submit=True):
        st.text_input("Was passiert als Nächstes?", max_chars=300, key="ol_what")
        who_col, due_col = st.columns(2)
        who_col.text_input("Wer kümmert sich?", max_chars=120, key="ol_who")
        due_col.date_input("Bis wann?", value=None, format="DD.MM.YYYY", key="ol_due")
        st.form_submit_button(
            "Schritt festhalten", type="primary", on_click=staff_act, args=(add_step, "Schritt festgehalten"),
            kwargs={"workshop_id": workshop_id, "from_state": {"what": "ol_what", "who": "ol_who", "due": "ol_due"}},
        )  # fmt: skip


def term_explorer(workshop_id: int) -> None:
    """A term of the chart leads to the contributions behind it."""
    with read_only() as session:
        terms = [str(t) for t in conclusion(session, workshop_id=workshop_id).terms["Begriff"]]
        visible = [i for i in list_for_moderator(session, workshop_id=workshop_id) if i.status == VISIBLE]
    if not terms:
        st.caption("Noch keine Begriffe.")
        return
    term = st.pills("Häufige Begriffe", terms, key="term_pick")
    if not term:
        st.caption("Tippen Sie auf einen Begriff, um die Beiträge dahinter zu sehen.")
        return
    ids = set(texts_with_term([(i.id, i.text) for i in visible], term))
    for item in (i for i in visible if i.id in ids):
        with st.container(border=True):
            st.caption(f"{item_meta(item)} · {dots_label(item.votes)}")
            st.markdown(escape_md(item.text))
