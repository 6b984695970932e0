"""What a live screen compares: the workshop's revision, and apart from it the timer's position.

The revision (werkstatt/live/revision.py) moves with every change a screen shows. Timer screens
(countdowns, the phase a phone's form depends on) only care about timer events, so they compare
the timer key instead and stay quiet while people post and vote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import TimerEvent
from db.models.live import LiveRevision
from werkstatt.live.revision import revisions


@dataclass(frozen=True, order=True)
class Mark:
    revision: int = 0
    timer: int = 0  # number of the newest timer event (0: none yet)


def timer_key(session: Session, *, workshop_id: int) -> int:
    query = select(func.coalesce(func.max(TimerEvent.seq), 0)).where(TimerEvent.workshop_id == workshop_id)
    return int(session.scalar(query) or 0)


def timer_keys(session: Session, *, workshop_ids: Iterable[int]) -> dict[int, int]:
    ids = list(workshop_ids)
    query = (
        select(TimerEvent.workshop_id, func.max(TimerEvent.seq))
        .where(TimerEvent.workshop_id.in_(ids))
        .group_by(TimerEvent.workshop_id)
    )
    found = {int(w): int(seq) for w, seq in session.execute(query)}
    return {w: found.get(w, 0) for w in ids}


def mark_of(session: Session, *, workshop_id: int) -> Mark:
    """Both numbers in one round trip: every live part reads this before each redraw."""
    revision = select(LiveRevision.revision).where(LiveRevision.workshop_id == workshop_id).scalar_subquery()
    timer = select(func.max(TimerEvent.seq)).where(TimerEvent.workshop_id == workshop_id).scalar_subquery()
    row = session.execute(select(func.coalesce(revision, 0), func.coalesce(timer, 0))).one()
    return Mark(int(row[0] or 0), int(row[1] or 0))


def marks_of(session: Session, *, workshop_ids: Iterable[int]) -> dict[int, Mark]:
    ids = list(workshop_ids)
    if not ids:
        return {}
    revs = dict(revisions(session, workshop_ids=ids))
    timers = timer_keys(session, workshop_ids=ids)
    return {w: Mark(int(revs.get(w, 0)), timers[w]) for w in ids}
