""" "Meine Anmeldung" on /anmeldung?meine=TOKEN: bookings, waitlist places, cancel links, more workshops."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import streamlit as st

from werkstatt.clock import fmt_span, utc_now
from werkstatt.errors import WerkstattError
from werkstatt.mail.worker import wake
from werkstatt.registration.personal import book_more, my_bookings
from werkstatt.registration.window import windows
from werkstatt.series.store import list_workshops
from werkstatt.ui.db import read_only, transaction

DONE = "meine_done"


def my_registration_view(token: str) -> None:
    """Opening the link changes nothing; booking another workshop needs a click."""
    st.title("Meine Anmeldung")
    try:
        with read_only() as session:
            person, bookings = my_bookings(session, token=token)
            name = person.full_name
            workshops = list_workshops(session)
            states = windows(session, workshops=workshops, now=utc_now())
    except WerkstattError as err:
        st.error(err.message, icon="⚠️")
        return
    message = st.session_state.pop(DONE, "")
    if message:
        st.success(message)
    st.write(f"Guten Tag {name}, hier sehen Sie alle Ihre Anmeldungen.")
    booked = {b.workshop_id for b in bookings}
    if not bookings:
        st.info("Zurzeit haben Sie keine Anmeldung und keinen Platz auf einer Warteliste.")
    for b in bookings:
        with st.container(border=True):
            st.text(b.label)  # titles are organizer data: shown as text
            st.caption(fmt_span(b.starts_at, b.ends_at, ZoneInfo(b.timezone)))
            if b.status == "confirmed":
                st.success("Ihr Platz ist bestätigt.", icon="✅")
            else:
                st.warning(
                    f"Warteliste, Platz {b.position}. Wird ein Platz frei, rücken Sie automatisch nach.", icon="⏳"
                )
            if states[b.workshop_id].cancel_open:
                st.page_link(
                    "pages/anmeldung.py", label="Abmelden …", icon="✖️", query_params={"storno": b.cancel_token}
                )
    open_ones = [w for w in workshops if w.id not in booked and states[w.id].registration_open]
    if open_ones:
        st.header("Weitere Werkstätten")
    for w in open_ones:
        c1, c2 = st.columns([3, 1])
        c1.text(f"{w.label}\n{fmt_span(w.starts_at, w.ends_at, ZoneInfo(w.series.timezone))}")
        if c2.button("Auch anmelden", key=f"meine_{w.id}", width="stretch"):
            try:
                with transaction() as session:
                    outcome = book_more(session, token=token, workshop_id=w.id, now=utc_now())
            except WerkstattError as err:
                st.error(err.message, icon="⚠️")
                continue
            wake()
            st.session_state[DONE] = outcome.summary + ". Sie erhalten eine E-Mail."
            st.rerun()
