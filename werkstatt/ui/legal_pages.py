"""Impressum, Datenschutzerklärung and Barrierefreiheitserklärung from the series file; the legal footer."""

from __future__ import annotations

import streamlit as st

from werkstatt.legal import legal_texts
from werkstatt.text.markdown import escape_md
from werkstatt.ui.db import read_only
from werkstatt.ui.navigation import LEGAL

PRIVACY_STANDARD = """**Welche Daten, wofür:** Für die Anmeldung speichern wir Vorname, Nachname, E-Mail-Adresse und – \
freiwillig – Organisation und Bereich. Wir nutzen sie, um Ihre Anmeldung und die Warteliste zu verwalten, Ihnen \
Bestätigung, Zugangsdaten, Erinnerungen und Hinweise zur Werkstatt zu senden und die Teilnahme zu organisieren.

**Rechtsgrundlage:** Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO), die Sie jederzeit widerrufen können.

**Wer sieht die Daten:** nur die Veranstalter (Organisation). Die Moderation und andere Teilnehmende sehen keine \
Anmeldedaten. Beiträge und Punkte während der Werkstatt werden ohne Namen und E-Mail-Adresse gespeichert; einen \
Anzeigenamen wählen Sie selbst (freiwillig).

**Speicherdauer:** Nach dem Ende der Veranstaltungsreihe löschen wir die personenbezogenen Daten und behalten nur \
anonyme Zahlen (z. B. wie viele Personen teilgenommen haben).

**Ihre Rechte:** Auskunft (Art. 15), Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung (Art. 18), \
Datenübertragbarkeit (Art. 20), Widerruf der Einwilligung (Art. 7 Abs. 3) und Beschwerde bei einer \
Datenschutz-Aufsichtsbehörde (Art. 77 DSGVO). Abmelden können Sie sich selbst mit dem Link aus Ihrer E-Mail."""


def _paragraphs(text: str) -> None:
    for paragraph in (text or "").split("\n\n"):
        if paragraph.strip():
            st.text(paragraph.strip())  # organizer text: shown as text, never as Markdown or HTML


def render_legal(kind: str) -> None:
    """One legal page; `kind` is impressum, datenschutz or barrierefreiheit."""
    title = {"impressum": "Impressum", "datenschutz": "Datenschutzerklärung", "barrierefreiheit": "Barrierefreiheit"}
    st.title(title[kind])
    with read_only() as session:
        texts = legal_texts(session)
    if not texts:
        st.warning("Noch keine Veranstaltungsreihe geladen.")
        return
    for series, legal in texts:
        if len(texts) > 1:
            st.header(series.title)
        contact, text = "", ""
        if legal is not None:
            contact = legal.contact_email
            text = {
                "impressum": legal.impressum,
                "datenschutz": legal.privacy,
                "barrierefreiheit": legal.accessibility,
            }[kind]
        if kind == "barrierefreiheit":
            st.caption("Erklärung zur Barrierefreiheit nach BITV 2.0 für dieses Angebot.")
        if text:
            _paragraphs(text)
        else:
            st.info("Dieser Text ist noch nicht hinterlegt. Bitte wenden Sie sich an die Veranstalter.")
        if kind == "datenschutz":
            st.markdown(PRIVACY_STANDARD)
        if contact:
            st.markdown(f"**Kontakt:** {escape_md(contact)}")


def legal_footer() -> None:
    """Links to the three legal pages, at the end of every public page."""
    # Plain links: they work also when Streamlit runs a page file directly (before the router ran).
    links = " · ".join(f'<a href="/{url}" target="_self">{title}</a>' for _, title, _, url in LEGAL)
    st.html(f'<nav class="ws-legal" role="contentinfo" aria-label="Rechtliches">{links}</nav>')
