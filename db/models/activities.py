"""The morning's other activities: check-in, questions to the speakers, guiding questions,
contact cards for networking, the moderator's activity settings and the next steps.

Check-ins and questions hang on the pseudonymous participant; contact cards are
personal data and live in their own table (deleted per person and by purge).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UTCDateTime

# Question.status values; HIDDEN questions count nowhere.
Q_OPEN, Q_ANSWERING, Q_ANSWERED, Q_HIDDEN = "open", "answering", "answered", "hidden"


class CheckIn(Base):
    """The optional introduction round of one participant (every field may stay empty)."""

    __tablename__ = "check_in"
    __table_args__ = (UniqueConstraint("participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    stakeholder: Mapped[str] = mapped_column(String(60), default="")
    region: Mapped[str] = mapped_column(String(80), default="")
    expectation: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Question(Base):
    """A question to the speaker of one input item (agenda item)."""

    __tablename__ = "question"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    author_name: Mapped[str] = mapped_column(String(40), default="")  # empty: anonymous
    text: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(12), default=Q_OPEN)
    hidden_reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class QuestionVote(Base):
    """One upvote; unique per participant and question, counts are always COUNT(*)."""

    __tablename__ = "question_vote"
    __table_args__ = (UniqueConstraint("question_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DiscussionPrompt(Base):
    """One guiding question of a workshop's discussion (from the series file)."""

    __tablename__ = "discussion_prompt"
    __table_args__ = (UniqueConstraint("workshop_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(300))


class ContributionPrompt(Base):
    """Which guiding question a contribution answers (kept apart so contributions stay as they are)."""

    __tablename__ = "contribution_prompt"

    contribution_id: Mapped[int] = mapped_column(ForeignKey("contribution.id", ondelete="CASCADE"), primary_key=True)
    prompt_id: Mapped[int] = mapped_column(ForeignKey("discussion_prompt.id", ondelete="CASCADE"), index=True)


class ActivityState(Base):
    """What the moderator chose for the live activities of one workshop (one row, shared by every screen)."""

    __tablename__ = "activity_state"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    results_revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    open_prompt_id: Mapped[int | None] = mapped_column(
        ForeignKey("discussion_prompt.id", ondelete="SET NULL"), nullable=True
    )
    # What the shared screen shows besides the agenda's default: "", "questions", "room", "group", "fazit".
    screen_view: Mapped[str] = mapped_column(String(20), default="")
    screen_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant_group.id", ondelete="SET NULL"), nullable=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(64), default="")


class ContactCard(Base):
    """A participant's published contact card for networking. Personal data: kept apart, deletable."""

    __tablename__ = "contact_card"
    __table_args__ = (UniqueConstraint("participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    seeking: Mapped[str] = mapped_column(String(200), default="")
    offering: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ContactInterest(Base):
    """'Ich möchte mit Ihnen sprechen': from one participant to the owner of a card."""

    __tablename__ = "contact_interest"
    __table_args__ = (UniqueConstraint("from_participant_id", "to_participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    from_participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    to_participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OutlookStep(Base):
    """A next step of the Ausblick: what, who, until when."""

    __tablename__ = "outlook_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(String(300))
    who: Mapped[str] = mapped_column(String(120), default="")
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64))


class ActivityTally(Base):
    """Anonymous counts kept when purge deletes the networking data of a past workshop."""

    __tablename__ = "activity_tally"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    contact_cards: Mapped[int] = mapped_column(Integer, default=0)
    mutual_matches: Mapped[int] = mapped_column(Integer, default=0)
    purged_at: Mapped[datetime] = mapped_column(UTCDateTime)
