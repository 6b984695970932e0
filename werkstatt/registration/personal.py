""" "Meine Anmeldung": a person's own page behind the personal link in every mail (no account).

It lists the person's bookings with waitlist positions, links each cancellation
(the confirm page of the cancel link) and books further open workshops with the
data and consent already given. The link never changes anything by being opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import Person, Registration
from db.models.operations import PersonAccess
from werkstatt.errors import NotFound
from werkstatt.registration.access import access_token  # noqa: F401  (re-exported for pages)
from werkstatt.registration.applicant import TOKEN_MAX, Applicant
from werkstatt.registration.queries import waitlist_position
from werkstatt.registration.services import Outcome, register

INVALID = "Dieser persönliche Link ist ungültig. Bitte nutzen Sie den Link aus Ihrer letzten E-Mail."


@dataclass(frozen=True)
class Booking:
    registration_id: int
    workshop_id: int
    label: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    status: str
    position: int | None
    cancel_token: str


def person_by_access(session: Session, *, token: str) -> Person:
    token = (token or "").strip()
    row = (
        session.scalar(select(PersonAccess).where(PersonAccess.token == token))
        if 20 <= len(token) <= TOKEN_MAX
        else None
    )
    person = session.get(Person, row.person_id) if row is not None else None
    if person is None:
        raise NotFound(INVALID)
    return person


def my_bookings(session: Session, *, token: str) -> tuple[Person, list[Booking]]:
    person = person_by_access(session, token=token)
    regs = session.scalars(
        select(Registration)
        .where(Registration.person_id == person.id, Registration.status.in_(("confirmed", "waitlisted")))
        .options(selectinload(Registration.workshop))
    ).all()
    bookings = [
        Booking(
            registration_id=r.id,
            workshop_id=r.workshop_id,
            label=r.workshop.label,
            starts_at=r.workshop.starts_at,
            ends_at=r.workshop.ends_at,
            timezone=r.workshop.series.timezone,
            status=r.status,
            position=waitlist_position(session, r),
            cancel_token=r.cancel_token,
        )
        for r in regs
    ]
    return person, sorted(bookings, key=lambda b: b.starts_at)


def book_more(session: Session, *, token: str, workshop_id: int, now: datetime) -> Outcome:
    """Register the person of the link for one more workshop (same rules as the form)."""
    person = person_by_access(session, token=token)
    applicant = Applicant(
        first_name=person.first_name,
        last_name=person.last_name,
        email=person.email,
        organisation=person.organisation,
        stakeholder_group=person.stakeholder_group,
        privacy_consent=person.privacy_consent_at is not None,
        networking_consent=person.networking_consent,
    )
    (outcome,) = register(session, applicant=applicant, workshop_ids=[workshop_id], now=now)
    return outcome
