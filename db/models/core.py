"""Series, workshops, agenda, discussion categories, staff accounts, app settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.types import UTCDateTime


class Series(Base):
    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    headline: Mapped[str] = mapped_column(String(300), default="")
    subtitle: Mapped[str] = mapped_column(String(300), default="")
    organizers: Mapped[list[str]] = mapped_column(JSON, default=list)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Berlin")
    invitation: Mapped[str] = mapped_column(Text, default="")
    registration_note: Mapped[str] = mapped_column(Text, default="")
    join_note: Mapped[str] = mapped_column(Text, default="")

    workshops: Mapped[list[Workshop]] = relationship(
        back_populates="series", order_by="Workshop.number", cascade="all, delete-orphan"
    )


class Workshop(Base):
    __tablename__ = "workshop"
    __table_args__ = (UniqueConstraint("series_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(300))
    subtitle: Mapped[str] = mapped_column(String(300), default="")
    guiding_questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer, default=20)
    format: Mapped[str] = mapped_column(String(20), default="online")
    external_registration_url: Mapped[str] = mapped_column(String(500), default="")
    # Set by the organizer (video-call link sent in confirmations), not part of the series file.
    meeting_url: Mapped[str] = mapped_column(String(500), default="")
    # Short code participants type to join the live session (no ambiguous letters).
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    dots_per_participant: Mapped[int] = mapped_column(Integer, default=3)
    # "open": the join code is enough; "personal": only personal links from the registration mails.
    join_mode: Mapped[str] = mapped_column(String(12), default="open", server_default="open")
    discussion_prompt: Mapped[str] = mapped_column(String(300), default="")
    facet_label: Mapped[str] = mapped_column(String(100), default="")
    facet_options: Mapped[list[str]] = mapped_column(JSON, default=list)

    series: Mapped[Series] = relationship(back_populates="workshops")
    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="workshop", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )
    categories: Mapped[list[Category]] = relationship(
        back_populates="workshop", order_by="Category.position", cascade="all, delete-orphan"
    )

    @property
    def label(self) -> str:
        return f"Werkstatt {self.number}: {self.title}"


class AgendaItem(Base):
    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("workshop_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    planned_start: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    # What participants do during this item (werkstatt/session/activities.py); "" = the kind's default.
    activity: Mapped[str] = mapped_column(String(20), default="", server_default="")

    workshop: Mapped[Workshop] = relationship(back_populates="agenda")


class Category(Base):
    """A kind of contribution the group discussion collects (e.g. 'Herausforderung')."""

    __tablename__ = "category"
    __table_args__ = (UniqueConstraint("workshop_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    hint: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer)

    workshop: Mapped[Workshop] = relationship(back_populates="categories")


class User(Base):
    """A staff account (moderator or organizer); participants have none."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    # Set for generated passwords (first admin, reset): the next login must choose a new one.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AppSetting(Base):
    """Small key/value store for generated secrets (cookie key) that must not live in git."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
