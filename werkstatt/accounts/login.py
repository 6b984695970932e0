"""Staff login: throttled per account and per client address, then a server-side session.

`log_in` returns an outcome instead of raising for a wrong password, so the
caller commits the counted failure (a raised error would roll it back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import User
from db.models.trust import AccountEvent
from werkstatt.accounts import throttle
from werkstatt.accounts.grants import issue_grant
from werkstatt.accounts.sessions import end_session, open_session
from werkstatt.accounts.users import check_password, hash_password

WRONG = "Benutzername oder Passwort ist falsch."
DISABLED = "Dieses Konto ist gesperrt. Bitte wenden Sie sich an die Organisation."
# Checked against when the account does not exist, so both cases take the same time.
_DUMMY_HASH = hash_password("kein-echtes-passwort")


@dataclass(frozen=True)
class LoginOutcome:
    token: str | None
    message: str  # German; empty on success
    must_change_password: bool = False

    @property
    def ok(self) -> bool:
        return self.token is not None


def _blocked(session: Session, *, username: str, client: str, now: datetime) -> str | None:
    waits = [
        throttle.wait_needed(session, limit=throttle.LOGIN_PER_ACCOUNT, key=username, now=now),
        throttle.wait_needed(session, limit=throttle.LOGIN_PER_CLIENT, key=client, now=now),
    ]
    longest = max((w for w in waits if w is not None), default=None)
    if longest is None:
        return None
    return (
        "Zu viele fehlgeschlagene Anmeldeversuche. Aus Sicherheitsgründen können Sie es erst in "
        f"{throttle.wait_text(longest)} erneut versuchen."
    )


def log_in(
    session: Session, *, username: str, password: str, client: str, now: datetime, as_grant: bool = False
) -> LoginOutcome:
    """Check and throttle; on success a session id, or with `as_grant` a one-time grant for the cookie route."""
    raw = username or ""
    name = "" if "\x00" in raw or len(raw) > 64 else raw.strip().lower()
    blocked = _blocked(session, username=name, client=client, now=now)
    if blocked:
        return LoginOutcome(token=None, message=blocked)
    user = session.scalar(select(User).where(User.username == name)) if name else None
    if not check_password(password or "", user.password_hash if user else _DUMMY_HASH) or user is None:
        throttle.record(session, limit=throttle.LOGIN_PER_ACCOUNT, key=name, now=now)
        throttle.record(session, limit=throttle.LOGIN_PER_CLIENT, key=client, now=now)
        return LoginOutcome(token=None, message=WRONG)
    if user.disabled_at is not None:
        return LoginOutcome(token=None, message=DISABLED)
    throttle.clear(session, limit=throttle.LOGIN_PER_ACCOUNT, key=name)
    session.add(AccountEvent(actor=user.username, action="login", username=user.username, created_at=now))
    token = issue_grant(session, user=user, now=now) if as_grant else open_session(session, user=user, now=now)
    return LoginOutcome(token=token, message="", must_change_password=user.must_change_password)


def log_out(session: Session, *, token: object, now: datetime) -> None:
    username = end_session(session, token=token, now=now, reason="logout")
    if username:
        session.add(AccountEvent(actor=username, action="logout", username=username, created_at=now))
