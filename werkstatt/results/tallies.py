"""Counts that live screens, the conclusion and the published snapshot share: dots, moderation.

Vote counts are COUNT(*) over the vote table, never stored (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models.participation import HIDDEN, MERGED, Contribution, Vote


def vote_counts(session: Session, *, workshop_id: int, ids: Collection[int] | None = None) -> dict[int, int]:
    """Dots per contribution of a workshop (all, or only `ids`): always COUNT(*), never stored."""
    only = [Contribution.id.in_(ids)] if ids is not None else []
    rows = session.execute(
        select(Vote.contribution_id, func.count(Vote.id))
        .join(Contribution, Contribution.id == Vote.contribution_id)
        .where(Contribution.workshop_id == workshop_id, *only)
        .group_by(Vote.contribution_id)
    )
    return {cid: int(n) for cid, n in rows}


@dataclass(frozen=True)
class Moderation:
    hidden: int
    reasons: list[tuple[str, int]]
    merged: int


def moderation_summary(session: Session, *, workshop_id: int) -> Moderation:
    reasons = session.execute(
        select(Contribution.hidden_reason, func.count())
        .where(Contribution.workshop_id == workshop_id, Contribution.status == HIDDEN)
        .group_by(Contribution.hidden_reason)
        .order_by(func.count().desc(), Contribution.hidden_reason)
    ).all()
    merged = session.scalar(
        select(func.count()).where(Contribution.workshop_id == workshop_id, Contribution.status == MERGED)
    )
    return Moderation(
        hidden=sum(n for _, n in reasons), reasons=[(r, int(n)) for r, n in reasons], merged=int(merged or 0)
    )
