"""What screens show of the live session.

Contribution items, a participant's board, the moderation log (the shared-screen wall: wall.py).

Read-only. Vote counts are computed (werkstatt.results.conclusion.vote_counts), never stored.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Category
from db.models.participation import (
    HIDDEN,
    MERGED,
    VISIBLE,
    WITHDRAWN,
    Contribution,
    Group,
    ModerationEvent,
    Participant,
    Theme,
    Vote,
)
from werkstatt.results.tallies import vote_counts
from werkstatt.series.store import get_workshop
from werkstatt.session.participants import list_groups, participant_by_token

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
        return trace_of(self.status, self.hidden_reason, self.merged_into_id)


def trace_of(status: str, hidden_reason: str, merged_into_id: int | None) -> str:
    if status == MERGED and merged_into_id:
        return f"zusammengeführt mit #{merged_into_id}"
    if status == HIDDEN:
        return f"ausgeblendet: {hidden_reason}"
    if status == WITHDRAWN:
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
    visible: list[Item]  # newest first: the first `limit` visible ones, and every one carrying my dot
    visible_count: int  # all visible contributions, also those beyond `limit`

    @property
    def dots_left(self) -> int:
        return max(0, self.dots_total - self.dots_used)


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


def load_items(
    session: Session, workshop_id: int, *, me: Participant | None = None, ids: Collection[int] | None = None
) -> list[Item]:
    """Contributions of a workshop (all, or only `ids`), newest first, with computed vote counts.

    One column query with outer joins, no ORM objects: every phone's list redraw reads this
    (docs/performance.md, "Where the CPU goes").
    """
    only = [Contribution.id.in_(ids)] if ids is not None else []
    labels = {c.key: c.label for c in session.scalars(select(Category).where(Category.workshop_id == workshop_id))}
    counts = vote_counts(session, workshop_id=workshop_id, ids=ids)
    my_votes: set[int] = set()
    if me is not None:
        my_votes = set(session.scalars(select(Vote.contribution_id).where(Vote.participant_id == me.id)))
    c = Contribution
    columns = (
        c.id, c.category_key, c.facet, c.stakeholder, c.text, c.created_at, c.status, c.hidden_reason,
        c.merged_into_id, c.pinned, c.theme_id, c.participant_id, Participant.display_name,
        Group.name.label("group_name"), Theme.name.label("theme_name"),
    )  # fmt: skip
    rows = session.execute(
        select(*columns)
        .join(Participant, Participant.id == c.participant_id)
        .outerjoin(Group, Group.id == c.group_id)
        .outerjoin(Theme, Theme.id == c.theme_id)
        .where(c.workshop_id == workshop_id, *only)
        .order_by(c.id.desc())
    )
    me_id = me.id if me is not None else None
    return [
        Item(
            id=r.id,
            category_key=r.category_key,
            category_label=labels.get(r.category_key, r.category_key),
            facet=r.facet,
            stakeholder=r.stakeholder,
            group_name=r.group_name or "",
            author=r.display_name or "Anonym",
            text=r.text,
            created_at=r.created_at,
            status=r.status,
            hidden_reason=r.hidden_reason,
            merged_into_id=r.merged_into_id,
            pinned=bool(r.pinned),
            theme_id=r.theme_id,
            theme_name=r.theme_name or "",
            votes=counts.get(r.id, 0) if r.status == VISIBLE else 0,
            mine=r.participant_id == me_id,
            my_vote=r.id in my_votes,
        )
        for r in rows
    ]


def list_for_moderator(session: Session, *, workshop_id: int) -> list[Item]:
    """Everything, every status, newest first."""
    return load_items(session, workshop_id)


def board_for_participant(session: Session, *, token: str) -> Board:
    """Everything one participant sees of the discussion (phones draw it from werkstatt/session/board_feed.py)."""
    participant = participant_by_token(session, token=token)
    workshop = get_workshop(session, workshop_id=participant.workshop_id)
    items = load_items(session, workshop.id, me=participant)
    visible = [i for i in items if i.status == VISIBLE]
    return Board(
        workshop_id=workshop.id,
        display_name=participant.display_name,
        group_id=participant.group_id,
        dots_total=workshop.dots_per_participant,
        dots_used=dots_used(session, participant_id=participant.id),
        mine=[i for i in items if i.mine],
        visible=visible,
        visible_count=len(visible),
    )


def groups_of(session: Session, *, workshop_id: int) -> list[tuple[int, str]]:
    return [(g.id, g.name) for g in list_groups(session, workshop_id=workshop_id)]
