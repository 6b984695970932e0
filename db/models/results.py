"""Publication of a workshop's results and the organizers' "what happens next" notes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UTCDateTime


class Publication(Base):
    """One row per published workshop; deleting it unpublishes."""

    __tablename__ = "publication"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_by: Mapped[str] = mapped_column(String(64))
    # What /ergebnisse shows, frozen at publishing (werkstatt/results/snapshot.py); None for older rows.
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class NextStep(Base):
    """A note on what happens next: for the whole workshop (theme_id None) or for one theme."""

    __tablename__ = "next_step"
    __table_args__ = (UniqueConstraint("workshop_id", "theme_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
