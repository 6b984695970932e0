"""/ergebnisse: next steps ("Wie geht es weiter"), questions to the speakers with their status, guiding questions."""

from __future__ import annotations

import streamlit as st

from werkstatt.results.activities_report import activity_results, step_line
from werkstatt.text.markdown import escape_md
from werkstatt.ui.db import read_only


def published_activities(workshop_id: int) -> None:
    """Shown only for published workshops (the page lists only those)."""
    with read_only() as session:
        data = activity_results(session, workshop_id=workshop_id)
    if data.steps:
        with st.container(border=True, key=f"outlook-{workshop_id}"):
            st.markdown("**Wie geht es weiter?**")
            for step in data.steps:
                st.markdown(f"- {step_line(step)}")
    if len(data.prompts) > 1:
        st.caption("Leitfragen: " + " · ".join(f"{escape_md(p.text)} ({p.contributions})" for p in data.prompts))
    if data.talks:
        with st.expander(f"Fragen an die Referierenden ({sum(len(q) for _, q in data.talks)})"):
            for title, questions in data.talks:
                st.markdown(f"**{escape_md(title)}**")
                for q in questions:
                    votes = "1 Stimme" if q.votes == 1 else f"{q.votes} Stimmen"
                    st.markdown(f"- {escape_md(q.text)} · {votes} · *{q.status_label}*")
