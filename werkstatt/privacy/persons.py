"""DSGVO: one person's data as JSON, deletion of one person, purge of past workshops."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from db.models import OutboxMail, Person, Registration, Workshop, WorkshopTally
from werkstatt import audit
from werkstatt.errors import NotFound
from werkstatt.privacy.contact_cards import delete_cards, export_cards, purge_networking
from werkstatt.registration.queries import ACTIVE
from werkstatt.registration.services import free_seat


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Diese Person gibt es nicht (mehr).")
    return person


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def export_person(session: Session, *, person_id: int, actor: str, now: datetime) -> dict[str, object]:
    """Everything stored about one person (Art. 15 DSGVO), JSON-ready. The export itself is audited."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="personenbezogene Daten exportieren")
    p = _person(session, person_id)
    audit.record(
        session,
        actor=user,
        action="export_person",
        object_type="person",
        object_id=p.id,
        now=now,
    )
    mails = session.scalars(select(OutboxMail).where(OutboxMail.person_id == p.id).order_by(OutboxMail.id))
    return {
        "person": {
            "first_name": p.first_name,
            "last_name": p.last_name,
            "email": p.email,
            "organisation": p.organisation,
            "stakeholder_group": p.stakeholder_group,
            "networking_consent": p.networking_consent,
            "privacy_consent_at": _iso(p.privacy_consent_at),
            "created_at": _iso(p.created_at),
        },
        "registrations": [
            {
                "workshop": r.workshop.label,
                "status": r.status,
                "source": r.source,
                "created_at": _iso(r.created_at),
                "confirmed_at": _iso(r.confirmed_at),
                "cancelled_at": _iso(r.cancelled_at),
                "checked_in_at": _iso(r.checked_in_at),
            }
            for r in p.registrations
        ],
        "mails": [
            {"kind": m.kind, "subject": m.subject, "status": m.status, "created_at": _iso(m.created_at)} for m in mails
        ],
        "contact_cards": export_cards(session, email=p.email),
    }


def delete_person(session: Session, *, person_id: int, actor: str, now: datetime) -> None:
    """Erase a person (Art. 17): their seats are freed first, so the waitlist moves up.

    The audit row names the person only by id (the log keeps no personal data)."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="Personen löschen")
    person = _person(session, person_id)
    for reg in list(person.registrations):
        if reg.status in ACTIVE:
            free_seat(session, registration_id=reg.id, now=now)
    audit.record(
        session,
        actor=user,
        action="delete_person",
        object_type="person",
        object_id=person_id,
        now=now,
    )
    session.execute(delete(OutboxMail).where(OutboxMail.person_id == person_id))
    delete_cards(session, email=person.email)
    session.delete(person)
    session.flush()


@dataclass(frozen=True)
class PurgeResult:
    workshops: int
    registrations: int
    persons: int
    contact_cards: int = 0


def purge_past(session: Session, *, older_than: timedelta, now: datetime) -> PurgeResult:
    """Delete personal data of workshops that ended before now - older_than; keep anonymous counts."""
    cutoff = now - older_than
    past = session.scalars(
        select(Workshop).where(Workshop.ends_at < cutoff, exists().where(Registration.workshop_id == Workshop.id))
    ).all()
    removed = 0
    for w in past:
        regs = session.scalars(select(Registration).where(Registration.workshop_id == w.id)).all()
        status = Counter(r.status for r in regs)
        groups = Counter(r.person.stakeholder_group or "ohne Angabe" for r in regs if r.status == "confirmed")
        tally = session.get(WorkshopTally, w.id) or WorkshopTally(
            workshop_id=w.id, confirmed=0, waitlisted=0, cancelled=0, checked_in=0, by_group={}
        )
        tally.confirmed += status["confirmed"]
        tally.waitlisted += status["waitlisted"]
        tally.cancelled += status["cancelled"]
        tally.checked_in += sum(1 for r in regs if r.checked_in_at is not None)
        tally.by_group = dict(Counter(tally.by_group) + groups)
        tally.purged_at = now
        session.add(tally)
        session.execute(delete(OutboxMail).where(OutboxMail.workshop_id == w.id))
        session.execute(delete(Registration).where(Registration.workshop_id == w.id))
        removed += len(regs)
    session.flush()
    orphans = select(Person.id).where(~exists().where(Registration.person_id == Person.id))
    orphan_ids = list(session.scalars(orphans))
    if orphan_ids:
        session.execute(delete(OutboxMail).where(OutboxMail.person_id.in_(orphan_ids)))
        session.execute(delete(Person).where(Person.id.in_(orphan_ids)))
    cards = purge_networking(session, cutoff=cutoff, now=now)
    session.expire_all()
    audit.record(
        session,
        actor=audit.CLI_ACTOR,
        action="purge",
        object_type="series",
        now=now,
        detail=f"{len(past)} Werkstätten, {removed} Anmeldungen, {len(orphan_ids)} Personen",
    )
    return PurgeResult(len(past), removed, len(orphan_ids), cards)
