"""One engine per database URL and process; sessions per action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

# re-exported: serve.py and the mail worker build their own engines through this door
from db.engine import make_engine as make_engine
from db.engine import make_sessionmaker as make_sessionmaker
from db.engine import read_sessionmaker
from werkstatt.live.retry import german
from werkstatt.live.revision import track_revisions
from werkstatt.settings import Settings, current


def settings() -> Settings:
    """The server's settings (werkstatt/settings.py); screens take them from here."""
    return current()


@st.cache_resource(show_spinner=False)
def _engine(url: str, busy_ms: int) -> Engine:
    # The URL is an argument so AppTests with different databases never share an engine.
    return make_engine(url, busy_ms=busy_ms)


def engine() -> Engine:
    s = settings()
    return _engine(s.database_url, s.sqlite_busy_ms)


@st.cache_resource(show_spinner=False)
def _writer(url: str, busy_ms: int) -> sessionmaker[Session]:
    track_revisions()  # every write advances its workshop's live revision (werkstatt/live/revision.py)
    return make_sessionmaker(_engine(url, busy_ms))


@contextmanager
def transaction() -> Iterator[Session]:
    """`with transaction() as s:` commits on success, rolls back on error.

    A database error leaves as a German WerkstattError (werkstatt.live.retry), so
    every page that shows refusals shows this one too, never an English exception.
    """
    try:
        s = settings()
        with _writer(s.database_url, s.sqlite_busy_ms).begin() as session:
            yield session
    except (DBAPIError, PoolTimeout) as err:
        raise german(err) from err


@st.cache_resource(show_spinner=False)
def _reader(url: str, busy_ms: int) -> sessionmaker[Session]:
    # One per process: a sessionmaker per read built a new Session class and engine view on every
    # live redraw (about 0.25 ms CPU and 27 KB of garbage each; bench/session_load.py, docs/performance.md).
    return read_sessionmaker(_engine(url, busy_ms))


@contextmanager
def read_only() -> Iterator[Session]:
    """For screens that only read; never commits. Database errors leave as German WerkstattError."""
    try:
        s = settings()
        with _reader(s.database_url, s.sqlite_busy_ms)() as session:
            yield session
    except (DBAPIError, PoolTimeout) as err:
        raise german(err, reading=True) from err
