"""Organizer operations: the audit log, registration windows, reminders sent, legal texts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UTCDateTime


class AuditEvent(Base):
    """One staff write: who, when, what, on which object. Rows are only ever added."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(20), default="")
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(64), default="")
    # Which workshop the object belongs to, for filtering (no foreign key: the log outlives deletions).
    workshop_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")


class WorkshopSchedule(Base):
    """When a workshop takes registrations and joins; the series file and the organizer set it."""

    __tablename__ = "workshop_schedule"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    # From the series file (None: open now / close at the start).
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The organizer's "Anmeldung offen bis …" (wins over the file while set).
    registration_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The organizer closed the live session (None: it closes at the end of its day).
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Minutes before the start at which reminders go out (None: the default, 1 day and 1 hour).
    reminder_minutes: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)


class ReminderSent(Base):
    """A reminder queued for one registration; the unique key makes it once-only across processes."""

    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("registration_id", "minutes_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"))
    minutes_before: Mapped[int] = mapped_column(Integer)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SeriesLegal(Base):
    """Impressum, privacy policy and accessibility statement of a series (from its file)."""

    __tablename__ = "series_legal"

    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), primary_key=True)
    contact_email: Mapped[str] = mapped_column(String(320), default="")
    impressum: Mapped[str] = mapped_column(Text, default="")
    privacy: Mapped[str] = mapped_column(Text, default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")


class PersonAccess(Base):
    """The secret of a person's "Meine Anmeldung" link (sent in every mail; no account needed)."""

    __tablename__ = "person_access"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
