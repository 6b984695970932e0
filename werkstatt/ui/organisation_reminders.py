"""/organisation, tab "Einstellungen": when reminder mails go out, and which reminders are already done."""

from __future__ import annotations

import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.mail.reminder_settings import (
    MAX_REMINDERS,
    NO_REMINDER,
    OFFERED,
    choice_to_minutes,
    describe,
    offset_label,
    reminders_done,
    set_reminder_times,
)
from werkstatt.mail.reminders import DEFAULT_REMINDERS
from werkstatt.records import Workshop, WorkshopSchedule
from werkstatt.ui.db import read_only
from werkstatt.ui.organisation_common import act, local


def _label(minutes: int) -> str:
    return "Keine Erinnerung" if minutes == NO_REMINDER else offset_label(minutes)


def render(workshop: Workshop, schedule: WorkshopSchedule | None, actor: str) -> None:
    stored = schedule.reminder_minutes if schedule else None
    with read_only() as s:
        done = reminders_done(s, workshop_id=workshop.id)
    st.subheader("Erinnerungen per E-Mail")
    st.write("Eingestellt: " + describe(stored))
    if done:
        st.markdown(
            "\n".join(
                f"- {offset_label(d.minutes)}: erledigt für {d.registrations} "
                f"{'Anmeldung' if d.registrations == 1 else 'Anmeldungen'}, zuletzt am {local(d.last_at)} Uhr"
                for d in done
            )
        )
        st.caption("Eine überholte frühere Erinnerung (z. B. nach später Anmeldung) gilt als erledigt, ohne Mail.")
    else:
        st.caption("Bisher wurde für diese Werkstatt keine Erinnerung verschickt.")
    started = utc_now() >= workshop.starts_at
    current = list(DEFAULT_REMINDERS) if stored is None else (stored or [NO_REMINDER])
    options = [NO_REMINDER, *sorted(set(OFFERED) | set(current) - {NO_REMINDER}, reverse=True)]
    with st.form("orga_reminders"):
        choice = st.multiselect(
            "Erinnerung vor dem Beginn",
            options,
            key="orga_reminder_times",
            default=current,
            format_func=_label,
            disabled=started,
            placeholder="Zeiten wählen",
            help=f"Höchstens {MAX_REMINDERS} Zeiten. Bestätigte Personen erhalten je Zeit eine E-Mail mit Zugang.",
        )
        if started:
            st.caption("Die Werkstatt hat bereits begonnen; die Erinnerungszeiten lassen sich nicht mehr ändern.")
        b1, b2 = st.columns(2)
        if b1.form_submit_button("Erinnerungen speichern", disabled=started, key="orga_reminders_save"):
            act(
                lambda s: set_reminder_times(
                    s, workshop_id=workshop.id, minutes=choice_to_minutes(choice), actor=actor, now=utc_now()
                ),
                lambda saved: "Erinnerungen gespeichert: " + describe(saved) + ".",
            )
        if b2.form_submit_button(
            "Standard wiederherstellen", disabled=started or stored is None, key="orga_reminders_reset"
        ):
            act(
                lambda s: set_reminder_times(s, workshop_id=workshop.id, minutes=None, actor=actor, now=utc_now()),
                "Erinnerungen wieder wie Standard: " + describe(None) + ".",
            )
