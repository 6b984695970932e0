"""The moderator's filter per group and per theme (for the report-back of each group)."""

from __future__ import annotations

import streamlit as st

from werkstatt.session.views import Item

ALL = "alle"


def filter_by_group_and_theme(items: list[Item], *, key: str) -> list[Item]:
    groups = sorted({i.group_name for i in items if i.group_name})
    themes = sorted({i.theme_name for i in items if i.theme_name})
    if not groups and not themes:
        return items
    left, right = st.columns(2)
    group = left.selectbox("Gruppe", [ALL, *groups], key=f"{key}_g") if groups else ALL
    theme = right.selectbox("Thema", [ALL, *themes], key=f"{key}_t") if themes else ALL
    return [i for i in items if (group == ALL or i.group_name == group) and (theme == ALL or i.theme_name == theme)]
