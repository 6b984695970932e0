"""Attempt counters in the database (shared by every server process): after `max_events` within
`window`, each further attempt must wait a delay that doubles with every counted event.

Keys (account names, client addresses) are stored only as keyed hashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db.models.trust import ThrottleEvent
from werkstatt.accounts.secrets import keyed_hash


@dataclass(frozen=True)
class Limit:
    scope: str
    max_events: int
    window: timedelta
    base_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(minutes=15)

    def delay_after(self, count: int) -> timedelta:
        if count < self.max_events:
            return timedelta(0)
        grown: timedelta = self.base_delay * (2 ** (count - self.max_events))
        return min(grown, self.max_delay)


FIFTEEN_MINUTES = timedelta(minutes=15)
LOGIN_PER_ACCOUNT = Limit("login-account", 5, FIFTEEN_MINUTES)
LOGIN_PER_CLIENT = Limit("login-client", 5, FIFTEEN_MINUTES)


def wait_needed(session: Session, *, limit: Limit, key: str, now: datetime) -> timedelta | None:
    """How long this key must still wait, or None when the next attempt is allowed."""
    key_hash = keyed_hash(session, key, purpose=limit.scope)
    count, last = session.execute(
        select(func.count(), func.max(ThrottleEvent.created_at)).where(
            ThrottleEvent.scope == limit.scope,
            ThrottleEvent.key_hash == key_hash,
            ThrottleEvent.created_at > now - limit.window,
        )
    ).one()
    if not count or last is None or count < limit.max_events:
        return None
    if last.tzinfo is None:  # aggregate results bypass the column type on SQLite
        last = last.replace(tzinfo=now.tzinfo)
    remaining = last + limit.delay_after(count) - now
    return remaining if remaining > timedelta(0) else None


def record(session: Session, *, limit: Limit, key: str, now: datetime) -> None:
    """Count one attempt; events older than the window of this key are dropped."""
    key_hash = keyed_hash(session, key, purpose=limit.scope)
    session.execute(
        delete(ThrottleEvent).where(
            ThrottleEvent.scope == limit.scope,
            ThrottleEvent.key_hash == key_hash,
            ThrottleEvent.created_at <= now - limit.window,
        )
    )
    session.add(ThrottleEvent(scope=limit.scope, key_hash=key_hash, created_at=now))
    session.flush()


def clear(session: Session, *, limit: Limit, key: str) -> None:
    key_hash = keyed_hash(session, key, purpose=limit.scope)
    session.execute(delete(ThrottleEvent).where(ThrottleEvent.scope == limit.scope, ThrottleEvent.key_hash == key_hash))


def wait_text(remaining: timedelta) -> str:
    """'30 Sekunden', '2 Minuten' (rounded up)."""
    seconds = max(1, int(remaining.total_seconds() + 0.999))
    if seconds < 90:
        return f"{seconds} Sekunden" if seconds != 1 else "1 Sekunde"
    minutes = (seconds + 59) // 60
    return f"{minutes} Minuten"
