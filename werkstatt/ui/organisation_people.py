"""/organisation, tab "Teilnehmende": check-in, waitlist, list export, cancel, move, personal data."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.privacy.persons import delete_person, export_person
from werkstatt.records import Registration, Workshop
from werkstatt.registration.csv_io import export_rows, to_csv, to_xlsx
from werkstatt.registration.staff import Move, cancel_registration, move_registration, set_checked_in
from werkstatt.text.collation import sort_key
from werkstatt.ui.actions import flash
from werkstatt.ui.db import read_only, transaction
from werkstatt.ui.organisation_common import FLASH, STATUS_DE, act, local


def _name(r: Registration) -> str:
    return f"{r.person.last_name}, {r.person.first_name}"


def _promoted(promoted: list[Registration] | tuple[Registration, ...]) -> str:
    # Names are user text: shown in a plain message only, never as Markdown.
    return f" Nachgerückt: {', '.join(p.person.full_name for p in promoted)}." if promoted else ""


def _moved(move: Move) -> str:
    return f"Verschoben – {move.outcome.summary}.{_promoted(move.promoted)}"


def save_check_ins(present: dict[int, bool], actor: str) -> None:
    """All changed rows in one transaction: either every check-in is saved, or none and the reason shows."""
    try:
        with transaction() as session:
            for reg_id, here in present.items():
                set_checked_in(session, registration_id=reg_id, present=here, actor=actor, now=utc_now())
    except WerkstattError as err:
        flash(FLASH, "error", f"Check-in nicht gespeichert: {err.message}", rerun=True)  # the batch was rolled back
    else:
        flash(FLASH, "success", "Check-in gespeichert.", rerun=True)


def check_in(confirmed: list[Registration], actor: str) -> None:
    frame = pd.DataFrame(
        {
            "id": [r.id for r in confirmed],
            "Anwesend": [r.checked_in_at is not None for r in confirmed],
            "Name": [_name(r) for r in confirmed],
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
        key=f"checkin_{version}",
    )
    changed = edited.index[edited["Anwesend"] != frame["Anwesend"]].tolist()
    if changed:
        st.session_state["checkin_version"] = version + 1
        save_check_ins({reg_id: bool(edited.at[reg_id, "Anwesend"]) for reg_id in changed}, actor)
    st.caption(f"Anwesend: {int(frame['Anwesend'].sum())} von {len(confirmed)}")


def render(
    workshop: Workshop,
    regs: list[Registration],
    positions: dict[int, int | None],
    others: list[Workshop],
    actor: str,
) -> None:
    confirmed = sorted((r for r in regs if r.status == "confirmed"), key=lambda r: sort_key(_name(r)))
    waiting = [r for r in regs if r.status == "waitlisted"]
    st.header(f"Bestätigt ({len(confirmed)})")
    if confirmed:
        check_in(confirmed, actor)
    else:
        st.info("Noch keine bestätigten Anmeldungen.")
    st.header(f"Warteliste ({len(waiting)})")
    if waiting:
        st.dataframe(
            pd.DataFrame(
                {
                    "Platz": [positions[r.id] for r in waiting],
                    "Name": [_name(r) for r in waiting],
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
    stem = f"werkstatt-{workshop.number}-anmeldungen"
    e1.download_button("Liste als CSV", to_csv(rows), file_name=f"{stem}.csv", mime="text/csv", width="stretch")
    e2.download_button(
        "Liste als Excel (XLSX)",
        to_xlsx(rows, title=f"Werkstatt {workshop.number}"),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        width="stretch",
    )
    st.header("Person bearbeiten")
    if not regs:
        st.caption("Noch keine Anmeldungen in dieser Werkstatt.")
        return
    reg = st.selectbox(
        "Person",
        regs,
        format_func=lambda r: (
            f"{_name(r)} · {r.person.email} · "
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
                lambda s: cancel_registration(s, registration_id=reg.id, actor=actor, now=utc_now()),
                lambda promoted: "Storniert." + _promoted(promoted),
            )
    with a2, st.container(border=True):
        st.markdown("**In andere Werkstatt verschieben**")
        st.caption("Die Person bekommt eine E-Mail zur neuen Werkstatt; wer nachrückt, ebenfalls.")
        target = st.selectbox(
            "Ziel", others, format_func=lambda w: f"Werkstatt {w.number}: {w.title}", key="orga_move_to"
        )
        if st.button("Verschieben", key="orga_move") and target is not None:
            act(
                lambda s: move_registration(
                    s, registration_id=reg.id, to_workshop_id=target.id, actor=actor, now=utc_now()
                ),
                _moved,
            )
    privacy(reg, actor)


def privacy(reg: Registration, actor: str) -> None:
    with st.container(border=True):
        st.markdown("**Datenschutz (DSGVO)**")
        d1, d2 = st.columns(2)
        if d1.button("Auskunft erstellen (JSON)", key="orga_export", width="stretch"):
            try:
                with transaction() as session:  # the export itself is recorded in the audit log
                    data = export_person(session, person_id=reg.person_id, actor=actor, now=utc_now())
            except WerkstattError as err:
                st.error(err.message)
            else:
                st.download_button(
                    "Auskunft herunterladen",
                    json.dumps(data, ensure_ascii=False, indent=2),
                    file_name=f"person-{reg.person_id}.json",
                    mime="application/json",
                    width="stretch",
                )
        sure = d2.checkbox("Ja, alle Daten dieser Person löschen", key="orga_delete_sure")
        if d2.button("Person löschen", disabled=not sure, key="orga_delete", type="primary"):
            act(
                lambda s: delete_person(s, person_id=reg.person_id, actor=actor, now=utc_now()),
                "Person und alle ihre Anmeldungen und E-Mails sind gelöscht.",
            )
