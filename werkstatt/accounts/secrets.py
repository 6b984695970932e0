"""Generated secrets (e.g. the login-cookie signing key) kept in the database, never in git."""

from __future__ import annotations

import os
import secrets

from sqlalchemy.orm import Session

from db.models import AppSetting


def get_or_create_secret(session: Session, *, key: str) -> str:
    env = os.environ.get(f"WERKSTATT_{key.upper()}", "").strip()
    if env:
        return env
    row = session.get(AppSetting, key)
    if row is None:
        row = AppSetting(key=key, value=secrets.token_urlsafe(32))
        session.add(row)
        session.flush()
    return row.value
