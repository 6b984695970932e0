"""/organisation, tab "Einstellungen": meeting link, seats, registration window, closing the session, reminders."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.records import Workshop, WorkshopSchedule
from werkstatt.registration.queries import Seats
from werkstatt.registration.schedule import close_workshop, set_registration_until
from werkstatt.registration.staff import set_capacity, set_meeting_url
from werkstatt.registration.window import Window, series_zone
from werkstatt.ui import organisation_reminders
from werkstatt.ui.organisation_common import act, local, people


def render(workshop: Workshop, info: Seats, state: Window, schedule: WorkshopSchedule | None, actor: str) -> None:
    with st.form("orga_meeting"):
        url = st.text_input(
            "Link zur Videokonferenz (wird in den Bestätigungen verschickt)",
            value=workshop.meeting_url,
            placeholder="https://…",
        )
        if st.form_submit_button("Link speichern"):
            act(
                lambda s: set_meeting_url(s, workshop_id=workshop.id, url=url, actor=actor, now=utc_now()),
                "Link gespeichert.",
            )
    with st.form("orga_capacity"):
        capacity = st.number_input("Plätze", min_value=1, max_value=1000, value=info.capacity, step=1)
        st.caption("Weniger Plätze als bestätigte Personen geht nicht; mehr Plätze holen Personen von der Warteliste.")
        if st.form_submit_button("Platzzahl ändern"):
            act(
                lambda s: set_capacity(s, workshop_id=workshop.id, capacity=int(capacity), actor=actor, now=utc_now()),
                lambda promoted: (
                    f"Platzzahl ist jetzt {int(capacity)}."
                    + (f" {people(len(promoted))} von der Warteliste bestätigt." if promoted else "")
                ),
            )
    window_form(workshop, state, schedule, actor)
    organisation_reminders.render(workshop, schedule, actor)


def window_form(workshop: Workshop, state: Window, schedule: WorkshopSchedule | None, actor: str) -> None:
    tz = series_zone(workshop)
    registration_until = schedule.registration_until if schedule else None
    closed_at = schedule.closed_at if schedule else None
    st.subheader("Anmeldefrist und Mitmachen")
    st.write("Anmeldung: " + ("offen" if state.registration_open else state.registration_reason))
    st.write("Mitmachen: " + ("möglich" if state.join_open else state.join_reason))
    if registration_until is not None:
        st.caption(f"Anmeldung ausdrücklich geöffnet bis {local(registration_until)} Uhr.")
    with st.form("orga_window"):
        default = (registration_until or utc_now() + timedelta(days=14)).astimezone(tz)
        c1, c2 = st.columns(2)
        day = c1.date_input("Anmeldung öffnen bis (Tag)", value=default.date(), format="DD.MM.YYYY")
        hour = c2.time_input("Uhrzeit", value=time(default.hour, default.minute), step=timedelta(minutes=15))
        st.caption(
            f"Standard: Die Anmeldung schließt zum Beginn der Werkstatt. Zeitzone der Reihe: {tz.key}. "
            "Auch nach dem geplanten Termin möglich, z. B. für einen verschobenen Termin."
        )
        b1, b2 = st.columns(2)
        if b1.form_submit_button("Anmeldung öffnen bis …"):
            until = datetime.combine(day, hour, tzinfo=tz)
            act(
                lambda s: set_registration_until(s, workshop_id=workshop.id, until=until, actor=actor, now=utc_now()),
                "Anmeldefrist gespeichert.",
            )
        if b2.form_submit_button("Standard wiederherstellen", disabled=registration_until is None):
            act(
                lambda s: set_registration_until(s, workshop_id=workshop.id, until=None, actor=actor, now=utc_now()),
                "Die Anmeldung schließt wieder zum Beginn der Werkstatt.",
            )
    close = closed_at is None
    if closed_at is not None:
        st.caption(f"Geschlossen am {local(closed_at)} Uhr.")
    else:
        st.caption("Ohne Schließen endet das Mitmachen am Ende des Werkstatt-Tages.")
    label = "Werkstatt schließen (Mitmachen beenden)" if close else "Schließen zurücknehmen"
    if st.button(label, key="orga_close"):
        act(
            lambda s: close_workshop(s, workshop_id=workshop.id, closed=close, actor=actor, now=utc_now()),
            "Die Werkstatt ist geschlossen; Mitmachen ist nicht mehr möglich."
            if close
            else "Schließen zurückgenommen.",
        )
