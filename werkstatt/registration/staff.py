"""What the organizer does to registrations: cancel, move, check in, seats, meeting link.

Each service checks the acting account (organizers only) and writes one audit row
in the same transaction; the seat rules are those of werkstatt/registration/services.py."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Registration, User, Workshop
from werkstatt import audit
from werkstatt.errors import WerkstattError
from werkstatt.registration.applicant import _CONTROL
from werkstatt.registration.queries import ACTIVE
from werkstatt.registration.services import (
    CAPACITY_MAX,
    Outcome,
    _cancel,
    _confirmed_count,
    _get_registration,
    _lock_workshops,
    _place,
    _promote,
)
from werkstatt.registration.window import require_not_over


def cancel_registration(
    session: Session, *, registration_id: int, actor: str, now: datetime, notify: bool = True
) -> list[Registration]:
    """An organizer cancels; returns the people promoted from the waitlist."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="Anmeldungen stornieren")
    reg = _get_registration(session, registration_id)
    require_not_over(reg.workshop, now=now)
    promoted = _cancel(session, reg, now=now, notify=notify)
    _audit(session, user, "cancel", reg, now, _promoted_detail(promoted))
    return promoted


def _promoted_detail(promoted: Sequence[Registration]) -> str:
    return f"nachgerückt: {', '.join(f'Anmeldung {r.id}' for r in promoted)}" if promoted else ""


def _audit(session: Session, user: User, action: str, reg: Registration, now: datetime, detail: str = "") -> None:
    audit.record(
        session,
        actor=user,
        action=action,
        object_type="registration",
        object_id=reg.id,
        workshop_id=reg.workshop_id,
        now=now,
        detail=detail,
    )


@dataclass(frozen=True)
class Move:
    """A move: where the person landed, and who moved up into the freed seat."""

    outcome: Outcome
    promoted: tuple[Registration, ...]


def move_registration(
    session: Session, *, registration_id: int, to_workshop_id: int, actor: str, now: datetime
) -> Move:
    """Move a person to another workshop: seat there if free (else waitlist), free the old seat.

    The moved person gets the mail of the new workshop; whoever moves up gets theirs."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="Anmeldungen verschieben")
    reg = _get_registration(session, registration_id)
    if reg.workshop_id == to_workshop_id:
        raise WerkstattError("Die Person ist bereits für diese Werkstatt angemeldet.")
    locked = _lock_workshops(session, [reg.workshop_id, to_workshop_id])
    if reg.status == "cancelled":
        raise WerkstattError("Eine stornierte Anmeldung kann nicht verschoben werden.")
    target = session.scalar(
        select(Registration).where(
            Registration.person_id == reg.person_id,
            Registration.workshop_id == to_workshop_id,
            Registration.status.in_(ACTIVE),
        )
    )
    if target is not None:
        raise WerkstattError("Die Person ist für die Ziel-Werkstatt bereits angemeldet.")
    require_not_over(locked[to_workshop_id], now=now)
    require_not_over(locked[reg.workshop_id], now=now)
    promoted = _cancel(session, reg, now=now, notify=False)
    outcome = _place(session, person=reg.person, workshop=locked[to_workshop_id], source="organizer", now=now)
    detail = f"nach Werkstatt {outcome.workshop_number} ({outcome.status}) {_promoted_detail(promoted)}"
    _audit(session, user, "move", reg, now, detail)
    return Move(outcome, tuple(promoted))


def set_checked_in(session: Session, *, registration_id: int, present: bool, actor: str, now: datetime) -> Registration:
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="Teilnehmende einchecken")
    reg = _get_registration(session, registration_id)
    if reg.status != "confirmed":
        raise WerkstattError("Nur bestätigte Teilnehmende können eingecheckt werden.")
    reg.checked_in_at = now if present else None
    _audit(session, user, "check_in" if present else "check_out", reg, now)
    return reg


def set_capacity(session: Session, *, workshop_id: int, capacity: int, actor: str, now: datetime) -> list[Registration]:
    """Change the number of seats; lowering below the confirmed count is refused, raising promotes."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="die Platzzahl ändern")
    workshop = _lock_workshops(session, [workshop_id])[workshop_id]
    if not 1 <= capacity <= CAPACITY_MAX:
        raise WerkstattError(f"Die Platzzahl muss zwischen 1 und {CAPACITY_MAX} liegen.")
    confirmed = _confirmed_count(session, workshop_id)
    if capacity < confirmed:
        raise WerkstattError(
            f"Es sind bereits {confirmed} Personen bestätigt; die Platzzahl kann nicht auf {capacity} "
            "sinken. Bitte zuerst Anmeldungen stornieren oder verschieben."
        )
    before = workshop.capacity
    workshop.capacity = capacity
    session.flush()
    promoted = _promote(session, workshop, now)
    detail = f"{before} -> {capacity} {_promoted_detail(promoted)}"
    audit.on_workshop(session, actor=user, action="capacity", workshop_id=workshop.id, now=now, detail=detail)
    return promoted


def set_meeting_url(session: Session, *, workshop_id: int, url: str, actor: str, now: datetime) -> Workshop:
    """The video-call link sent in confirmations; http(s) only, one line."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="den Konferenzlink ändern")
    workshop = _lock_workshops(session, [workshop_id])[workshop_id]
    value = (url or "").strip()
    if value and (not re.fullmatch(r"https?://[^\s<>\"]+", value) or len(value) > 500 or _CONTROL.search(value)):
        raise WerkstattError("Bitte einen vollständigen Link angeben, der mit https:// beginnt.")
    workshop.meeting_url = value
    audit.on_workshop(session, actor=user, action="meeting_url", workshop_id=workshop.id, now=now, detail=value)
    return workshop
