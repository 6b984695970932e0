"""Bring a database to a usable state: migrate, load the bundled series, secrets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from db.engine import make_sessionmaker
from db.migrate import upgrade
from werkstatt.accounts.secrets import get_or_create_secret
from werkstatt.series.file import BUNDLED_SERIES, parse_series_file
from werkstatt.series.store import store_series


@dataclass(frozen=True)
class InitResult:
    series_changed: bool


def init_database(engine: Engine, series_file: Path = BUNDLED_SERIES) -> InitResult:
    upgrade(engine)
    spec = parse_series_file(series_file)
    with make_sessionmaker(engine).begin() as session:
        _, changed = store_series(session, spec=spec)
        get_or_create_secret(session, key="cookie_key")
    return InitResult(series_changed=changed)
