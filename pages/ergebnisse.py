"""Public results: published workshops, each contribution with its path and what happens next."""

import streamlit as st

from werkstatt.clock import fmt_date_long, fmt_time
from werkstatt.results.publication import input_since_publication, published_workshops
from werkstatt.text.markdown import escape_md
from werkstatt.ui.activity_results import published_activities
from werkstatt.ui.db import read_only
from werkstatt.ui.legal_pages import legal_footer
from werkstatt.ui.page import public_page

user = public_page()
st.title("Ergebnisse")
st.caption(
    "Was in den Werkstätten gesagt wurde und was daraus wird. Jeder Beitrag zeigt seinen Weg; "
    "ausgeblendete Beiträge werden mit ihrer Zahl und ihrem Grund genannt."
)
with read_only() as session:
    published = published_workshops(session)
if not published:
    st.info("Noch sind keine Ergebnisse veröffentlicht.")
    legal_footer()  # st.stop ends the router's run too, footer included
    st.stop()

for pub in published:
    st.header(f"Werkstatt {pub.number}: {escape_md(pub.title)}", anchor=f"ergebnisse-{pub.number}")
    st.caption(
        f"Veröffentlicht am {fmt_date_long(pub.published_at)} um {fmt_time(pub.published_at)} Uhr. "
        "Dieser Stand bleibt, bis die Organisation neu veröffentlicht."
    )
    if user is not None:  # late input: the team sees it, the public keeps the published state
        with read_only() as session:
            late = input_since_publication(session, workshop_id=pub.workshop_id)
        if late and (late.contributions or late.votes):
            st.info(
                f"Nur für das Team: seit der Veröffentlichung {late.contributions} neue Beiträge und "
                f"{late.votes} neue Punkte. Sie erscheinen hier erst nach „Neu veröffentlichen“ (Auswertung)."
            )
    if pub.next_step:
        st.info(f"**Wie geht es weiter?** {escape_md(pub.next_step)}")
    published_activities(pub.workshop_id)  # next steps, questions to the speakers, guiding questions
    categories = list(dict.fromkeys(c.category for c in pub.contributions))
    for category in categories:
        st.subheader(category)
        for c in (c for c in pub.contributions if c.category == category):
            with st.container(border=True):
                st.markdown(f"**#{c.id}** · {c.votes} Punkte" + (f" · Thema: {escape_md(c.theme)}" if c.theme else ""))
                st.markdown(escape_md(c.text))
                st.caption(escape_md(" → ".join(c.path)))  # the path names themes: text, not Markdown
                if c.next_step and c.next_step != pub.next_step:
                    st.caption(f"Wie geht es weiter: {escape_md(c.next_step)}")
    mod = pub.moderation
    if mod.hidden or mod.merged:
        reasons = ", ".join(f"{escape_md(r or 'ohne Angabe')} ({n})" for r, n in mod.reasons)
        st.caption(
            f"Ausgeblendet: {mod.hidden}"
            + (f" – Gründe: {reasons}" if reasons else "")
            + f" · Zusammengeführt: {mod.merged}"
        )
    st.divider()
