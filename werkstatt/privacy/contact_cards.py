"""Contact cards are personal data: found by e-mail for a person's export and deletion, purged after a workshop.

Purging keeps anonymous counts (cards, mutual matches) in activity_tally.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from db.models import Workshop
from db.models.activities import ActivityTally, ContactCard, ContactInterest
from werkstatt.session.contacts import forget_interests


def _cards_of(session: Session, email: str) -> list[ContactCard]:
    if not email.strip():
        return []
    return list(session.scalars(select(ContactCard).where(func.lower(ContactCard.email) == email.strip().lower())))


def export_cards(session: Session, *, email: str) -> list[dict[str, str]]:
    """The cards a person published with this e-mail address (Art. 15 DSGVO)."""
    out = []
    for c in _cards_of(session, email):
        workshop = session.get(Workshop, c.workshop_id)
        out.append(
            {
                "workshop": workshop.label if workshop else "",
                "name": c.name, "organisation": c.organisation, "role": c.role, "email": c.email,
                "phone": c.phone, "seeking": c.seeking, "offering": c.offering,
                "created_at": c.created_at.isoformat(),
            }
        )  # fmt: skip
    return out


def delete_cards(session: Session, *, email: str) -> int:
    """Erase the person's cards and every interest to and from their owners (Art. 17)."""
    cards = _cards_of(session, email)
    if cards:
        forget_interests(session, participant_ids=[c.participant_id for c in cards])
        for c in cards:
            session.delete(c)
        session.flush()
    return len(cards)


def _mutual_matches(session: Session, workshop_id: int) -> int:
    wants = set(
        session.execute(
            select(ContactInterest.from_participant_id, ContactInterest.to_participant_id).where(
                ContactInterest.workshop_id == workshop_id
            )
        ).tuples()
    )
    return sum(1 for a, b in wants if a < b and (b, a) in wants)


def purge_networking(session: Session, *, cutoff: datetime, now: datetime) -> int:
    """Delete cards and interests of workshops that ended before `cutoff`; returns the number of cards."""
    with_cards = select(ContactCard.workshop_id).union(select(ContactInterest.workshop_id))
    past = session.scalars(select(Workshop).where(Workshop.ends_at < cutoff, Workshop.id.in_(with_cards))).all()
    removed = 0
    for w in past:
        cards = list(session.scalars(select(ContactCard).where(ContactCard.workshop_id == w.id)))
        tally = session.get(ActivityTally, w.id) or ActivityTally(
            workshop_id=w.id, contact_cards=0, mutual_matches=0, purged_at=now
        )
        tally.contact_cards += len(cards)
        tally.mutual_matches += _mutual_matches(session, w.id)
        tally.purged_at = now
        session.add(tally)
        session.execute(cast(Table, ContactInterest.__table__).delete().where(ContactInterest.workshop_id == w.id))
        for c in cards:
            session.delete(c)
        removed += len(cards)
    session.flush()
    return removed
