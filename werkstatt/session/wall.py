"""The shared screen's wall: per category the first visible contributions, counted and ranked in SQL."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models.participation import VISIBLE, Contribution, Participant
from werkstatt.results.tallies import moderation_summary
from werkstatt.series.store import get_workshop
from werkstatt.session.views import Item, load_items

WALL_PER_COLUMN = 12  # a shared screen shows at most this many cards per category


@dataclass(frozen=True)
class Wall:
    """What the shared screen shows."""

    columns: list[tuple[str, str, list[Item]]]  # (category key, label, the first visible items)
    totals: dict[str, int]  # visible contributions per category key (the columns may show fewer)
    hidden_count: int
    hidden_reasons: list[str]
    merged_count: int
    participant_count: int

    @property
    def visible_count(self) -> int:
        return sum(self.totals.values())


def wall(session: Session, *, workshop_id: int, per_column: int = WALL_PER_COLUMN) -> Wall:
    """Per category the `per_column` first visible contributions (pinned, then newest), and what was hidden.

    Newest first: a participant must see their post arrive on the shared screen; the
    most-voted ones are the conclusion's business (werkstatt/results/conclusion.py).

    Counted and ranked in SQL: a shared screen refreshing every few seconds must not
    load thousands of rows (bench/conclusion_bench.py).
    """
    workshop = get_workshop(session, workshop_id=workshop_id)
    visible = [Contribution.workshop_id == workshop_id, Contribution.status == VISIBLE]
    totals = dict(
        session.execute(
            select(Contribution.category_key, func.count()).where(*visible).group_by(Contribution.category_key)
        ).all()
    )
    order = (Contribution.pinned.desc(), Contribution.id.desc())
    ranked = (
        select(
            Contribution.id,
            func.row_number().over(partition_by=Contribution.category_key, order_by=order).label("rank"),
        )
        .where(*visible)
        .subquery()
    )
    shown = set(session.scalars(select(ranked.c.id).where(ranked.c.rank <= per_column)))
    items = sorted(load_items(session, workshop_id, ids=shown), key=lambda i: (not i.pinned, -i.id))
    columns = [(c.key, c.label, [i for i in items if i.category_key == c.key]) for c in workshop.categories]
    moderation = moderation_summary(session, workshop_id=workshop_id)
    return Wall(
        columns=columns,
        totals={key: int(n) for key, n in totals.items()},
        hidden_count=moderation.hidden,
        hidden_reasons=[f"{reason} ({n}×)" if n > 1 else reason for reason, n in moderation.reasons],
        merged_count=moderation.merged,
        participant_count=participant_count(session, workshop_id=workshop_id),
    )


def participant_count(session: Session, *, workshop_id: int) -> int:
    """Everyone who joined the workshop (with a code or a personal link)."""
    return session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == workshop_id)) or 0
