"""One engine per database URL and process; sessions per action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.engine import database_url, make_engine, make_sessionmaker, read_sessionmaker


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    # The URL is an argument so AppTests with different databases never share an engine.
    return make_engine(url)


def engine() -> Engine:
    return _engine(database_url())


@contextmanager
def transaction() -> Iterator[Session]:
    """`with transaction() as s:` commits on success, rolls back on error."""
    with make_sessionmaker(engine()).begin() as session:
        yield session


@contextmanager
def read_only() -> Iterator[Session]:
    """For screens that only read; never commits."""
    with read_sessionmaker(engine())() as session:
        yield session
