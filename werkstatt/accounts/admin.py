"""Account changes: organizers add, reset and disable accounts; everyone changes their own password.

Every change ends the sessions it must end and leaves an AccountEvent row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import User
from db.models.trust import AccountEvent, LoginSession
from werkstatt import audit
from werkstatt.accounts.sessions import end_all_sessions
from werkstatt.accounts.users import (
    add_user,
    check_new_password,
    check_password,
    generated_password,
    hash_password,
)
from werkstatt.errors import NotFound, PermissionDenied, WerkstattError


@dataclass(frozen=True)
class AccountRow:
    username: str
    name: str
    role: str
    disabled: bool
    must_change_password: bool
    live_sessions: int


def _log(session: Session, *, actor: str, action: str, username: str, now: datetime, detail: str = "") -> None:
    session.add(AccountEvent(actor=actor, action=action, username=username, detail=detail, created_at=now))
    # Account changes are staff writes: they also land in the one audit log organizers read.
    audit.record(session, actor=actor, action=f"account_{action}", object_type="account", object_id=username,
                 now=now, detail=detail)  # fmt: skip


def _organizer(session: Session, actor: str) -> User:
    user = session.scalar(select(User).where(User.username == actor))
    if user is None or user.disabled_at is not None or user.role != "organizer":
        raise PermissionDenied("Nur die Organisation darf Konten verwalten.")
    return user


def _account(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == (username or "").strip().lower()))
    if user is None:
        raise NotFound(f"Das Konto „{username}“ gibt es nicht.")
    return user


def list_accounts(session: Session, *, actor: str, now: datetime) -> list[AccountRow]:
    _organizer(session, actor)
    live = (
        select(LoginSession.user_id, func.count().label("n"))
        .where(LoginSession.revoked_at.is_(None), LoginSession.expires_at > now)
        .group_by(LoginSession.user_id)
        .subquery()
    )
    rows = session.execute(
        select(User, func.coalesce(live.c.n, 0)).outerjoin(live, live.c.user_id == User.id).order_by(User.username)
    )
    return [
        AccountRow(u.username, u.name, u.role, u.disabled_at is not None, u.must_change_password, int(n))
        for u, n in rows.tuples()
    ]


def create_account(session: Session, *, actor: str, username: str, role: str, name: str, now: datetime) -> str:
    """Add an account with a generated password (returned once); it must be changed at first login."""
    _organizer(session, actor)
    password = generated_password()
    user = add_user(session, username=username, role=role, password=password, name=name.strip(), must_change=True)
    _log(session, actor=actor, action="add", username=user.username, now=now, detail=role)
    return password


def reset_password(session: Session, *, actor: str, username: str, now: datetime) -> str:
    """A new generated password (returned once); the old one and all sessions stop working."""
    _organizer(session, actor)
    user = _account(session, username)
    password = generated_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    end_all_sessions(session, user_id=user.id, now=now, reason="reset")
    _log(session, actor=actor, action="reset", username=user.username, now=now)
    return password


def set_disabled(session: Session, *, actor: str, username: str, disabled: bool, now: datetime) -> None:
    _organizer(session, actor)
    user = _account(session, username)
    if disabled:
        if user.username == actor:  # so at least one active organizer always remains
            raise WerkstattError("Sie können Ihr eigenes Konto nicht sperren.")
        user.disabled_at = user.disabled_at or now
        end_all_sessions(session, user_id=user.id, now=now, reason="disabled")
    else:
        user.disabled_at = None
    _log(session, actor=actor, action="disable" if disabled else "enable", username=user.username, now=now)


def change_own_password(
    session: Session, *, username: str, current: str, new: str, repeat: str, keep_token: str | None, now: datetime
) -> None:
    """The user's own change; ends every other session of the account."""
    user = _account(session, username)
    if user.disabled_at is not None:
        raise PermissionDenied("Dieses Konto ist gesperrt.")
    if not check_password(current or "", user.password_hash):
        raise WerkstattError("Das bisherige Passwort stimmt nicht.")
    if new != repeat:
        raise WerkstattError("Die beiden neuen Passwörter stimmen nicht überein.")
    if new == current:
        raise WerkstattError("Das neue Passwort muss sich vom bisherigen unterscheiden.")
    check_new_password(new)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    end_all_sessions(session, user_id=user.id, now=now, reason="password", keep_token=keep_token)
    _log(session, actor=user.username, action="passwd", username=user.username, now=now)


def set_password_cli(session: Session, *, username: str, password: str, now: datetime) -> None:
    """`user passwd` on the server: set a password (no change needed at login), end all sessions."""
    user = _account(session, username)
    check_new_password(password)
    user.password_hash = hash_password(password)
    user.must_change_password = False
    end_all_sessions(session, user_id=user.id, now=now, reason="password")
    _log(session, actor="cli", action="passwd", username=user.username, now=now)


def disable_cli(session: Session, *, username: str, disabled: bool, now: datetime) -> None:
    """`user disable|enable` on the server (no acting account: the operator is trusted)."""
    user = _account(session, username)
    user.disabled_at = (user.disabled_at or now) if disabled else None
    if disabled:
        end_all_sessions(session, user_id=user.id, now=now, reason="disabled")
    _log(session, actor="cli", action="disable" if disabled else "enable", username=user.username, now=now)
