"""/organisation, tab "Anmelden & Import": register a person by hand, import a CSV file."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.mail.worker import wake
from werkstatt.records import Workshop
from werkstatt.registration.csv_io import decode, import_registrations
from werkstatt.registration.services import register
from werkstatt.ui.actions import flash
from werkstatt.ui.db import transaction
from werkstatt.ui.organisation_common import FLASH
from werkstatt.ui.registration_form import applicant, person_fields, show_outcomes, show_problems

CSV_HELP = """Spalten (erste Zeile), getrennt durch Semikolon oder Komma, UTF-8 oder Excel-CSV:
Vorname;Nachname;E-Mail;Organisation;Gruppe;Werkstatt
Pflicht: Vorname, Nachname, E-Mail, Werkstatt (Nummer; mehrere z. B. „1+3“).
Gruppe: Wirtschaft, Politik, Verwaltung, Wissenschaft, Wirtschaftsförderung, Zivilgesellschaft, Sonstige.
Beispiel: Anna;Müller;anna@beispiel.de;Stadt Bottrop;Verwaltung;1+3"""


# The form's widget keys (person_fields("orga") plus the consent box): read in the callback, cleared on success.
_FIELD_KEYS = {"first_name": "orga_first", "last_name": "orga_last", "email": "orga_email",
               "organisation": "orga_org", "group": "orga_group"}  # fmt: skip
_NETWORKING = "orga_networking"
_RESULT = "_orga_add_result"


def _on_register(workshop_id: int, actor: str) -> None:
    """Before the next run draws the form: register, then empty the form only if it worked.

    A refusal keeps everything typed (the form does not clear on submit), so the organizer corrects one field.
    """
    state = st.session_state
    fields = {name: str(state.get(key) or "") for name, key in _FIELD_KEYS.items()}
    try:
        with transaction() as session:
            outcomes = register(
                session,
                applicant=applicant(fields, consent=False, networking=bool(state.get(_NETWORKING))),
                workshop_ids=[workshop_id],
                now=utc_now(),
                source="organizer",
                actor=actor,
            )
    except WerkstattError as err:
        state[_RESULT] = err
        return
    wake()
    state[_RESULT] = outcomes
    for key in (*_FIELD_KEYS.values(), _NETWORKING):
        state.pop(key, None)  # the next person starts with an empty form


def render(workshop: Workshop, numbers: dict[int, int], actor: str) -> None:
    st.header("Person von Hand anmelden")
    with st.form("orga_register"):
        person_fields("orga")
        st.caption(f"Anmeldung für Werkstatt {workshop.number}; es gelten dieselben Regeln (Plätze, Warteliste).")
        st.checkbox("Einwilligung zur Vernetzung liegt vor", key=_NETWORKING)
        st.form_submit_button("Anmelden", type="primary", on_click=_on_register, args=(workshop.id, actor))
    result = st.session_state.pop(_RESULT, None)
    if isinstance(result, WerkstattError):
        show_problems(result)
    elif result is not None:
        show_outcomes(result)

    st.header("CSV-Import")
    st.code(CSV_HELP, language=None, wrap_lines=True)  # no sideways scrolling on a phone
    upload = st.file_uploader("CSV-Datei", type=["csv", "txt"], key="orga_csv")
    if upload is not None and st.button("Importieren", key="orga_import"):
        try:
            with transaction() as session:
                report = import_registrations(
                    session, text=decode(upload.getvalue()), workshops_by_number=numbers, actor=actor, now=utc_now()
                )
        except WerkstattError as err:
            st.error(err.message)
            return
        wake()
        if report.errors:
            st.session_state["orga_import_errors"] = report.errors
        flash(FLASH, "success", report.summary, rerun=True)  # reruns: the counters above are fresh
    errors = st.session_state.get("orga_import_errors")
    if errors:
        st.warning("Zeilen mit Fehlern aus dem letzten Import (nichts davon wurde gespeichert):")
        st.dataframe(pd.DataFrame(errors, columns=["Zeile", "Grund"]), hide_index=True, width="stretch")
