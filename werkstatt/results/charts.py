"""Altair specs built from the small frames in werkstatt.results.conclusion. Large type for the shared screen."""

from __future__ import annotations

from typing import Any, cast

import altair as alt
import pandas as pd

from werkstatt.palette import ACCENT, INK
from werkstatt.palette import BAR_SOFT as SOFT  # >= 3:1 on white (WCAG 1.4.11)


def _style(chart: alt.Chart, *, big: bool) -> alt.Chart:
    size = 20 if big else 13
    # altair's configure_* chain is untyped; the result is still the same Chart
    return cast(
        alt.Chart,
        chart.configure(font="Source Sans Pro, Source Sans 3, sans-serif")
        .configure_axis(labelFontSize=size, titleFontSize=size, labelColor=INK, titleColor=INK, grid=False)
        .configure_view(strokeWidth=0)
        .configure_title(fontSize=size + 4, color=INK, anchor="start"),
    )


def bar_height(rows: int, *, big: bool) -> int:
    return max(80, (56 if big else 28) * max(rows, 1))


def fill_spec(template: dict[str, Any], frame: pd.DataFrame, *, height: int | None = None) -> dict[str, Any]:
    """A Vega-Lite spec made from `template` (an Altair chart's dict) with new data.

    Building and serialising an Altair chart costs ~10 ms; a screen refreshing every
    two seconds builds each chart once and then only swaps the data in.
    """
    spec = {**template, "data": {"name": "values"}, "datasets": {"values": frame.to_dict("records")}}
    if height is not None:
        spec["height"] = height
    return spec


def bar_chart(frame: pd.DataFrame, category: str, value: str, *, title: str, big: bool = False) -> alt.Chart:
    """Horizontal bars, longest first, the count written at the end of each bar."""
    base = alt.Chart(frame, title=title).encode(
        y=alt.Y(f"{category}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=520 if big else 260)),
        x=alt.X(f"{value}:Q", title=None, axis=None),
    )
    bars = base.mark_bar(color=ACCENT, cornerRadiusEnd=4)
    labels = base.mark_text(align="left", dx=6, fontSize=20 if big else 13, color=INK).encode(text=f"{value}:Q")
    height = bar_height(len(frame), big=big)
    return _style((bars + labels).properties(height=height, width="container"), big=big)


def timeline_chart(frame: pd.DataFrame, *, title: str, big: bool = False) -> alt.Chart:
    chart = (
        alt.Chart(frame, title=title)
        .mark_bar(color=SOFT, cornerRadiusTopLeft=3, cornerRadiusTopRight=3)
        .encode(x=alt.X("Zeit:O", title=None), y=alt.Y("Beiträge:Q", title=None))
        .properties(height=220 if big else 160, width="container")
    )
    return _style(chart, big=big)


def comparison_chart(frame: pd.DataFrame, *, title: str) -> alt.Chart:
    """Contributions per category label, one small chart per workshop side by side."""
    chart = (
        alt.Chart(frame)
        .mark_bar(color=ACCENT)
        .encode(
            y=alt.Y("Kategorie:N", title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("Beiträge:Q", title="Beiträge"),
            column=alt.Column("Werkstatt:N", title=None),
        )
        .properties(width=220, title=title)
    )
    return _style(chart, big=False)
