"""Registrations: people, their seat or waitlist place per workshop, the mail outbox.

Personal data lives only in these tables (docs/architecture.md, "Personal data stays apart"),
so export, deletion and purge touch nothing else.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models.core import Workshop
from db.types import UTCDateTime
from db.vocabulary import MailStatus, RegistrationStatus, one_of

STATUSES = ("confirmed", "waitlisted", "cancelled")
MAIL_STATUSES = ("pending", "sent", "failed")


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Normalized (lower-case) so "Anna@X.de" and "anna@x.de" are one person.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    stakeholder_group: Mapped[str] = mapped_column(String(40), default="")
    networking_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    privacy_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    registrations: Mapped[list[Registration]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Registration(Base):
    __tablename__ = "registration"
    __table_args__ = (
        UniqueConstraint("person_id", "workshop_id"),
        Index("ix_registration_workshop_status", "workshop_id", "status"),
        one_of("status", RegistrationStatus, "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12))
    # Ever-increasing number per workshop, set when the person joins the waitlist:
    # the lowest waitlisted number is promoted first.
    queue_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cancel_token: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(12), default="web")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    person: Mapped[Person] = relationship(back_populates="registrations")
    workshop: Mapped[Workshop] = relationship()


class OutboxMail(Base):
    """One mail, stored before sending so a failed SMTP never loses it."""

    __tablename__ = "outbox_mail"
    __table_args__ = (Index("ix_outbox_mail_status", "status"), one_of("status", MailStatus, "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), nullable=True)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshop.id", ondelete="SET NULL"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    # The complete RFC 5322 message as sent (downloadable as .eml).
    message: Mapped[str] = mapped_column(Text)
    # Free text of a mail the organizer wrote (kind "message"); other kinds are composed from the registration.
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set while one deliverer works on the mail, so two deliverers never send it twice.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class WorkshopTally(Base):
    """Anonymous counts kept after the personal data of a past workshop is purged."""

    __tablename__ = "workshop_tally"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    confirmed: Mapped[int] = mapped_column(Integer, default=0)
    waitlisted: Mapped[int] = mapped_column(Integer, default=0)
    cancelled: Mapped[int] = mapped_column(Integer, default=0)
    checked_in: Mapped[int] = mapped_column(Integer, default=0)
    by_group: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    purged_at: Mapped[datetime] = mapped_column(UTCDateTime)
