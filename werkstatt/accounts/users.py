"""Staff accounts (moderator, organizer) stored in the database with bcrypt hashes."""

from __future__ import annotations

import re
import secrets
from typing import Any

import bcrypt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import User
from werkstatt.errors import PermissionDenied, WerkstattError

ROLES: dict[str, str] = {"organizer": "Organisation", "moderator": "Moderation"}
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def check_new_password(password: str) -> None:
    """German refusal for a password we would not store (too short, too long for bcrypt, NUL)."""
    if len(password) < MIN_PASSWORD:
        raise WerkstattError(f"Das Passwort muss mindestens {MIN_PASSWORD} Zeichen lang sein.")
    if len(password.encode()) > 72:
        raise WerkstattError("Das Passwort darf höchstens 72 Byte lang sein.")
    if "\x00" in password:
        raise WerkstattError("Das Passwort darf kein Nullzeichen enthalten.")


def check_password(password: str, password_hash: str) -> bool:
    """bcrypt check that never raises (over-long or NUL-containing input is simply wrong)."""
    raw = password.encode()
    if len(raw) > 72 or b"\x00" in raw:
        return False
    try:
        return bcrypt.checkpw(raw, password_hash.encode())
    except ValueError:
        return False


def generated_password() -> str:
    """A random password to show once (first admin, new account, reset)."""
    return secrets.token_urlsafe(12)


def add_user(
    session: Session, *, username: str, role: str, password: str, name: str = "", must_change: bool = False
) -> User:
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise WerkstattError("Benutzername ungültig: 2–64 Zeichen, Kleinbuchstaben, Ziffern, '.', '_' oder '-'.")
    if role not in ROLES:
        raise WerkstattError(f"Unbekannte Rolle „{role}“; erlaubt: {', '.join(ROLES)}.")
    check_new_password(password)
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise WerkstattError(f"Den Benutzer „{username}“ gibt es schon.")
    user = User(
        username=username,
        name=name or username,
        role=role,
        password_hash=hash_password(password),
        must_change_password=must_change,
    )
    session.add(user)
    session.flush()
    return user


def require_staff(session: Session, *, actor: str, action: str) -> None:
    """Refuse unless `actor` is a staff account; participants have none. `action` completes the German sentence."""
    actor = (actor or "").strip()
    active = select(User.id).where(User.username == actor, User.disabled_at.is_(None))
    if not actor or session.scalar(active) is None:
        raise PermissionDenied(f"Nur Moderation oder Organisation dürfen {action}.")


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0


def ensure_admin(session: Session) -> str | None:
    """Create organizer 'admin' with a random password when no account exists.

    Returns the password once (to print); None when accounts already exist.
    """
    if count_users(session):
        return None
    password = generated_password()
    add_user(session, username="admin", role="organizer", password=password, name="Administrator", must_change=True)
    return password


def credentials(session: Session) -> dict[str, Any]:
    """The credentials mapping streamlit-authenticator expects (hashes only)."""
    users = session.scalars(select(User).order_by(User.username))
    return {
        "usernames": {
            u.username: {"name": u.name, "email": u.email, "password": u.password_hash, "roles": [u.role]}
            for u in users
        }
    }
