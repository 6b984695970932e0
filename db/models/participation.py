"""Live participation: pseudonymous participants, breakout groups, contributions, dot votes.

Deliberately no e-mail and no link to registrations: a contribution can never be
traced back to a person through the database.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.types import UTCDateTime
from db.vocabulary import ContributionStatus, one_of

# Contribution.status values. "merged" rows carry merged_into_id (the visible trace).
VISIBLE, HIDDEN, WITHDRAWN, MERGED = (
    ContributionStatus.VISIBLE,
    ContributionStatus.HIDDEN,
    ContributionStatus.WITHDRAWN,
    ContributionStatus.MERGED,
)


class Group(Base):
    """A breakout group of one workshop (numbered or named by the moderator)."""

    __tablename__ = "participant_group"
    __table_args__ = (UniqueConstraint("workshop_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Participant(Base):
    """Someone who joined a live session by code. Known only by the hash of a random token."""

    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    # sha256 hex of the token: a leaked database does not let anyone act as a participant.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(40), default="")
    group_id: Mapped[int | None] = mapped_column(ForeignKey("participant_group.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_post_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    group: Mapped[Group | None] = relationship()


class Theme(Base):
    """A cluster the moderator groups contributions into."""

    __tablename__ = "theme"
    __table_args__ = (UniqueConstraint("workshop_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))


class Contribution(Base):
    __tablename__ = "contribution"
    # Never reuse an id (SQLite would after deleting the newest row): screens cache
    # derived data by contribution id (werkstatt/results/conclusion.py).
    __table_args__ = (
        # Covers the conclusion's fingerprint (werkstatt/results/conclusion.py) so it reads no table rows.
        Index("ix_contribution_fingerprint", "workshop_id", "status", "id", "theme_id", "group_id"),
        one_of("status", ContributionStatus, "status"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    category_key: Mapped[str] = mapped_column(String(40))
    facet: Mapped[str] = mapped_column(String(100), default="")
    stakeholder: Mapped[str] = mapped_column(String(60), default="")
    # The group the author was in when posting (groups may change later).
    group_id: Mapped[int | None] = mapped_column(ForeignKey("participant_group.id", ondelete="SET NULL"), nullable=True)
    text: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default=VISIBLE)
    hidden_reason: Mapped[str] = mapped_column(String(200), default="")
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("contribution.id", ondelete="SET NULL"), nullable=True
    )
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"), nullable=True)

    participant: Mapped[Participant] = relationship()
    group: Mapped[Group | None] = relationship()
    theme: Mapped[Theme | None] = relationship()


class Vote(Base):
    """One dot. Unique per participant and contribution; counts are always COUNT(*)."""

    __tablename__ = "vote"
    __table_args__ = (UniqueConstraint("participant_id", "contribution_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contribution.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ModerationEvent(Base):
    """Append-only log of what moderators did to contributions: nothing disappears without a trace."""

    __tablename__ = "moderation_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contribution.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(12))  # hide, unhide, merge, pin, unpin, theme
    detail: Mapped[str] = mapped_column(String(200), default="")  # reason, target, theme
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
