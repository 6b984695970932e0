"""Live-session bookkeeping: one revision per workshop, staff actions applied once, posts stored once.

None of these rows is shown to anyone; they make screens refresh on change
(werkstatt/live/revision.py) and make repeated clicks and retried posts harmless
(werkstatt/live/commands.py, werkstatt/live/submissions.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UTCDateTime


class LiveRevision(Base):
    """Advanced in the same transaction as every change a live screen shows."""

    __tablename__ = "live_revision"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class StaffAction(Base):
    """One row per applied staff action; the primary key refuses a second apply of the same click."""

    __tablename__ = "staff_action"

    action_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ContributionSubmission(Base):
    """The client's submission id of a post: a retried post after a lost acknowledgement is stored once."""

    __tablename__ = "contribution_submission"

    submission_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contribution.id", ondelete="CASCADE"), index=True)
