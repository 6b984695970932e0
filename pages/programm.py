"""Public programme: the invitation, the three dates and each workshop's agenda."""

from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from werkstatt.clock import fmt_span, utc_now
from werkstatt.registration.window import Window, windows
from werkstatt.series.programme import agenda_table
from werkstatt.series.store import list_series
from werkstatt.text.markdown import escape_html, escape_md
from werkstatt.ui.db import read_only
from werkstatt.ui.legal_pages import legal_footer
from werkstatt.ui.page import public_page
from werkstatt.ui.timer_badge import participant_timer_badge

user = public_page()


def past_badge(state: Window) -> str:
    if state.past:
        return ' <span class="ws-badge ws-past">vergangen</span>'
    return "" if state.registration_open else ' <span class="ws-badge">Anmeldung geschlossen</span>'


with read_only() as session:
    all_series = list_series(session)
    states = windows(session, workshops=[w for s in all_series for w in s.workshops], now=utc_now())

if not all_series:
    st.warning("Noch keine Veranstaltungsreihe geladen. Bitte `python -m werkstatt init` ausführen.")
    legal_footer()  # st.stop ends the router's run too, footer included
    st.stop()

for series in all_series:
    tz = ZoneInfo(series.timezone)
    e = escape_html  # series files are organizer data, but we still never render raw HTML
    st.html(
        f"""<div class="ws-hero"><div class="kicker">{e(series.title)}</div>
        <h1>{e(series.headline or series.title)}</h1><p>{e(series.subtitle)}</p></div>"""
    )
    cols = st.columns(len(series.workshops) or 1)
    for col, w in zip(cols, series.workshops, strict=False):
        with col:
            st.html(
                f"""<div class="ws-card"><div class="num">Werkstatt {w.number}</div>
                <div class="title">{e(w.title)}</div>
                <div class="when">{e(fmt_span(w.starts_at, w.ends_at, tz))}</div>
                <div style="margin-top:.5rem"><span class="ws-badge">{e(w.format.capitalize())}</span>
                <span class="ws-badge">{w.capacity} Plätze</span>{past_badge(states[w.id])}</div></div>"""
            )

    st.subheader("Anmeldung")
    st.info(escape_md(series.registration_note))
    st.page_link("pages/anmeldung.py", label="Jetzt anmelden", icon="📝")

    st.subheader("Einladung")
    for paragraph in series.invitation.split("\n\n"):
        st.text(paragraph)  # plain text: '*' in 'Bürger*innen' must not become emphasis
    st.caption("Veranstaltet von: " + escape_md(" · ".join(series.organizers)))

    for w in series.workshops:
        st.divider()
        st.header(f"Werkstatt {w.number}: {escape_md(w.title)}", anchor=f"werkstatt-{w.number}")
        participant_timer_badge(w.id)  # only shows (and ticks) while this workshop runs
        if w.subtitle:
            st.markdown(f"**{escape_md(w.subtitle)}**")
        st.markdown(f"**Datum und Uhrzeit:** {fmt_span(w.starts_at, w.ends_at, tz)}")
        st.text(w.description)
        if series.join_note:
            st.markdown(f"**Einwahldaten:** {escape_md(series.join_note)}")
        st.markdown("**Programm**")
        st.table(pd.DataFrame(agenda_table(w, tz)).set_index("Uhrzeit"))
