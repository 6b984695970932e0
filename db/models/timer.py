"""The agenda timer's append-only event log: every screen replays it (werkstatt/session/timer.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UTCDateTime
from db.vocabulary import TimerEventKind, one_of


class TimerEvent(Base):
    """One moderator action (start, pause, next, extend, mode, phase, ...). Never updated.

    `seq` counts per workshop; the unique constraint turns a lost race between two
    writers into an error instead of two events with the same number.
    """

    __tablename__ = "timer_event"
    __table_args__ = (
        UniqueConstraint("workshop_id", "seq"),  # also the index for replay
        one_of("kind", TimerEventKind, "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)  # extend
    item: Mapped[int | None] = mapped_column(Integer, nullable=True)  # jump target / item seen (0-based)
    value: Mapped[str | None] = mapped_column(String(16), nullable=True)  # mode / phase override
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
