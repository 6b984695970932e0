"""One-time login grants: the password is checked in the Streamlit script, the session is opened by
a server route (werkstatt/accounts/cookie_route.py) that can set an HttpOnly cookie.

A grant is random, stored hashed, valid for one minute and usable once.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.locking import for_update
from db.models import User
from db.models.trust import LoginGrant
from werkstatt.accounts.secrets import keyed_hash
from werkstatt.accounts.sessions import open_session, well_formed

GRANT_LIFETIME = timedelta(minutes=1)
_PURPOSE = "login-grant"


def issue_grant(session: Session, *, user: User, now: datetime) -> str:
    grant = secrets.token_urlsafe(32)
    session.execute(delete(LoginGrant).where(LoginGrant.expires_at < now))
    session.add(
        LoginGrant(
            grant_hash=keyed_hash(session, grant, purpose=_PURPOSE), user_id=user.id, expires_at=now + GRANT_LIFETIME
        )
    )
    session.flush()
    return grant


def redeem_grant(session: Session, *, grant: object, now: datetime) -> str | None:
    """The new session id for a valid, unused, unexpired grant (then spent); else None."""
    if not well_formed(grant):
        return None
    assert isinstance(grant, str)
    row = session.scalar(
        for_update(select(LoginGrant).where(LoginGrant.grant_hash == keyed_hash(session, grant, purpose=_PURPOSE)))
    )
    if row is None:
        return None
    session.delete(row)
    user = session.get(User, row.user_id)
    if now >= row.expires_at or user is None or user.disabled_at is not None:
        return None
    return open_session(session, user=user, now=now)
