"""The conclusion (Fazit): live charts of the aggregated input, for the shared screen and staff.

Only small aggregate frames travel to the browser. Every chart carries a text
alternative (alt) and a table below it for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.palette import NAVY
from werkstatt.results.charts import bar_chart, bar_height, fill_spec, timeline_chart
from werkstatt.results.conclusion import Conclusion, conclusion
from werkstatt.text.markdown import escape_md
from werkstatt.ui.beamer_layout import FAZIT_PANELS, FAZIT_TOP_PER_CATEGORY, more_label, rotate
from werkstatt.ui.db import read_only

_CSS = f"""
<style>
  .st-key-fazit-kpis [data-testid="stMetricValue"] {{font-size: clamp(2rem, 4.4vh, 3.2rem); font-weight: 700;
      color: {NAVY};}}
  .st-key-fazit-kpis [data-testid="stMetricLabel"] p {{font-size: clamp(1rem, 2vh, 1.25rem) !important;}}
  .st-key-fazit-top [data-testid="stMarkdownContainer"] p {{font-size: clamp(1.05rem, 2.3vh, 1.45rem) !important;
      line-height: 1.35;}}
  .st-key-fazit-top h2 {{font-size: clamp(1.2rem, 2.6vh, 1.7rem) !important; color: {NAVY};}}
  .st-key-fazit-head h2 {{font-size: clamp(1.5rem, 3.4vh, 2.4rem) !important; color: {NAVY}; margin: 0; padding: 0;}}
  .st-key-fazit-head .pp-more {{font-size: clamp(1rem, 2vh, 1.4rem); font-weight: 700; color: {NAVY}; margin: 0;}}
</style>
"""


def _describe(frame: pd.DataFrame, label: str, value: str) -> str:
    """A sentence a screen reader can read instead of the chart."""
    if frame.empty:
        return "Noch keine Daten."
    return "; ".join(f"{row[label]}: {row[value]}" for _, row in frame.iterrows())


# One Vega-Lite template per chart and size, built by Altair once per process; every
# refresh only swaps the data in (werkstatt.results.charts.fill_spec).
_TEMPLATES: dict[tuple[str, bool], dict[str, Any]] = {}


def _template(name: str, big: bool, build: Callable[[], alt.TopLevelMixin]) -> dict[str, Any]:
    key = (name, big)
    if key not in _TEMPLATES:
        _TEMPLATES[key] = build().to_dict(validate=False)  # specs are built by our own tested code
    return _TEMPLATES[key]


def _chart(frame: pd.DataFrame, label: str, value: str, title: str, *, big: bool) -> None:
    if frame.empty or int(frame[value].sum()) == 0:
        st.markdown(f"**{title}**")
        st.caption("Noch keine Beiträge.")
        return
    template = _template(title, big, lambda: bar_chart(frame, label, value, title=title, big=big))
    spec = fill_spec(template, frame, height=bar_height(len(frame), big=big))
    st.vega_lite_chart(spec=spec, width="stretch", theme=None, alt=f"{title}: {_describe(frame, label, value)}")


def _kpis(data: Conclusion) -> None:
    with st.container(key="fazit-kpis", horizontal=True):
        st.metric("Teilnehmende", data.participants)
        st.metric("Beiträge", data.contributions)
        st.metric("Punkte vergeben", data.votes)
        st.metric("Ausgeblendet", data.moderation.hidden)


def render_conclusion(data: Conclusion, *, big: bool) -> None:
    _kpis(data)
    left, right = st.columns([3, 2], gap="large")
    with left:
        _chart(data.categories, "Kategorie", "Beiträge", "Beiträge je Kategorie", big=big)
        with st.container(key="fazit-top"):
            st.markdown("## Meiste Punkte")
            if data.top.empty:
                st.caption("Noch keine Beiträge.")
            for category, part in data.top.groupby("Kategorie", sort=False):
                st.markdown(f"**{escape_md(str(category))}**")
                for row in part.itertuples(index=False):
                    dots = "Punkt" if row.Punkte == 1 else "Punkte"
                    st.markdown(f"**{row.Punkte} {dots}** · {escape_md(str(row.Beitrag))}")
    with right:
        _chart(data.terms, "Begriff", "Beiträge", "Häufige Begriffe", big=big)
        if len(data.groups) > 1 or (len(data.groups) == 1 and data.groups.iloc[0, 0] != "ohne Gruppe"):
            _chart(data.groups, "Gruppe", "Beiträge", "Beiträge je Gruppe", big=big)
        if not data.timeline.empty:
            title = "Beiträge im Verlauf"
            template = _template(title, big, lambda: timeline_chart(data.timeline, title=title, big=big))
            spec = fill_spec(template, data.timeline)
            alt_text = f"{title}: {_describe(data.timeline, 'Zeit', 'Beiträge')}"
            st.vega_lite_chart(spec=spec, width="stretch", theme=None, alt=alt_text)
    if data.moderation.hidden:
        reasons = ", ".join(f"{escape_md(r or 'ohne Angabe')} ({n})" for r, n in data.moderation.reasons)
        hidden = data.moderation.hidden
        st.caption(f"{hidden} {'Beitrag' if hidden == 1 else 'Beiträge'} ausgeblendet – Gründe: {reasons}")
    with st.expander("Alle Zahlen als Tabelle"):
        for title, frame in (
            ("Kategorien", data.categories),
            ("Begriffe", data.terms),
            ("Gruppen", data.groups),
            ("Verlauf", data.timeline),
            ("Meiste Punkte", data.top),
        ):
            st.markdown(f"**{title}**")
            st.dataframe(frame, hide_index=True, width="stretch")


def load_conclusion(workshop_id: int) -> Conclusion:
    with read_only() as session:
        return conclusion(session, workshop_id=workshop_id)


def conclusion_view(workshop_id: int, *, big: bool) -> None:
    """Static (one run) conclusion; staff pages and the beamer use it."""
    st.html(_CSS)
    render_conclusion(load_conclusion(workshop_id), big=big)


def beamer_conclusion(workshop_id: int) -> None:
    """On the shared screen: the live conclusion, one panel at a time (no scrolling).

    Drawn inside the shared screen's live part (werkstatt/ui/beamer_wall.py), which redraws it
    when a contribution, vote or the phase changes, and when the panel turns.
    """
    now = utc_now()
    data = load_conclusion(workshop_id)
    st.html(_CSS)
    paging = rotate(FAZIT_PANELS, 1, now)
    with st.container(
        key="fazit-head", horizontal=True, horizontal_alignment="distribute", vertical_alignment="center"
    ):
        st.markdown("## Fazit: Was die Gruppen erarbeitet haben")
        st.html(f'<p class="pp-more" data-testid="fazit-page">Ansicht {paging.page} von {paging.pages}</p>')
    if paging.page == 1:
        _overview_panel(data)
    else:
        _terms_panel(data)


BEAMER_ROW_PX = 46  # bar height per row on the shared screen; with the caps below a panel fits 768 px
BEAMER_MAX_BARS = 6


def _beamer_bars(frame: pd.DataFrame, label: str, value: str, title: str) -> None:
    top = frame.head(BEAMER_MAX_BARS)
    if top.empty or int(top[value].sum()) == 0:
        st.markdown(f"**{title}**")
        st.caption("Noch keine Beiträge.")
        return
    template = _template(title, True, lambda: bar_chart(top, label, value, title=title, big=True))
    spec = fill_spec(template, top, height=BEAMER_ROW_PX * max(len(top), 2))
    st.vega_lite_chart(spec=spec, width="stretch", theme=None, alt=f"{title}: {_describe(frame, label, value)}")
    if len(frame) > len(top):
        st.html(f'<p class="pp-more">{more_label(len(frame), len(top))}</p>')


def _overview_panel(data: Conclusion) -> None:
    _kpis(data)
    left, right = st.columns([1, 1], gap="large")
    with left:
        _beamer_bars(data.categories, "Kategorie", "Beiträge", "Beiträge je Kategorie")
    with right, st.container(key="fazit-top"):
        st.markdown("## Meiste Punkte")
        if data.top.empty:
            st.caption("Noch keine Beiträge.")
        for category, part in data.top.groupby("Kategorie", sort=False):
            st.markdown(f"**{escape_md(str(category))}**")
            for row in part.head(FAZIT_TOP_PER_CATEGORY).itertuples(index=False):
                dots = "Punkt" if row.Punkte == 1 else "Punkte"
                st.markdown(f"**{row.Punkte} {dots}** · {escape_md(str(row.Beitrag))}")


def _terms_panel(data: Conclusion) -> None:
    left, right = st.columns([1, 1], gap="large")
    with left:
        _beamer_bars(data.terms, "Begriff", "Beiträge", "Häufige Begriffe")
    with right:
        if len(data.groups) > 1 or (len(data.groups) == 1 and data.groups.iloc[0, 0] != "ohne Gruppe"):
            _beamer_bars(data.groups, "Gruppe", "Beiträge", "Beiträge je Gruppe")
        if not data.timeline.empty:
            title = "Beiträge im Verlauf"
            template = _template(title, True, lambda: timeline_chart(data.timeline, title=title, big=True))
            spec = fill_spec(template, data.timeline, height=180)
            alt_text = f"{title}: {_describe(data.timeline, 'Zeit', 'Beiträge')}"
            st.vega_lite_chart(spec=spec, width="stretch", theme=None, alt=alt_text)
