"""Staff accounts (moderator, organizer) stored in the database with bcrypt hashes."""

from __future__ import annotations

import re
import secrets

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


def add_user(session: Session, *, username: str, role: str, password: str, name: str = "") -> User:
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise WerkstattError("Benutzername ungültig: 2–64 Zeichen, Kleinbuchstaben, Ziffern, '.', '_' oder '-'.")
    if role not in ROLES:
        raise WerkstattError(f"Unbekannte Rolle „{role}“; erlaubt: {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD:
        raise WerkstattError(f"Das Passwort muss mindestens {MIN_PASSWORD} Zeichen lang sein.")
    if len(password.encode()) > 72:
        raise WerkstattError("Das Passwort darf höchstens 72 Byte lang sein.")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise WerkstattError(f"Den Benutzer „{username}“ gibt es schon.")
    user = User(username=username, name=name or username, role=role, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    return user


def require_staff(session: Session, *, actor: str, action: str) -> None:
    """Refuse unless `actor` is a staff account; participants have none. `action` completes the German sentence."""
    actor = (actor or "").strip()
    if not actor or session.scalar(select(User.id).where(User.username == actor)) is None:
        raise PermissionDenied(f"Nur Moderation oder Organisation dürfen {action}.")


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0


def ensure_admin(session: Session) -> str | None:
    """Create organizer 'admin' with a random password when no account exists.

    Returns the password once (to print); None when accounts already exist.
    """
    if count_users(session):
        return None
    password = secrets.token_urlsafe(12)
    add_user(session, username="admin", role="organizer", password=password, name="Administrator")
    return password


def credentials(session: Session) -> dict:
    """The credentials mapping streamlit-authenticator expects (hashes only)."""
    users = session.scalars(select(User).order_by(User.username))
    return {
        "usernames": {
            u.username: {"name": u.name, "email": u.email, "password": u.password_hash, "roles": [u.role]}
            for u in users
        }
    }
