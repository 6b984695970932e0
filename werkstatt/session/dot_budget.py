"""The dot budget as an invariant: nobody ever has more dots on visible contributions than allowed.

`vote` checks the budget before adding a dot. A hidden contribution's dots are free
again, so unhiding could push a voter who re-spent that dot above the budget: after
an unhide, such a voter's dot on the unhidden contribution is taken back, in the same
transaction (voters' rows locked, as `vote` locks them).
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db.locking import for_update
from db.models import Workshop
from db.models.participation import VISIBLE, Contribution, Participant, Vote


def restore_budget_after_unhide(session: Session, *, contribution: Contribution) -> int:
    """Take back the dots on `contribution` of voters now above budget; returns how many."""
    budget = session.scalar(select(Workshop.dots_per_participant).where(Workshop.id == contribution.workshop_id))
    voters = select(Vote.participant_id).where(Vote.contribution_id == contribution.id)
    # Same lock as vote(): a voter giving a dot right now waits for us, then counts again.
    list(session.scalars(for_update(select(Participant.id).where(Participant.id.in_(voters)).order_by(Participant.id))))
    session.flush()
    over = (
        select(Vote.participant_id)
        .join(Contribution, Contribution.id == Vote.contribution_id)
        .where(Vote.participant_id.in_(voters), Contribution.status == VISIBLE)
        .group_by(Vote.participant_id)
        .having(func.count() > (budget or 0))
    )
    over_ids = list(session.scalars(over))
    if not over_ids:
        return 0
    result = session.execute(
        delete(Vote).where(Vote.contribution_id == contribution.id, Vote.participant_id.in_(over_ids))
    )
    return int(getattr(result, "rowcount", 0) or 0)


def voters_over_budget(session: Session, *, workshop_id: int) -> list[int]:
    """Participants with more dots on visible contributions than the budget (should always be empty)."""
    budget = session.scalar(select(Workshop.dots_per_participant).where(Workshop.id == workshop_id)) or 0
    stmt = (
        select(Vote.participant_id)
        .join(Contribution, Contribution.id == Vote.contribution_id)
        .where(Contribution.workshop_id == workshop_id, Contribution.status == VISIBLE)
        .group_by(Vote.participant_id)
        .having(func.count() > budget)
    )
    return list(session.scalars(stmt))
