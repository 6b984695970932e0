"""Choose the workshop a staff page works on; kept in the URL (?w=2) so a beamer link can be shared."""

from __future__ import annotations

import streamlit as st

from werkstatt.records import Workshop
from werkstatt.series.store import list_workshops
from werkstatt.ui.db import read_only


def pick_workshop(label: str = "Werkstatt", key: str = "workshop_picker") -> Workshop:
    """A selectbox over all workshops; stops the page when none exist."""
    with read_only() as session:
        workshops = list_workshops(session)
    if not workshops:
        st.warning("Es ist noch keine Werkstatt angelegt (`python -m werkstatt init`).")
        st.stop()
    ids = [w.id for w in workshops]
    wanted = st.query_params.get("w")
    index = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in ids else 0
    chosen = st.selectbox(
        label,
        workshops,
        index=index,
        format_func=lambda w: f"{w.series.title} · Werkstatt {w.number}: {w.title}",
        key=key,
    )
    st.query_params["w"] = str(chosen.id)
    return chosen
