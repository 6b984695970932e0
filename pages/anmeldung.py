"""Anmeldung (public): register for one or several workshops; ?storno=TOKEN cancels after a click."""

from __future__ import annotations

import streamlit as st

from werkstatt.clock import fmt_span, utc_now
from werkstatt.errors import WerkstattError
from werkstatt.live.retry import DatabaseUnavailable, retrying
from werkstatt.registration.queries import registration_by_token, seats
from werkstatt.registration.services import Outcome, cancel_by_token, register
from werkstatt.registration.window import series_zone, window, windows
from werkstatt.series.store import list_workshops
from werkstatt.text.markdown import escape_html, escape_md
from werkstatt.ui.db import read_only, transaction
from werkstatt.ui.my_registration import my_registration_view
from werkstatt.ui.page import public_page
from werkstatt.ui.registration_form import (
    applicant,
    deliver_soon,
    news_for,
    person_fields,
    show_outcomes,
    show_problems,
    workshop_checkboxes,
)

user = public_page()

PRIVACY_NOTICE = """Wir verarbeiten Ihre Angaben (Name, E-Mail-Adresse, Organisation, Bereich) nur, um Ihre
Anmeldung zu verwalten, Ihnen die Zugangsdaten und Hinweise zu den Werkstätten zu senden und die Teilnahme
zu organisieren (Art. 6 Abs. 1 lit. a DSGVO). Ihre Daten sehen nur die Veranstalter; andere Teilnehmende
sehen sie nicht. Beiträge, die Sie während der Werkstatt schreiben, werden ohne E-Mail-Adresse gespeichert.
Nach der Veranstaltungsreihe löschen wir Ihre personenbezogenen Daten und behalten nur anonyme Zahlen.
Sie können jederzeit Auskunft, Berichtigung oder Löschung verlangen und Ihre Einwilligung widerrufen –
eine E-Mail an die Kontaktadresse der Datenschutzerklärung genügt; mit dem Link in Ihrer Bestätigung melden
Sie sich selbst ab."""
STORNO_DONE = "anmeldung_storno_done"
LAST_READ = "anmeldung_last_read"


def storno_view(token: str) -> None:
    """A link never changes anything by being opened (mail scanners open links): ask for the click."""
    st.title("Anmeldung stornieren")
    done = st.session_state.get(STORNO_DONE)
    if done and done[0] == token:
        st.success(f"Ihre Anmeldung für {escape_md(done[1])} ist storniert. Ihr Platz ist wieder frei.")
        st.caption("Sie erhalten eine Bestätigung per E-Mail. Sie können dieses Fenster schließen.")
        return
    try:
        with read_only() as session:
            reg = registration_by_token(session, token=token)
            w = reg.workshop
            label, when = w.label, fmt_span(w.starts_at, w.ends_at, series_zone(w))
            status = "bestätigten Platz" if reg.status == "confirmed" else "Platz auf der Warteliste"
            cancel_open = window(session, workshop=reg.workshop, now=utc_now()).cancel_open
    except WerkstattError as err:
        st.error(err.message, icon="⚠️")
        st.page_link("pages/anmeldung.py", label="Zur Anmeldung", icon="📝")
        return
    if not cancel_open:
        st.error(f"Die {label} hat bereits begonnen; eine Abmeldung über den Link ist nicht mehr möglich.", icon="⚠️")
        return
    st.write(f"Möchten Sie Ihren {status} in der **{escape_md(label)}** ({when}) freigeben?")
    st.caption("Der Platz geht dann an die nächste Person auf der Warteliste. Das lässt sich nicht rückgängig machen.")
    if st.button("Ja, Anmeldung stornieren", type="primary"):
        try:
            with transaction() as session:
                cancel_by_token(session, token=token, now=utc_now())
        except WerkstattError as err:
            st.error(err.message, icon="⚠️")
            return
        deliver_soon()
        st.session_state[STORNO_DONE] = (token, label)
        st.rerun()


def registration_view() -> None:
    try:
        with read_only() as session:
            workshops = list_workshops(session)
            seat_info = seats(session)
            states = windows(session, workshops=workshops, now=utc_now())
        st.session_state[LAST_READ] = (workshops, seat_info, states)
    except DatabaseUnavailable as err:
        # Draw the form from the last good read: a form that is not drawn loses what was typed.
        st.warning(err.message, icon="⏳")
        if LAST_READ not in st.session_state:
            return
        workshops, seat_info, states = st.session_state[LAST_READ]
    if not workshops:
        st.warning("Zurzeit ist keine Werkstatt zur Anmeldung geöffnet.")
        return
    series = workshops[0].series
    st.html(
        f"""<div class="ws-hero"><div class="kicker">{escape_html(series.title)}</div>
        <h1>Anmeldung</h1><p>Kostenfrei · {workshops[0].capacity} Plätze je Werkstatt ·
        Sie können sich für eine oder mehrere Werkstätten anmelden.</p></div>"""
    )
    if not any(s.registration_open for s in states.values()):
        st.info("Zurzeit ist keine Werkstatt zur Anmeldung geöffnet.", icon="📅")
        workshop_checkboxes(workshops, seat_info, "reg", states)  # lists each with its reason
        return
    summary = st.empty()  # the error summary goes here, above the form (focus stays in the form)
    with st.form("anmeldung", border=True):
        st.subheader("Ihre Angaben")
        fields = person_fields("reg")
        st.subheader("Werkstätten")
        st.caption("Ist eine Werkstatt ausgebucht, kommen Sie auf die Warteliste und rücken automatisch nach.")
        chosen = workshop_checkboxes(workshops, seat_info, "reg", states)
        st.subheader("Datenschutz")
        with st.container(border=True):
            st.text(PRIVACY_NOTICE.replace("\n", " "))
            st.page_link("pages/datenschutz.py", label="Datenschutzerklärung mit Kontakt lesen", icon="🔒")
        consent = st.checkbox("Ich habe den Datenschutzhinweis gelesen und willige in die Verarbeitung ein. *")
        networking = st.checkbox(
            "Freiwillig: Die Veranstalter dürfen meinen Namen und meine Organisation an andere "
            "Teilnehmende weitergeben, damit wir uns vernetzen können."
        )
        st.caption("Mit \\* markierte Angaben sind Pflicht.")
        submitted = st.form_submit_button("Verbindlich anmelden", type="primary", width="stretch")
    if not submitted:
        return

    def once() -> list[Outcome]:
        with transaction() as session:
            return register(
                session,
                applicant=applicant(fields, consent=consent, networking=networking),
                workshop_ids=chosen,
                now=utc_now(),
            )

    try:
        # Retried while the database is briefly away; then a German message, and the form keeps every entry.
        outcomes = retrying(once)
    except WerkstattError as err:
        show_problems(err, summary)
        return
    deliver_soon()
    st.subheader("Vielen Dank für Ihre Anmeldung!")
    show_outcomes(outcomes)
    st.info(news_for(outcomes), icon="✉️")


token = st.query_params.get("storno")
mine = st.query_params.get("meine")
if token:
    storno_view(token)
elif mine:
    my_registration_view(mine)
else:
    registration_view()
