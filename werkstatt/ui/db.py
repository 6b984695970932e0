"""One engine per database URL and process; sessions per action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db.engine import database_url, make_engine, make_sessionmaker, read_sessionmaker
from werkstatt.live.revision import track_revisions


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    # The URL is an argument so AppTests with different databases never share an engine.
    return make_engine(url)


def engine() -> Engine:
    return _engine(database_url())


@st.cache_resource(show_spinner=False)
def _writer(url: str) -> sessionmaker[Session]:
    # One factory per URL, so the live-revision events (werkstatt/live/revision.py) are installed once.
    return track_revisions(make_sessionmaker(_engine(url)))


@contextmanager
def transaction() -> Iterator[Session]:
    """`with transaction() as s:` commits on success, rolls back on error."""
    with _writer(database_url()).begin() as session:
        yield session


@contextmanager
def read_only() -> Iterator[Session]:
    """For screens that only read; never commits."""
    with read_sessionmaker(engine())() as session:
        yield session
