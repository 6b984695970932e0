"""Bring a database to a usable state: migrate, load the bundled series, the secret key, file modes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from db.engine import make_sessionmaker
from db.file_modes import repair_modes, sqlite_file
from db.migrate import upgrade
from db.models import AppSetting
from werkstatt.accounts.secrets import key_file_for, secret_key
from werkstatt.series.file import BUNDLED_SERIES, parse_series_file
from werkstatt.series.store import store_series
from werkstatt.settings import Settings, current

# Older versions kept the login-cookie key in the database, readable by anyone with the file.
LEGACY_DB_SECRET = "cookie_key"


@dataclass(frozen=True)
class InitResult:
    series_changed: bool
    notes: list[str] = field(default_factory=list)  # German, for the operator


def secure_files(database_url: str, settings: Settings) -> list[str]:
    """Create the key file if needed and tighten modes of database and key file; German notes."""
    secret_key(database_url, settings)
    files = [f for f in (sqlite_file(database_url),) if f is not None]
    if not settings.secret_key:
        files.append(key_file_for(database_url, settings))
    return repair_modes(files)


def init_database(
    engine: Engine, series_file: Path = BUNDLED_SERIES, *, settings: Settings | None = None
) -> InitResult:
    """settings: the caller's (the CLI's); test harnesses and benches leave it to the environment."""
    url = engine.url.render_as_string(hide_password=False)
    notes = secure_files(url, settings or current())
    upgrade(engine)
    spec = parse_series_file(series_file)
    with make_sessionmaker(engine).begin() as session:
        _, changed = store_series(session, spec=spec)
        legacy = session.get(AppSetting, LEGACY_DB_SECRET)
        if legacy is not None:
            session.delete(legacy)
            notes.append("Alten Cookie-Schlüssel aus der Datenbank entfernt; alte Anmelde-Cookies gelten nicht mehr.")
    return InitResult(series_changed=changed, notes=notes)
