"""The conclusion in a phone layout (same numbers as the shared screen), per theme and per guiding question.

User text only through escape_md; the words of the term list are escaped too.
"""

from __future__ import annotations

import streamlit as st

from werkstatt.results.conclusion import conclusion, theme_frame
from werkstatt.results.outlook import list_steps
from werkstatt.session.prompts import list_prompts
from werkstatt.text.markdown import escape_md
from werkstatt.ui.db import read_only


def _dots(n: int) -> str:
    return "1 Punkt" if n == 1 else f"{n} Punkte"


def phone_conclusion(workshop_id: int) -> None:
    """Counts per category, most-dotted per category, terms, themes, guiding questions, next steps."""
    with read_only() as session:
        data = conclusion(session, workshop_id=workshop_id)
        themes = theme_frame(session, workshop_id=workshop_id)
        prompts = list_prompts(session, workshop_id=workshop_id)
        steps = list_steps(session, workshop_id=workshop_id)
    with st.container(key="fazit-phone"):
        st.markdown("## Fazit")
        st.markdown(
            f"**{data.participants}** Teilnehmende · **{data.contributions}** Beiträge · "
            f"**{data.votes}** Punkte vergeben"
        )
        counts = dict(zip(data.categories["Kategorie"], data.categories["Beiträge"], strict=True))
        for category, total in counts.items():
            with st.container(border=True):
                st.markdown(f"**{escape_md(str(category))}** · {int(total)} Beiträge")
                part = data.top[data.top["Kategorie"] == category]
                if part.empty:
                    st.caption("Noch keine Beiträge.")
                for row in part.itertuples(index=False):
                    st.markdown(f"{row.Rang}. {escape_md(row.Beitrag)} — **{_dots(int(row.Punkte))}**")
        if not data.terms.empty:
            st.markdown("**Häufige Begriffe**")
            st.markdown(" · ".join(f"{escape_md(t)} ({n})" for t, n in data.terms.head(10).itertuples(index=False)))
        if len(themes) > 1 or (len(themes) == 1 and themes.iloc[0, 0] != "ohne Thema"):
            st.markdown("**Nach Thema**")
            for name, n, dots in themes.itertuples(index=False):
                st.markdown(f"- {escape_md(str(name))}: {int(n)} Beiträge, {_dots(int(dots))}")
        if len(prompts) > 1:
            st.markdown("**Je Leitfrage**")
            for prompt in prompts:
                st.markdown(f"- {escape_md(prompt.text)}: {prompt.contributions} Beiträge")
        if steps:
            st.markdown("**Wie geht es weiter?**")
            for step in steps:
                who = f" – {escape_md(step.who)}" if step.who else ""
                due = f" (bis {step.due_label})" if step.due else ""
                st.markdown(f"- {escape_md(step.what)}{who}{due}")
