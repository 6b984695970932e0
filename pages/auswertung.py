"""Auswertung (organizers): conclusion preview, series comparison, report and exports, publishing."""

import io
import zipfile

import streamlit as st

from werkstatt.clock import fmt_date_long, fmt_time, utc_now
from werkstatt.errors import WerkstattError
from werkstatt.results.charts import comparison_chart
from werkstatt.results.conclusion import COMPARISON_COUNTS, series_comparison
from werkstatt.results.publication import is_published, next_steps, publish, set_next_step, unpublish
from werkstatt.results.report import chart_images, contributions_frame, report_markdown
from werkstatt.results.report_pdf import report_pdf
from werkstatt.session.views import list_themes
from werkstatt.text.markdown import escape_md
from werkstatt.text.tabular import csv_bytes, xlsx_bytes
from werkstatt.ui.conclusion_panels import conclusion_view
from werkstatt.ui.db import read_only, transaction
from werkstatt.ui.page import staff_page
from werkstatt.ui.workshop_picker import pick_workshop

user = staff_page("organizer")
st.title("Auswertung")
workshop = pick_workshop()
wid = workshop.id
slug = f"werkstatt-{workshop.number}"


def _report() -> bytes:
    with read_only() as s:
        return report_markdown(s, workshop_id=wid, now=utc_now()).encode("utf-8")


def _pdf() -> bytes:
    with read_only() as s:
        return report_pdf(s, workshop_id=wid, now=utc_now())


def _frame():
    with read_only() as s:
        return contributions_frame(s, workshop_id=wid)


def _charts() -> bytes:
    buffer = io.BytesIO()
    with read_only() as s, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for fmt in ("svg", "png"):
            for name, data in chart_images(s, workshop_id=wid, fmt=fmt).items():
                zf.writestr(name, data)
    return buffer.getvalue()


tab_fazit, tab_compare, tab_export, tab_publish = st.tabs(
    ["📊 Fazit", "🔀 Reihenvergleich", "⬇️ Bericht & Export", "🌐 Veröffentlichen"]
)
with tab_fazit:
    conclusion_view(wid, big=False)

with tab_compare:
    with read_only() as s:
        comparison = series_comparison(s, series_id=workshop.series_id)
    if comparison["Werkstatt"].nunique() < 2:
        st.info("Der Vergleich erscheint, sobald die Reihe mindestens zwei Werkstätten hat.")
    else:
        keys = ["Werkstatt", "Thema", *COMPARISON_COUNTS]
        per_workshop = comparison.groupby(keys, sort=False, as_index=False)["Beiträge"].sum()
        st.dataframe(per_workshop, hide_index=True, width="stretch")
        st.altair_chart(
            comparison_chart(comparison, title="Beiträge je Kategorie und Werkstatt"),
            theme=None,
            alt="Beiträge je Kategorie und Werkstatt: "
            + "; ".join(f"{r.Werkstatt} {r.Kategorie}: {r.Beiträge}" for r in comparison.itertuples()),
        )

with tab_export:
    st.caption("Bericht ohne personenbezogene Daten: Ablauf, anonyme Zahlen, Beiträge mit Punkten und Spur.")
    with st.container(horizontal=True):  # one row that wraps on a phone; the PDF right beside the Markdown
        st.download_button("Bericht (Markdown)", _report, f"{slug}-bericht.md", "text/markdown", on_click="ignore")
        st.download_button("Bericht als PDF", _pdf, f"{slug}-bericht.pdf", "application/pdf", on_click="ignore")
        st.download_button("Beiträge (CSV)", lambda: csv_bytes(_frame()), f"{slug}-beitraege.csv", "text/csv",
                           on_click="ignore")  # fmt: skip
        st.download_button(
            "Beiträge (XLSX)",
            lambda: xlsx_bytes(_frame(), sheet="Beiträge"),
            f"{slug}-beitraege.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
        )
        st.download_button(
            "Diagramme (SVG+PNG)", _charts, f"{slug}-diagramme.zip", "application/zip", on_click="ignore"
        )
    with st.expander("Bericht ansehen", expanded=True):
        st.markdown(_report().decode("utf-8"))

with tab_publish:
    with read_only() as s:
        published = is_published(s, workshop_id=wid)
        notes = next_steps(s, workshop_id=wid)
        themes = list_themes(s, workshop_id=wid)
    st.markdown(
        "**Wie geht es weiter?** – erscheint öffentlich unter jedem Beitrag (Themen-Notiz vor Werkstatt-Notiz)."
    )
    with st.form("next-steps"):
        general = st.text_area("Für die ganze Werkstatt", notes.get(None, ""), max_chars=2000)
        per_theme = {
            t.id: st.text_area(f"Thema „{escape_md(t.name)}“", notes.get(t.id, ""), max_chars=2000) for t in themes
        }
        if st.form_submit_button("Notizen speichern"):
            try:
                with transaction() as s:
                    set_next_step(s, workshop_id=wid, theme_id=None, text=general, actor=user.username, now=utc_now())
                    for theme_id, text in per_theme.items():
                        set_next_step(
                            s, workshop_id=wid, theme_id=theme_id, text=text, actor=user.username, now=utc_now()
                        )
                st.success("Notizen gespeichert.")
            except WerkstattError as err:
                st.error(err.message)
    if published:
        st.success("Die Ergebnisse sind öffentlich unter „Ergebnisse“.")
        st.caption(
            "Öffentlich bleibt der Stand der Veröffentlichung; spätere Eingaben erst nach „Neu veröffentlichen“."
        )
        if st.button("Neu veröffentlichen (aktuellen Stand zeigen)", type="primary"):
            with transaction() as s:
                publish(s, workshop_id=wid, actor=user.username, now=utc_now(), again=True)
            st.rerun()
        if st.button("Veröffentlichung zurücknehmen"):
            try:
                with transaction() as s:
                    unpublish(s, workshop_id=wid, actor=user.username, now=utc_now())
                st.rerun()
            except WerkstattError as err:
                st.error(err.message)
    else:
        st.info(
            f"Noch nicht veröffentlicht. Werkstatt vom {fmt_date_long(workshop.starts_at)}, "
            f"{fmt_time(workshop.starts_at)} Uhr."
        )
        if st.button("Ergebnisse veröffentlichen", type="primary"):
            try:
                with transaction() as s:
                    publish(s, workshop_id=wid, actor=user.username, now=utc_now())
                st.rerun()
            except WerkstattError as err:
                st.error(err.message)
