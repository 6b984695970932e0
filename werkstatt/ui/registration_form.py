"""Form pieces shared by the public registration and the organizer's 'register by hand'."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from werkstatt.clock import fmt_span
from werkstatt.mail.worker import wake
from werkstatt.records import Workshop
from werkstatt.registration.applicant import Applicant, InvalidInput
from werkstatt.registration.queries import Seats
from werkstatt.registration.services import Outcome
from werkstatt.registration.window import Window, series_zone
from werkstatt.series.stakeholders import STAKEHOLDER_GROUPS
from werkstatt.text.markdown import escape_md
from werkstatt.ui.field_errors import FieldErrors


def seats_label(info: Seats | None) -> str:
    if info is None:
        return ""
    if info.left == 0:
        return "ausgebucht – Warteliste"
    return "noch 1 Platz" if info.left == 1 else f"noch {info.left} Plätze"


def person_fields(key: str, errors: FieldErrors | None = None) -> dict[str, str]:
    """Name, e-mail, organisation, group inputs (inside a form); with `errors`, a message slot under each.

    No max_chars: the browser would cut silently; the service answers in German instead.
    """
    marks = errors or FieldErrors()
    c1, c2 = st.columns(2)
    first = c1.text_input("Vorname *", key=f"{key}_first", autocomplete="given-name")
    marks.slot("first_name", f"{key}_first", c1)
    last = c2.text_input("Nachname *", key=f"{key}_last", autocomplete="family-name")
    marks.slot("last_name", f"{key}_last", c2)
    email = st.text_input("E-Mail-Adresse *", key=f"{key}_email", autocomplete="email")
    marks.slot("email", f"{key}_email")
    c3, c4 = st.columns(2)
    org = c3.text_input("Organisation", key=f"{key}_org", autocomplete="organization")
    marks.slot("organisation", f"{key}_org", c3)
    group = c4.selectbox(
        "Ich komme aus dem Bereich",
        STAKEHOLDER_GROUPS,
        index=None,
        placeholder="Bitte wählen",
        key=f"{key}_group",
    )
    marks.slot("stakeholder_group", f"{key}_group", c4)
    return {"first_name": first, "last_name": last, "email": email, "organisation": org, "group": group or ""}


def workshop_checkboxes(
    workshops: list[Workshop], seat_info: dict[int, Seats], key: str, windows: dict[int, Window] | None = None
) -> list[int]:
    """One checkbox per workshop open for registration; closed and past ones are listed with the reason."""
    chosen = []
    for w in workshops:
        info = seat_info.get(w.id)
        state = windows.get(w.id) if windows else None
        when = fmt_span(w.starts_at, w.ends_at, series_zone(w))
        # Plain words, no Markdown: a screen reader reads the label as it is written.
        title = f"Werkstatt {w.number}: {w.title}"
        if state is not None and not state.registration_open:
            badge = "vergangen" if state.past else "Anmeldung geschlossen"
            st.markdown(f"{escape_md(title)} · {badge}  \n{when}")
            st.caption(state.registration_reason)
            continue
        if st.checkbox(escape_md(f"{title} – {when} · {seats_label(info)}"), key=f"{key}_ws_{w.id}"):
            chosen.append(w.id)
    return chosen


def applicant(fields: dict[str, str], *, consent: bool, networking: bool) -> Applicant:
    return Applicant(
        first_name=fields["first_name"],
        last_name=fields["last_name"],
        email=fields["email"],
        organisation=fields["organisation"],
        stakeholder_group=fields["group"],
        privacy_consent=consent,
        networking_consent=networking,
    )


def show_problems(err: Exception, slot: DeltaGenerator | None = None, errors: FieldErrors | None = None) -> None:
    """One error summary naming every problem (fixed sentences that name the field; no user text).

    Given a slot made before the form, the summary appears above it and the form is not
    rebuilt, so nothing typed is lost. With `errors` (slots made under the fields while the
    form was drawn) each sentence also stands under its field, and the keyboard focus moves
    to the summary (werkstatt/ui/field_errors.py).
    """
    problems = err.problems if isinstance(err, InvalidInput) else [getattr(err, "message", str(err))]
    heading = "Bitte prüfen Sie Ihre Angaben" + (f" ({len(problems)} Punkte):" if len(problems) > 1 else ":")
    lines = "\n".join(f"- {problem}" for problem in problems)
    if errors is not None and slot is not None:
        errors.report(slot, f"**{heading}**\n\n{lines}", err.fields if isinstance(err, InvalidInput) else {})
        return
    (slot or st).error(f"**{heading}**\n\n{lines}", icon="⚠️")


def news_for(outcomes: list[Outcome]) -> str:
    """What mail the person can expect, promised only for what really changed."""
    confirmed = any(o.status == "confirmed" for o in outcomes)
    waitlisted = any(o.status == "waitlisted" for o in outcomes)
    if confirmed:
        return (
            "Sie erhalten für jede bestätigte Werkstatt eine E-Mail mit Termin, Zugangslink und Kalenderdatei. "
            "Darin finden Sie auch einen Link, falls Sie doch nicht teilnehmen können."
        )
    if waitlisted:
        return "Sie erhalten eine E-Mail zur Warteliste und sofort eine weitere, sobald ein Platz frei wird."
    return "Sie waren bereits angemeldet; Ihre E-Mails von damals gelten weiter."


def show_outcomes(outcomes: list[Outcome]) -> None:
    for o in outcomes:
        text = o.summary  # fixed words and numbers only, no user text
        if o.status == "confirmed":
            st.success(text, icon="✅")
        elif o.status == "waitlisted":
            st.warning(text + "  \nWird ein Platz frei, rücken Sie automatisch nach.", icon="⏳")
        else:
            st.info(text, icon="ℹ️")


def deliver_soon() -> None:
    """Wake this process' delivery worker: the new mails go out now, not at its next round."""
    wake()
