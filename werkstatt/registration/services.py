"""Registration services: register, cancel (promotes the waitlist), move, check in, capacity.

Capacity is enforced in the inserting transaction: the workshop rows are locked
first (`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite every transaction is
already BEGIN IMMEDIATE, see db/engine.py), then counted, then written.
Services never commit; the caller owns the transaction."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import Person, Registration, Workshop
from werkstatt.errors import NotFound, WerkstattError
from werkstatt.mail import outbox as mail
from werkstatt.registration.applicant import _CONTROL, Applicant, InvalidInput, new_cancel_token, validate_applicant
from werkstatt.registration.queries import ACTIVE, registration_by_token, waitlist, waitlist_position
from werkstatt.registration.seats import placement, promotable

CAPACITY_MAX = 1000


@dataclass(frozen=True)
class Outcome:
    """What happened for one workshop of a registration request."""

    workshop_id: int
    workshop_number: int
    workshop_title: str
    status: str  # confirmed | waitlisted | already_confirmed | already_waitlisted
    position: int | None = None  # waitlist place, 1 = next to be promoted
    registration_id: int | None = None

    @property
    def summary(self) -> str:
        label = f"Werkstatt {self.workshop_number}"
        return {
            "confirmed": f"{label}: bestätigt",
            "waitlisted": f"{label}: Warteliste Platz {self.position}",
            "already_confirmed": f"{label}: Sie waren bereits angemeldet (bestätigt)",
            "already_waitlisted": f"{label}: Sie stehen bereits auf der Warteliste (Platz {self.position})",
        }[self.status]


def _lock_workshops(session: Session, workshop_ids: Iterable[int]) -> dict[int, Workshop]:
    """Lock the rows in id order (no deadlocks between two multi-workshop requests)."""
    ids = sorted(set(workshop_ids))
    found = {
        w.id: w
        for w in session.scalars(
            select(Workshop)
            .where(Workshop.id.in_(ids))
            .order_by(Workshop.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    if len(found) != len(ids):
        raise NotFound("Diese Werkstatt gibt es nicht (mehr).")
    return found


def _confirmed_count(session: Session, workshop_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(Registration.workshop_id == workshop_id, Registration.status == "confirmed")
        )
        or 0
    )


def _next_queue_no(session: Session, workshop_id: int) -> int:
    top = session.scalar(select(func.max(Registration.queue_no)).where(Registration.workshop_id == workshop_id))
    return int(top or 0) + 1


def _person_for(session: Session, applicant: Applicant, now: datetime) -> Person:
    """Get or create the person by e-mail; a concurrent insert of the same address is tolerated."""
    stmt = select(Person).where(Person.email == applicant.email)
    person = session.scalar(stmt)
    if person is None:
        try:
            with session.begin_nested():
                person = Person(
                    email=applicant.email,
                    first_name=applicant.first_name,
                    last_name=applicant.last_name,
                    organisation=applicant.organisation,
                    stakeholder_group=applicant.stakeholder_group,
                    networking_consent=applicant.networking_consent,
                    privacy_consent_at=now if applicant.privacy_consent else None,
                    created_at=now,
                )
                session.add(person)
        except IntegrityError:
            person = session.scalar(stmt)
            if person is None:
                raise
        return person
    # A known address: fill gaps, never overwrite what the person gave before
    # (someone else typing their address must not rename them).
    person.organisation = person.organisation or applicant.organisation
    person.stakeholder_group = person.stakeholder_group or applicant.stakeholder_group
    person.networking_consent = person.networking_consent or applicant.networking_consent
    if applicant.privacy_consent and person.privacy_consent_at is None:
        person.privacy_consent_at = now
    return person


def _place(session: Session, *, person: Person, workshop: Workshop, source: str, now: datetime) -> Outcome:
    """Seat or waitlist one person in one locked workshop, and queue the mail."""
    reg = session.scalar(
        select(Registration).where(Registration.person_id == person.id, Registration.workshop_id == workshop.id)
    )
    if reg is not None and reg.status in ACTIVE:
        return _outcome(session, workshop, reg, prefix="already_")
    # Count before adding the row: autoflush must not write a half-filled registration.
    if placement(confirmed=_confirmed_count(session, workshop.id), capacity=workshop.capacity) == "confirmed":
        status, queue_no, confirmed_at = "confirmed", None, now
    else:
        status, queue_no, confirmed_at = "waitlisted", _next_queue_no(session, workshop.id), None
    if reg is None:
        reg = Registration(person=person, workshop_id=workshop.id, created_at=now)
        session.add(reg)
    reg.status, reg.queue_no, reg.confirmed_at = status, queue_no, confirmed_at
    reg.cancel_token = new_cancel_token()  # a fresh link also after an earlier cancellation
    reg.source = source
    reg.cancelled_at = None
    reg.checked_in_at = None
    session.flush()
    outcome = _outcome(session, workshop, reg)
    mail.queue_registration_mail(session, kind=reg.status, registration=reg, now=now, position=outcome.position)
    return outcome


def _outcome(session: Session, workshop: Workshop, reg: Registration, prefix: str = "") -> Outcome:
    return Outcome(
        workshop_id=workshop.id,
        workshop_number=workshop.number,
        workshop_title=workshop.title,
        status=prefix + reg.status,
        position=waitlist_position(session, reg),
        registration_id=reg.id,
    )


def register(
    session: Session,
    *,
    applicant: Applicant,
    workshop_ids: Sequence[int],
    now: datetime,
    source: str = "web",
) -> list[Outcome]:
    """Register one person for one or several workshops; one Outcome per workshop (in number order)."""
    no_choice = [] if workshop_ids else ["Bitte wählen Sie mindestens eine Werkstatt aus."]
    try:
        clean = validate_applicant(applicant, require_consent=source == "web")
    except InvalidInput as err:
        raise InvalidInput(no_choice + err.problems) from None
    if no_choice:
        raise InvalidInput(no_choice)
    workshops = _lock_workshops(session, workshop_ids)
    person = _person_for(session, clean, now)
    session.flush()
    ordered = sorted(workshops.values(), key=lambda w: (w.series_id, w.number))
    return [_place(session, person=person, workshop=w, source=source, now=now) for w in ordered]


def _promote(session: Session, workshop: Workshop, now: datetime) -> list[Registration]:
    """Fill free seats from the head of the waitlist (workshop row already locked)."""
    promoted = []
    waiting = waitlist(session, workshop_id=workshop.id)
    free = promotable(
        confirmed=_confirmed_count(session, workshop.id), capacity=workshop.capacity, waiting=len(waiting)
    )
    for reg in waiting[:free]:
        reg.status, reg.queue_no, reg.confirmed_at = "confirmed", None, now
        promoted.append(reg)
        mail.queue_registration_mail(session, kind="promoted", registration=reg, now=now)
    session.flush()
    return promoted


def _cancel(session: Session, reg: Registration, *, now: datetime, notify: bool = True) -> list[Registration]:
    workshop = _lock_workshops(session, [reg.workshop_id])[reg.workshop_id]
    session.refresh(reg)
    if reg.status == "cancelled":
        raise WerkstattError("Diese Anmeldung wurde bereits storniert.")
    was_confirmed = reg.status == "confirmed"
    reg.status, reg.cancelled_at, reg.queue_no = "cancelled", now, None
    session.flush()
    if notify:
        mail.queue_registration_mail(session, kind="cancelled", registration=reg, now=now)
    return _promote(session, workshop, now) if was_confirmed else []


def cancel_by_token(session: Session, *, token: str, now: datetime) -> Registration:
    """The participant's own cancellation (after the confirm click on the link's page)."""
    reg = registration_by_token(session, token=token)
    _cancel(session, reg, now=now)
    return reg


def cancel_registration(
    session: Session, *, registration_id: int, now: datetime, notify: bool = True
) -> list[Registration]:
    """An organizer cancels; returns the people promoted from the waitlist."""
    return _cancel(session, _get_registration(session, registration_id), now=now, notify=notify)


def _get_registration(session: Session, registration_id: int) -> Registration:
    reg = session.get(Registration, registration_id)
    if reg is None:
        raise NotFound("Diese Anmeldung gibt es nicht (mehr).")
    return reg


def move_registration(session: Session, *, registration_id: int, to_workshop_id: int, now: datetime) -> Outcome:
    """Move a person to another workshop: seat there if free (else waitlist), free the old seat."""
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
    _cancel(session, reg, now=now, notify=False)
    return _place(session, person=reg.person, workshop=locked[to_workshop_id], source="organizer", now=now)


def set_checked_in(session: Session, *, registration_id: int, present: bool, now: datetime) -> Registration:
    reg = _get_registration(session, registration_id)
    if reg.status != "confirmed":
        raise WerkstattError("Nur bestätigte Teilnehmende können eingecheckt werden.")
    reg.checked_in_at = now if present else None
    return reg


def set_capacity(session: Session, *, workshop_id: int, capacity: int, now: datetime) -> list[Registration]:
    """Change the number of seats; lowering below the confirmed count is refused, raising promotes."""
    workshop = _lock_workshops(session, [workshop_id])[workshop_id]
    if not 1 <= capacity <= CAPACITY_MAX:
        raise WerkstattError(f"Die Platzzahl muss zwischen 1 und {CAPACITY_MAX} liegen.")
    confirmed = _confirmed_count(session, workshop_id)
    if capacity < confirmed:
        raise WerkstattError(
            f"Es sind bereits {confirmed} Personen bestätigt; die Platzzahl kann nicht auf {capacity} "
            "sinken. Bitte zuerst Anmeldungen stornieren oder verschieben."
        )
    workshop.capacity = capacity
    session.flush()
    return _promote(session, workshop, now)


def set_meeting_url(session: Session, *, workshop_id: int, url: str) -> Workshop:
    """The video-call link sent in confirmations; http(s) only, one line."""
    workshop = _lock_workshops(session, [workshop_id])[workshop_id]
    value = (url or "").strip()
    if value and (not re.fullmatch(r"https?://[^\s<>\"]+", value) or len(value) > 500 or _CONTROL.search(value)):
        raise WerkstattError("Bitte einen vollständigen Link angeben, der mit https:// beginnt.")
    workshop.meeting_url = value
    return workshop
