"""/organisation, tab "Protokoll": the audit log of staff writes, filterable and exportable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from werkstatt.audit.log import audit_events, audit_rows
from werkstatt.records import Workshop
from werkstatt.text.tabular import csv_bytes, xlsx_bytes
from werkstatt.ui.db import read_only


def render(workshop: Workshop) -> None:
    st.caption(
        "Jede Änderung durch Moderation und Organisation: wer, wann, was, an welchem Objekt. "
        "Das Protokoll lässt sich nicht bearbeiten; Personen erscheinen darin nur mit ihrer Nummer."
    )
    only_this = st.toggle(f"Nur Werkstatt {workshop.number}", value=False, key="orga_audit_filter")
    with read_only() as session:
        rows = audit_rows(audit_events(session, workshop_id=workshop.id if only_this else None))
    if not rows:
        st.info("Noch keine Einträge.")
        return
    frame = pd.DataFrame(rows)
    st.dataframe(frame, hide_index=True, width="stretch")
    c1, c2 = st.columns(2)
    c1.download_button("Protokoll als CSV", csv_bytes(frame), file_name="protokoll.csv", mime="text/csv")
    c2.download_button(
        "Protokoll als Excel (XLSX)",
        xlsx_bytes(frame, sheet="Protokoll"),
        file_name="protokoll.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
