"""Trust: revocable staff login sessions, throttling counters, account changes.

Nothing here holds a secret in the clear: session ids and client keys are stored
as keyed hashes (HMAC with the server's secret key, never kept in the database).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UTCDateTime


class LoginSession(Base):
    """One staff login in one browser. The cookie carries only the random id; we keep its hash."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_reason: Mapped[str] = mapped_column(String(40), default="")


class LoginGrant(Base):
    """A one-time, one-minute permission to open a session from a server route that sets an HttpOnly cookie."""

    __tablename__ = "login_grant"

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ThrottleEvent(Base):
    """One counted attempt (e.g. a failed login) for a scope and a hashed key (account, client address)."""

    __tablename__ = "throttle_event"
    __table_args__ = (Index("ix_throttle_event_lookup", "scope", "key_hash", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(24))
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PersonalIdentity(Base):
    """Marks a live identity that came through a personal join link.

    Deliberately no registration id: the link's identity is derived from the
    registration with the server key, so the database alone never ties a
    contribution to a person.
    """

    __tablename__ = "personal_identity"

    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AccountEvent(Base):
    """Append-only record of account changes (who did what to which account, when)."""

    __tablename__ = "account_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(24))  # add, reset, disable, enable, passwd, login, logout
    username: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
