"""Organisation (organizers only): seats, lists, waitlist, mails, import/export, personal data, audit log."""

from __future__ import annotations

import streamlit as st

from werkstatt.audit.authorize import staff_email
from werkstatt.clock import fmt_span, utc_now
from werkstatt.registration.queries import roster, seats, waitlist_position
from werkstatt.registration.window import schedule_of, series_zone, window
from werkstatt.series.store import list_workshops
from werkstatt.ui import (
    organisation_add,
    organisation_audit,
    organisation_mail,
    organisation_people,
    organisation_settings,
)
from werkstatt.ui.actions import show_outcome
from werkstatt.ui.db import read_only
from werkstatt.ui.organisation_common import FLASH, local
from werkstatt.ui.page import staff_page
from werkstatt.ui.registration_form import seats_label
from werkstatt.ui.workshop_picker import pick_workshop

user = staff_page("organizer")  # first call: the page guards itself

st.title("Organisation")
show_outcome(FLASH)
workshop = pick_workshop()
with read_only() as session:
    info = seats(session)[workshop.id]
    regs = roster(session, workshop_id=workshop.id)
    positions = {r.id: waitlist_position(session, r) for r in regs if r.status == "waitlisted"}
    all_workshops = list_workshops(session)
    state = window(session, workshop=workshop, now=utc_now())
    schedule = schedule_of(session, workshop.id)
    account_email = staff_email(session, username=user.username)

status = "vergangen" if state.past else ("Anmeldung offen" if state.registration_open else "Anmeldung geschlossen")
st.caption(
    f"{fmt_span(workshop.starts_at, workshop.ends_at, series_zone(workshop))} · Code {workshop.join_code} · {status}"
)
if state.purged_at is not None:
    st.warning(
        f"Die personenbezogenen Daten dieser Werkstatt wurden am {local(state.purged_at)} Uhr gelöscht; "
        "es gibt nur noch anonyme Zahlen (Auswertung)."
    )
m1, m2, m3, m4 = st.columns(4)
m1.metric("Plätze", info.capacity)
m2.metric("Bestätigt", info.confirmed)
m3.metric("Frei", info.left, help=seats_label(info))
m4.metric("Warteliste", info.waitlisted)

tabs = st.tabs(["Teilnehmende", "Anmelden & Import", "E-Mails", "Einstellungen", "Protokoll"])
with tabs[0]:
    others = [w for w in all_workshops if w.id != workshop.id]
    organisation_people.render(workshop, regs, positions, others, user.username)
with tabs[1]:
    numbers = {w.number: w.id for w in all_workshops if w.series_id == workshop.series_id}
    organisation_add.render(workshop, numbers, user.username)
with tabs[2]:
    organisation_mail.render(workshop, info.confirmed, user.username, account_email)
with tabs[3]:
    organisation_settings.render(workshop, info, state, schedule, user.username)
with tabs[4]:
    organisation_audit.render(workshop)
