"""Organisation (organizers only): seats, lists, waitlist, mails, import/export, personal data."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from db.engine import make_sessionmaker
from werkstatt.clock import BERLIN, fmt_span, utc_now
from werkstatt.errors import WerkstattError
from werkstatt.mail.delivery import deliver_pending
from werkstatt.mail.outbox import outbox, resend_join_link, retry_now
from werkstatt.mail.settings import smtp_settings_from_env
from werkstatt.privacy.persons import delete_person, export_person
from werkstatt.registration.csv_io import (
    decode,
    export_rows,
    import_registrations,
    to_csv,
    to_xlsx,
)
from werkstatt.registration.queries import roster, seats, waitlist_position
from werkstatt.registration.services import (
    cancel_registration,
    move_registration,
    register,
    set_capacity,
    set_checked_in,
    set_meeting_url,
)
from werkstatt.series.store import list_workshops
from werkstatt.text.markdown import escape_md
from werkstatt.ui.db import engine, read_only, transaction
from werkstatt.ui.page import staff_page
from werkstatt.ui.registration_form import (
    applicant,
    person_fields,
    seats_label,
    show_outcomes,
    show_problems,
)
from werkstatt.ui.workshop_picker import pick_workshop

user = staff_page("organizer")  # first call: the page guards itself (STACK-NOTES.md)

FLASH = "orga_flash"
CSV_HELP = """Spalten (erste Zeile), getrennt durch Semikolon oder Komma, UTF-8 oder Excel-CSV:
Vorname;Nachname;E-Mail;Organisation;Gruppe;Werkstatt
Pflicht: Vorname, Nachname, E-Mail, Werkstatt (Nummer; mehrere z. B. „1+3“).
Gruppe: Wirtschaft, Politik, Verwaltung, Wissenschaft, Wirtschaftsförderung, Zivilgesellschaft, Sonstige.
Beispiel: Anna;Müller;anna@beispiel.de;Stadt Bottrop;Verwaltung;1+3"""
STATUS_DE = {"confirmed": "bestätigt", "waitlisted": "Warteliste", "cancelled": "storniert"}
MAIL_STATUS_DE = {"pending": "wartet", "sent": "gesendet", "failed": "fehlgeschlagen"}


def flash(kind: str, message: str) -> None:
    st.session_state[FLASH] = (kind, message)
    st.rerun()


def show_flash() -> None:
    kind, message = st.session_state.pop(FLASH, (None, ""))
    if kind:
        {"success": st.success, "error": st.error, "info": st.info}[kind](message)


def act(fn, success: str) -> None:
    """Run one service call in a transaction; show its German refusal, else flash success."""
    try:
        with transaction() as session:
            result = fn(session)
    except WerkstattError as err:
        st.error(err.message, icon="⚠️")
        return
    flash("success", success(result) if callable(success) else success)


def local(moment) -> str:
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M") if moment else ""


st.title("Organisation")
show_flash()
workshop = pick_workshop()
with read_only() as session:
    info = seats(session)[workshop.id]
    regs = roster(session, workshop_id=workshop.id)
    positions = {r.id: waitlist_position(session, r) for r in regs if r.status == "waitlisted"}
    all_workshops = list_workshops(session)
    mails = outbox(session)

st.caption(f"{fmt_span(workshop.starts_at, workshop.ends_at)} · Code {workshop.join_code}")
m1, m2, m3, m4 = st.columns(4)
m1.metric("Plätze", info.capacity)
m2.metric("Bestätigt", info.confirmed)
m3.metric("Frei", info.left, help=seats_label(info))
m4.metric("Warteliste", info.waitlisted)

tab_people, tab_add, tab_mail, tab_settings = st.tabs(["Teilnehmende", "Anmelden & Import", "E-Mails", "Einstellungen"])

with tab_people:
    confirmed = [r for r in regs if r.status == "confirmed"]
    waiting = [r for r in regs if r.status == "waitlisted"]
    st.subheader(f"Bestätigt ({len(confirmed)})")
    if confirmed:
        frame = pd.DataFrame(
            {
                "id": [r.id for r in confirmed],
                "Anwesend": [r.checked_in_at is not None for r in confirmed],
                "Name": [f"{r.person.last_name}, {r.person.first_name}" for r in confirmed],
                "Organisation": [r.person.organisation for r in confirmed],
                "Bereich": [r.person.stakeholder_group for r in confirmed],
                "E-Mail": [r.person.email for r in confirmed],
            }
        ).set_index("id")
        version = st.session_state.get("checkin_version", 0)
        edited = st.data_editor(
            frame,
            hide_index=True,
            width="stretch",
            disabled=["Name", "Organisation", "Bereich", "E-Mail"],
            column_config={"Anwesend": st.column_config.CheckboxColumn("Anwesend", help="Check-in")},
            key=f"checkin_{workshop.id}_{version}",
        )
        changed = edited.index[edited["Anwesend"] != frame["Anwesend"]].tolist()
        if changed:
            try:
                with transaction() as session:
                    for reg_id in changed:
                        set_checked_in(
                            session, registration_id=reg_id, present=bool(edited.at[reg_id, "Anwesend"]), now=utc_now()
                        )
            except WerkstattError as err:
                st.error(err.message)
            st.session_state["checkin_version"] = version + 1
            flash("success", "Check-in gespeichert.")
        st.caption(f"Anwesend: {int(frame['Anwesend'].sum())} von {len(confirmed)}")
    else:
        st.info("Noch keine bestätigten Anmeldungen.")

    st.subheader(f"Warteliste ({len(waiting)})")
    if waiting:
        st.dataframe(
            pd.DataFrame(
                {
                    "Platz": [positions[r.id] for r in waiting],
                    "Name": [f"{r.person.last_name}, {r.person.first_name}" for r in waiting],
                    "Organisation": [r.person.organisation for r in waiting],
                    "E-Mail": [r.person.email for r in waiting],
                    "seit": [local(r.created_at) for r in waiting],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption("Niemand wartet.")

    with read_only() as session:
        rows = export_rows(session, workshop_id=workshop.id)
    e1, e2 = st.columns(2)
    e1.download_button(
        "Liste als CSV",
        to_csv(rows),
        file_name=f"werkstatt-{workshop.number}-anmeldungen.csv",
        mime="text/csv",
        width="stretch",
    )
    e2.download_button(
        "Liste als Excel (XLSX)",
        to_xlsx(rows, title=f"Werkstatt {workshop.number}"),
        file_name=f"werkstatt-{workshop.number}-anmeldungen.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        width="stretch",
    )

    st.subheader("Person bearbeiten")
    if regs:
        reg = st.selectbox(
            "Person",
            regs,
            format_func=lambda r: (
                f"{r.person.last_name}, {r.person.first_name} · {r.person.email} · "
                + (f"Warteliste {positions[r.id]}" if r.status == "waitlisted" else STATUS_DE[r.status])
            ),
            key="orga_person",
        )
        a1, a2 = st.columns(2)
        with a1, st.container(border=True):
            st.markdown("**Stornieren**")
            st.caption("Gibt den Platz frei; die erste Person der Warteliste rückt nach und bekommt eine E-Mail.")
            if st.button("Anmeldung stornieren", key="orga_cancel"):
                act(
                    lambda s: cancel_registration(s, registration_id=reg.id, now=utc_now()),
                    lambda promoted: (
                        "Storniert."
                        + (
                            f" Nachgerückt: {escape_md(', '.join(p.person.full_name for p in promoted))}."
                            if promoted
                            else ""
                        )
                    ),
                )
        with a2, st.container(border=True):
            st.markdown("**In andere Werkstatt verschieben**")
            others = [w for w in all_workshops if w.id != workshop.id]
            target = st.selectbox(
                "Ziel", others, format_func=lambda w: f"Werkstatt {w.number}: {w.title}", key="orga_move_to"
            )
            if st.button("Verschieben", key="orga_move") and target is not None:
                act(
                    lambda s: move_registration(s, registration_id=reg.id, to_workshop_id=target.id, now=utc_now()),
                    lambda outcome: f"Verschoben – {outcome.summary}.",
                )
        with st.container(border=True):
            st.markdown("**Datenschutz (DSGVO)**")
            with read_only() as session:
                data = export_person(session, person_id=reg.person_id)
            d1, d2 = st.columns(2)
            d1.download_button(
                "Daten dieser Person (JSON)",
                json.dumps(data, ensure_ascii=False, indent=2),
                file_name=f"person-{reg.person_id}.json",
                mime="application/json",
                width="stretch",
            )
            sure = d2.checkbox("Ja, alle Daten dieser Person löschen", key="orga_delete_sure")
            if d2.button("Person löschen", disabled=not sure, key="orga_delete", type="primary"):
                act(
                    lambda s: delete_person(s, person_id=reg.person_id, now=utc_now()),
                    "Person und alle ihre Anmeldungen und E-Mails sind gelöscht.",
                )
    else:
        st.caption("Noch keine Anmeldungen in dieser Werkstatt.")

with tab_add:
    st.subheader("Person von Hand anmelden")
    with st.form("orga_register", clear_on_submit=True):
        fields = person_fields("orga")
        st.caption(f"Anmeldung für Werkstatt {workshop.number}; es gelten dieselben Regeln (Plätze, Warteliste).")
        networking = st.checkbox("Einwilligung zur Vernetzung liegt vor")
        if st.form_submit_button("Anmelden", type="primary"):
            try:
                with transaction() as session:
                    outcomes = register(
                        session,
                        applicant=applicant(fields, consent=False, networking=networking),
                        workshop_ids=[workshop.id],
                        now=utc_now(),
                        source="organizer",
                    )
                show_outcomes(outcomes)
            except WerkstattError as err:
                show_problems(err)

    st.subheader("CSV-Import")
    st.code(CSV_HELP, language=None)
    upload = st.file_uploader("CSV-Datei", type=["csv", "txt"], key="orga_csv")
    if upload is not None and st.button("Importieren", key="orga_import"):
        numbers = {w.number: w.id for w in all_workshops if w.series_id == workshop.series_id}
        try:
            with transaction() as session:
                report = import_registrations(
                    session, text=decode(upload.getvalue()), workshops_by_number=numbers, now=utc_now()
                )
        except WerkstattError as err:
            st.error(err.message)
        else:
            st.success(f"{len(report.imported)} Zeilen importiert, {len(report.errors)} Zeilen mit Fehlern.")
            if report.errors:
                st.dataframe(pd.DataFrame(report.errors, columns=["Zeile", "Grund"]), hide_index=True, width="stretch")

with tab_mail:
    smtp = smtp_settings_from_env()
    if smtp is None:
        st.info(
            "Kein SMTP-Server eingerichtet (WERKSTATT_SMTP_HOST): E-Mails bleiben hier im Postausgang "
            "und können als .eml heruntergeladen werden."
        )
    else:
        st.caption(f"Versand über {smtp.host}:{smtp.port}")
    b1, b2, b3 = st.columns(3)
    if b1.button("Wartende jetzt senden", disabled=smtp is None, width="stretch"):
        report = deliver_pending(make_sessionmaker(engine()), smtp_settings=smtp, now=utc_now())
        flash("info", f"Gesendet: {report.sent}, fehlgeschlagen: {report.failed}.")
    if b2.button("Fehlgeschlagene erneut versuchen", width="stretch"):
        act(lambda s: retry_now(s, now=utc_now()), lambda n: f"{n} E-Mails werden erneut versucht.")
    with b3.popover("Zugangslink erneut senden", width="stretch"):
        st.write(f"An alle {info.confirmed} bestätigten Personen der Werkstatt {workshop.number}.")
        if st.button("Jetzt an alle senden", key="orga_resend", type="primary"):
            act(
                lambda s: resend_join_link(s, workshop_id=workshop.id, now=utc_now()),
                lambda n: f"{n} E-Mails mit dem Zugangslink liegen im Postausgang.",
            )
    if mails:
        st.dataframe(
            pd.DataFrame(
                {
                    "Nr.": [m.id for m in mails],
                    "Status": [MAIL_STATUS_DE[m.status] for m in mails],
                    "An": [m.to_address for m in mails],
                    "Betreff": [m.subject for m in mails],
                    "Versuche": [m.attempts for m in mails],
                    "Fehler": [m.last_error for m in mails],
                    "erstellt": [local(m.created_at) for m in mails],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        chosen = st.selectbox("E-Mail", mails, format_func=lambda m: f"Nr. {m.id} · {m.to_address} · {m.subject}")
        st.download_button(
            "Als .eml herunterladen",
            chosen.message.encode(),
            file_name=f"werkstatt-mail-{chosen.id}.eml",
            mime="message/rfc822",
        )
    else:
        st.caption("Der Postausgang ist leer.")

with tab_settings:
    with st.form("orga_meeting"):
        url = st.text_input(
            "Link zur Videokonferenz (wird in den Bestätigungen verschickt)",
            value=workshop.meeting_url,
            placeholder="https://…",
        )
        if st.form_submit_button("Link speichern"):
            act(lambda s: set_meeting_url(s, workshop_id=workshop.id, url=url), "Link gespeichert.")
    with st.form("orga_capacity"):
        capacity = st.number_input("Plätze", min_value=1, max_value=1000, value=info.capacity, step=1)
        st.caption("Weniger Plätze als bestätigte Personen geht nicht; mehr Plätze holen Personen von der Warteliste.")
        if st.form_submit_button("Platzzahl ändern"):
            act(
                lambda s: set_capacity(s, workshop_id=workshop.id, capacity=int(capacity), now=utc_now()),
                lambda promoted: (
                    f"Platzzahl ist jetzt {int(capacity)}."
                    + (f" {len(promoted)} Personen von der Warteliste bestätigt." if promoted else "")
                ),
            )
