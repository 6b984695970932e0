"""Server-side staff login sessions: the authority on who is logged in.

The browser's cookie holds only a random session id; the database keeps its
keyed hash, the expiry and when it was last seen. Logout, a password change and
disabling an account end sessions here, so a copied cookie stops working at once.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import User
from db.models.trust import LoginSession
from werkstatt.accounts.secrets import keyed_hash

COOKIE_NAME = "werkstatt_login"
LIFETIME = timedelta(hours=12)
IDLE_TIMEOUT = timedelta(hours=3)
TOUCH_EVERY = timedelta(minutes=1)
# secrets.token_urlsafe(32): 43 characters of the URL-safe alphabet. Anything else is not ours.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")
_PURPOSE = "login-session"


@dataclass(frozen=True)
class SessionUser:
    user_id: int
    username: str
    name: str
    role: str
    must_change_password: bool
    needs_touch: bool


def well_formed(token: object) -> bool:
    return isinstance(token, str) and TOKEN_RE.fullmatch(token) is not None


def open_session(session: Session, *, user: User, now: datetime) -> str:
    """A new session for `user`; returns the id for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            token_hash=keyed_hash(session, token, purpose=_PURPOSE),
            user_id=user.id,
            created_at=now,
            expires_at=now + LIFETIME,
            last_seen_at=now,
        )
    )
    session.flush()
    return token


def _live_row(session: Session, token: object, now: datetime) -> tuple[LoginSession, User] | None:
    if not well_formed(token):
        return None
    assert isinstance(token, str)
    row = session.execute(
        select(LoginSession, User)
        .join(User, User.id == LoginSession.user_id)
        .where(LoginSession.token_hash == keyed_hash(session, token, purpose=_PURPOSE))
    ).first()
    if row is None:
        return None
    login, user = row.tuple()
    if login.revoked_at is not None or user.disabled_at is not None:
        return None
    if now >= login.expires_at or now >= login.last_seen_at + IDLE_TIMEOUT:
        return None
    return login, user


def resolve(session: Session, *, token: object, now: datetime) -> SessionUser | None:
    """Who this session id belongs to, or None (unknown, malformed, ended, expired, idle, disabled)."""
    found = _live_row(session, token, now)
    if found is None:
        return None
    login, user = found
    return SessionUser(
        user_id=user.id,
        username=user.username,
        name=user.name,
        role=user.role,
        must_change_password=user.must_change_password,
        needs_touch=now - login.last_seen_at >= TOUCH_EVERY,
    )


def touch(session: Session, *, token: str, now: datetime) -> None:
    """Record activity (called at most about once a minute per session)."""
    found = _live_row(session, token, now)
    if found is not None:
        found[0].last_seen_at = now


def end_session(session: Session, *, token: object, now: datetime, reason: str = "logout") -> str | None:
    """End one session (logout); returns the username it belonged to, if any."""
    found = _live_row(session, token, now)
    if found is None:
        return None
    found[0].revoked_at = now
    found[0].revoked_reason = reason
    return found[1].username


def end_all_sessions(
    session: Session, *, user_id: int, now: datetime, reason: str, keep_token: str | None = None
) -> int:
    """End every live session of an account (except `keep_token`'s); returns how many."""
    stmt = update(LoginSession).where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
    if keep_token is not None and well_formed(keep_token):
        stmt = stmt.where(LoginSession.token_hash != keyed_hash(session, keep_token, purpose=_PURPOSE))
    result = session.execute(stmt.values(revoked_at=now, revoked_reason=reason))
    return int(getattr(result, "rowcount", 0) or 0)
