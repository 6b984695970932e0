"""The secret of a person's "Meine Anmeldung" link (kept apart so mail composing can use it)."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy.orm import Session

from db.models.operations import PersonAccess


def access_token(session: Session, *, person_id: int, now: datetime) -> str:
    """The person's link secret, created on first use."""
    row = session.get(PersonAccess, person_id)
    if row is None:
        row = PersonAccess(person_id=person_id, token=secrets.token_urlsafe(32), created_at=now)
        session.add(row)
        session.flush()
    return row.token


def my_link(session: Session, *, person_id: int, base: str, now: datetime) -> str:
    return f"{base}/anmeldung?meine={access_token(session, person_id=person_id, now=now)}"
