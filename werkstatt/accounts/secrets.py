"""The server's secret key: from WERKSTATT_SECRET_KEY or a key file beside the database, never in it.

Whoever can read the database must not be able to mint a login: session ids and
client keys are stored as HMACs under this key, so a copy of the database alone
gives nothing to replay or forge.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

from sqlalchemy.orm import Session

from db.engine import DEFAULT_SQLITE_PATH
from db.file_modes import FILE_MODE, ensure_private_dir, sqlite_file
from werkstatt.errors import WerkstattError
from werkstatt.settings import Settings, current

KEY_ENV = "WERKSTATT_SECRET_KEY"
KEY_FILE_ENV = "WERKSTATT_SECRET_KEY_FILE"
KEY_FILE_NAME = "secret.key"
MIN_KEY_CHARS = 32


def key_file_for(database_url: str, settings: Settings) -> Path:
    """WERKSTATT_SECRET_KEY_FILE, else `secret.key` beside the SQLite file (or under data/)."""
    if settings.secret_key_file:
        return Path(settings.secret_key_file)
    file = sqlite_file(database_url)
    return (file.parent if file is not None else DEFAULT_SQLITE_PATH.parent) / KEY_FILE_NAME


@lru_cache(maxsize=16)
def _read_or_create(path: Path) -> bytes:
    if not path.exists():
        ensure_private_dir(path.parent)
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
        except FileExistsError:
            pass  # another process won the race; read its key below
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(48) + "\n")
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < MIN_KEY_CHARS:
        raise WerkstattError(f"Die Schlüsseldatei {path} ist leer oder zu kurz (mindestens {MIN_KEY_CHARS} Zeichen).")
    return key.encode("utf-8")


def secret_key(database_url: str, settings: Settings) -> bytes:
    if settings.secret_key:
        if len(settings.secret_key) < MIN_KEY_CHARS:
            raise WerkstattError(f"{KEY_ENV} ist zu kurz (mindestens {MIN_KEY_CHARS} Zeichen).")
        return settings.secret_key.encode("utf-8")
    return _read_or_create(key_file_for(database_url, settings))


def session_url(session: Session) -> str:
    return session.get_bind().engine.url.render_as_string(hide_password=False)


def keyed_hash(session: Session, value: str, *, purpose: str) -> str:
    """HMAC-SHA256 (hex) of `value` under the server key, separated by `purpose`."""
    key = secret_key(session_url(session), current())  # reached from many services: no parameter gets here
    return hash_with_key(key, value, purpose=purpose)


def hash_with_key(key: bytes, value: str, *, purpose: str) -> str:
    """`keyed_hash` for a caller that holds the key already (a route that checks without the database)."""
    return hmac.new(key, f"{purpose}\0{value}".encode(), hashlib.sha256).hexdigest()
