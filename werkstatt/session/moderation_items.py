"""The moderator board's rows: every contribution of a workshop, read as plain rows (no ORM objects).

The board is a live part redrawn on every change of the workshop; building an ORM object per
contribution (with its participant, group and theme) was ~9 ms of a redraw at 200 contributions,
the same read as plain rows ~3 ms (bench/moderator_board_bench.py). Same Items, same order, same
counts as werkstatt.session.views.list_for_moderator (tests/db/test_moderation_items.py).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Category
from db.models.participation import VISIBLE, Contribution, Group, Participant, Theme
from werkstatt.results.tallies import vote_counts
from werkstatt.session.views import Item


def moderator_items(session: Session, *, workshop_id: int) -> list[Item]:
    """Everything, every status, newest first, with computed vote counts (only visible ones count)."""
    where = Category.workshop_id == workshop_id
    labels: dict[str, str] = {
        key: label for key, label in session.execute(select(Category.key, Category.label).where(where))
    }
    counts = vote_counts(session, workshop_id=workshop_id)
    c = Contribution
    columns = (c.id, c.category_key, c.facet, c.stakeholder, c.text, c.created_at, c.status, c.hidden_reason)
    rows = session.execute(
        select(
            *columns,
            c.merged_into_id,
            c.pinned,
            c.theme_id,
            Group.name.label("group_name"),
            Participant.display_name.label("author"),
            Theme.name.label("theme_name"),
        )
        .join(Participant, Participant.id == c.participant_id)
        .outerjoin(Group, Group.id == c.group_id)
        .outerjoin(Theme, Theme.id == c.theme_id)
        .where(c.workshop_id == workshop_id)
        .order_by(c.id.desc())
    )
    return [
        Item(
            id=r.id,
            category_key=r.category_key,
            category_label=labels.get(r.category_key, r.category_key),
            facet=r.facet,
            stakeholder=r.stakeholder,
            group_name=r.group_name or "",
            author=r.author or "Anonym",
            text=r.text,
            created_at=r.created_at,
            status=r.status,
            hidden_reason=r.hidden_reason,
            merged_into_id=r.merged_into_id,
            pinned=r.pinned,
            theme_id=r.theme_id,
            theme_name=r.theme_name or "",
            votes=counts.get(r.id, 0) if r.status == VISIBLE else 0,
        )
        for r in rows
    ]
