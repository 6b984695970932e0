"""What screens show of the live session.

Contribution items, a participant's board, the shared-screen wall, the moderation log.

Read-only. Vote counts are computed (werkstatt.results.conclusion.vote_counts), never stored.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.models import Category
from db.models.participation import (
    HIDDEN,
    MERGED,
    VISIBLE,
    WITHDRAWN,
    Contribution,
    ModerationEvent,
    Participant,
    Theme,
    Vote,
)
from werkstatt.results.conclusion import moderation_summary, vote_counts
from werkstatt.series.store import get_workshop
from werkstatt.session.participants import list_groups, participant_by_token

WALL_PER_COLUMN = 12  # a shared screen shows at most this many cards per category


# str keys: rows carry the status as a plain string (ContributionStatus is a StrEnum)
STATUS_LABELS: dict[str, str] = {
    VISIBLE: "sichtbar",
    HIDDEN: "ausgeblendet",
    WITHDRAWN: "zurückgezogen",
    MERGED: "zusammengeführt",
}


@dataclass(frozen=True)
class Item:
    """One contribution as screens show it."""

    id: int
    category_key: str
    category_label: str
    facet: str
    stakeholder: str
    group_name: str
    author: str
    text: str
    created_at: datetime
    status: str
    hidden_reason: str
    merged_into_id: int | None
    pinned: bool
    theme_id: int | None
    theme_name: str
    votes: int
    mine: bool = False
    my_vote: bool = False

    @property
    def trace(self) -> str:
        """What happened to it, in words (empty while visible)."""
        if self.status == MERGED and self.merged_into_id:
            return f"zusammengeführt mit #{self.merged_into_id}"
        if self.status == HIDDEN:
            return f"ausgeblendet: {self.hidden_reason}"
        if self.status == WITHDRAWN:
            return "zurückgezogen"
        return ""


@dataclass(frozen=True)
class Board:
    """What one participant sees."""

    workshop_id: int
    display_name: str
    group_id: int | None
    dots_total: int
    dots_used: int
    mine: list[Item]
    visible: list[Item]

    @property
    def dots_left(self) -> int:
        return max(0, self.dots_total - self.dots_used)


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


def dots_used(session: Session, *, participant_id: int) -> int:
    """Dots on visible contributions; a dot on a hidden or withdrawn one is free again."""
    stmt = (
        select(func.count(Vote.id))
        .join(Contribution, Contribution.id == Vote.contribution_id)
        .where(Vote.participant_id == participant_id, Contribution.status == VISIBLE)
    )
    return session.scalar(stmt) or 0


def list_themes(session: Session, *, workshop_id: int) -> list[Theme]:
    return list(session.scalars(select(Theme).where(Theme.workshop_id == workshop_id).order_by(Theme.name)))


MODERATION_LABELS = {
    "hide": "ausgeblendet",
    "unhide": "wieder eingeblendet",
    "merge": "zusammengeführt",
    "pin": "angeheftet",
    "unpin": "gelöst",
    "theme": "Thema gesetzt",
}


def moderation_log(session: Session, *, workshop_id: int) -> list[ModerationEvent]:
    """Everything moderators did in this workshop, oldest first."""
    return list(
        session.scalars(
            select(ModerationEvent).where(ModerationEvent.workshop_id == workshop_id).order_by(ModerationEvent.id)
        )
    )


def _items(
    session: Session, workshop_id: int, *, me: Participant | None = None, ids: Collection[int] | None = None
) -> list[Item]:
    """Contributions of a workshop (all, or only `ids`), newest first, with computed vote counts."""
    only = [Contribution.id.in_(ids)] if ids is not None else []
    labels = {c.key: c.label for c in session.scalars(select(Category).where(Category.workshop_id == workshop_id))}
    counts = vote_counts(session, workshop_id=workshop_id, ids=ids)
    my_votes: set[int] = set()
    if me is not None:
        my_votes = set(session.scalars(select(Vote.contribution_id).where(Vote.participant_id == me.id)))
    rows = session.scalars(
        select(Contribution)
        .where(Contribution.workshop_id == workshop_id, *only)
        .order_by(Contribution.id.desc())
        .options(
            selectinload(Contribution.participant),
            selectinload(Contribution.group),
            selectinload(Contribution.theme),
        )
    )
    return [
        Item(
            id=c.id,
            category_key=c.category_key,
            category_label=labels.get(c.category_key, c.category_key),
            facet=c.facet,
            stakeholder=c.stakeholder,
            group_name=c.group.name if c.group else "",
            author=c.participant.display_name or "Anonym",
            text=c.text,
            created_at=c.created_at,
            status=c.status,
            hidden_reason=c.hidden_reason,
            merged_into_id=c.merged_into_id,
            pinned=c.pinned,
            theme_id=c.theme_id,
            theme_name=c.theme.name if c.theme else "",
            votes=counts.get(c.id, 0) if c.status == VISIBLE else 0,
            mine=me is not None and c.participant_id == me.id,
            my_vote=c.id in my_votes,
        )
        for c in rows
    ]


def list_for_moderator(session: Session, *, workshop_id: int) -> list[Item]:
    """Everything, every status, newest first."""
    return _items(session, workshop_id)


def board_for_participant(session: Session, *, token: str) -> Board:
    participant = participant_by_token(session, token=token)
    workshop = get_workshop(session, workshop_id=participant.workshop_id)
    items = _items(session, workshop.id, me=participant)
    return Board(
        workshop_id=workshop.id,
        display_name=participant.display_name,
        group_id=participant.group_id,
        dots_total=workshop.dots_per_participant,
        dots_used=dots_used(session, participant_id=participant.id),
        mine=[i for i in items if i.mine],
        visible=[i for i in items if i.status == VISIBLE],
    )


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
    items = sorted(_items(session, workshop_id, ids=shown), key=lambda i: (not i.pinned, -i.id))
    columns = [(c.key, c.label, [i for i in items if i.category_key == c.key]) for c in workshop.categories]
    moderation = moderation_summary(session, workshop_id=workshop_id)
    participants = session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == workshop_id))
    return Wall(
        columns=columns,
        totals={key: int(n) for key, n in totals.items()},
        hidden_count=moderation.hidden,
        hidden_reasons=[f"{reason} ({n}×)" if n > 1 else reason for reason, n in moderation.reasons],
        merged_count=moderation.merged,
        participant_count=participants or 0,
    )


def groups_of(session: Session, *, workshop_id: int) -> list[tuple[int, str]]:
    return [(g.id, g.name) for g in list_groups(session, workshop_id=workshop_id)]
