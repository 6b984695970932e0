"""Reading registrations: seats left, waitlist order, rosters, a cancel link's registration."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.models import Person, Registration, Workshop
from werkstatt.errors import NotFound, WerkstattError
from werkstatt.registration.applicant import TOKEN_MAX

ACTIVE = ("confirmed", "waitlisted")


@dataclass(frozen=True)
class Seats:
    capacity: int
    confirmed: int
    waitlisted: int

    @property
    def left(self) -> int:
        return max(self.capacity - self.confirmed, 0)


def seats(session: Session) -> dict[int, Seats]:
    """Capacity and counts per workshop id (all workshops)."""
    rows = session.execute(
        select(Registration.workshop_id, Registration.status, func.count())
        .where(Registration.status.in_(ACTIVE))
        .group_by(Registration.workshop_id, Registration.status)
    ).all()
    counts = {(wid, status): n for wid, status, n in rows}
    return {
        wid: Seats(cap, counts.get((wid, "confirmed"), 0), counts.get((wid, "waitlisted"), 0))
        for wid, cap in session.execute(select(Workshop.id, Workshop.capacity)).all()
    }


def waitlist(session: Session, *, workshop_id: int) -> list[Registration]:
    return list(
        session.scalars(
            select(Registration)
            .where(Registration.workshop_id == workshop_id, Registration.status == "waitlisted")
            .order_by(Registration.queue_no, Registration.id)
            .options(selectinload(Registration.person))
        )
    )


def roster(session: Session, *, workshop_id: int, include_cancelled: bool = False) -> list[Registration]:
    """Registrations of one workshop: confirmed by name, then the waitlist in order."""
    statuses = (*ACTIVE, "cancelled") if include_cancelled else ACTIVE
    regs = session.scalars(
        select(Registration)
        .join(Person)
        .where(Registration.workshop_id == workshop_id, Registration.status.in_(statuses))
        .options(selectinload(Registration.person), selectinload(Registration.workshop))
    ).all()
    order = {"confirmed": 0, "waitlisted": 1, "cancelled": 2}
    return sorted(
        regs,
        key=lambda r: (
            order[r.status],
            r.queue_no if r.status == "waitlisted" else 0,
            r.person.last_name.casefold(),
            r.person.first_name.casefold(),
        ),
    )


def waitlist_position(session: Session, reg: Registration) -> int | None:
    if reg.status != "waitlisted":
        return None
    ahead = session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.workshop_id == reg.workshop_id,
            Registration.status == "waitlisted",
            Registration.queue_no < reg.queue_no,
        )
    )
    return int(ahead or 0) + 1


def registration_by_token(session: Session, *, token: str) -> Registration:
    """The registration a cancel link points to; refuses forged and used links."""
    token = (token or "").strip()
    reg = None
    if 20 <= len(token) <= TOKEN_MAX:
        reg = session.scalar(select(Registration).where(Registration.cancel_token == token))
    if reg is None:
        raise NotFound("Dieser Abmeldelink ist ungültig. Bitte nutzen Sie den Link aus Ihrer E-Mail.")
    if reg.status == "cancelled":
        raise WerkstattError("Diese Anmeldung wurde bereits storniert; der Link ist nicht mehr gültig.")
    return reg
