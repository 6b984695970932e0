"""Registration services: register, cancel (promotes the waitlist), move, check in, capacity.

Capacity is enforced in the inserting transaction: the workshop rows are locked
first (db/locking.py: `FOR UPDATE` on PostgreSQL; on SQLite every transaction is
already BEGIN IMMEDIATE), then counted, then written.
Services never commit; the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.locking import lock_rows
from db.models import Person, Registration, Workshop
from werkstatt import audit
from werkstatt.errors import NotFound, WerkstattError
from werkstatt.mail import outbox as mail
from werkstatt.registration.applicant import Applicant, InvalidInput, new_cancel_token, validate_applicant
from werkstatt.registration.queries import ACTIVE, registration_by_token, waitlist, waitlist_position
from werkstatt.registration.seats import placement, promotable
from werkstatt.registration.window import require_cancel_open, require_not_over, require_registration_open

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
    ids = set(workshop_ids)
    found = lock_rows(session, Workshop, ids)
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
    actor: str = "",
) -> list[Outcome]:
    """Register one person for one or several workshops; one Outcome per workshop (in number order).

    The public form (source "web") needs the registration window open; the organizer
    (by hand or import, with `actor`) may register until the workshop ends."""
    staff = (
        audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="Personen anmelden")
        if source != "web"
        else None
    )
    no_choice = {} if workshop_ids else {"workshops": "Bitte wählen Sie mindestens eine Werkstatt aus."}
    try:
        clean = validate_applicant(applicant, require_consent=source == "web")
    except InvalidInput as err:
        raise InvalidInput(list(no_choice.values()) + err.problems, fields={**no_choice, **err.fields}) from None
    if no_choice:
        raise InvalidInput(list(no_choice.values()), fields=no_choice)
    workshops = _lock_workshops(session, workshop_ids)
    ordered = sorted(workshops.values(), key=lambda w: (w.series_id, w.number))
    for w in ordered:
        if staff is None:
            require_registration_open(session, workshop=w, now=now)
        else:
            require_not_over(w, now=now)
    person = _person_for(session, clean, now)
    session.flush()
    outcomes = [_place(session, person=person, workshop=w, source=source, now=now) for w in ordered]
    if staff is not None and source == "organizer":  # an import records itself once
        audit.record(
            session,
            actor=staff,
            action="register",
            object_type="person",
            object_id=person.id,
            workshop_id=ordered[0].id if len(ordered) == 1 else None,
            now=now,
            detail="; ".join(o.summary for o in outcomes),
        )
    return outcomes


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
    """The participant's own cancellation (after the confirm click on the link's page); closes at the start."""
    reg = registration_by_token(session, token=token)
    require_cancel_open(reg.workshop, now=now)
    _cancel(session, reg, now=now)
    return reg


def free_seat(session: Session, *, registration_id: int, now: datetime) -> list[Registration]:
    """Cancel without a mail or an audit row, for services that record the whole step themselves."""
    return _cancel(session, _get_registration(session, registration_id), now=now, notify=False)


def _get_registration(session: Session, registration_id: int) -> Registration:
    reg = session.get(Registration, registration_id)
    if reg is None:
        raise NotFound("Diese Anmeldung gibt es nicht (mehr).")
    return reg
