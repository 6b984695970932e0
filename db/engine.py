"""Engine and session factory. SQLite file by default, any SQLAlchemy URL via env.

The app reads its settings once through werkstatt/settings.py, which calls the two
parsers below with its mapping. db/ may not import werkstatt/ (scripts/layers.py), and
migrations, benches and test harnesses build engines without the app, so the parsers
live here and default to the process environment.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from db.file_modes import prepare_sqlite_file, sqlite_file
from db.guards import refuse_nul_parameters

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = ROOT / "data" / "werkstatt.db"


def database_url(env: Mapping[str, str] | None = None) -> str:
    """The configured URL: WERKSTATT_DATABASE_URL, else the SQLite file under data/."""
    url = (os.environ if env is None else env).get("WERKSTATT_DATABASE_URL", "").strip()
    if url:
        return url
    prepare_sqlite_file(DEFAULT_SQLITE_PATH)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def sqlite_busy_ms(env: Mapping[str, str] | None = None) -> int:
    """How long a SQLite writer waits for a lock before giving up (WERKSTATT_SQLITE_BUSY_MS, default 30 s)."""
    raw = (os.environ if env is None else env).get("WERKSTATT_SQLITE_BUSY_MS", "").strip()
    return int(raw) if raw.isdigit() else 30000


def make_engine(url: str | None = None, *, busy_ms: int | None = None, **kwargs: Any) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        file = sqlite_file(url)
        if file is not None:
            prepare_sqlite_file(file)  # owner-only modes before SQLite creates it
        busy_ms = sqlite_busy_ms() if busy_ms is None else busy_ms
        connect_args = {"check_same_thread": False, "timeout": busy_ms / 1000}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _configure_sqlite(engine, busy_ms)
        refuse_nul_parameters(engine)
        return engine
    engine = create_engine(url, pool_pre_ping=True, **kwargs)
    refuse_nul_parameters(engine)
    return engine


def _configure_sqlite(engine: Engine, busy_ms: int) -> None:
    # pysqlite's own transaction handling defers BEGIN; we take control so every
    # transaction starts with BEGIN IMMEDIATE and writers queue instead of failing
    # with "database is locked" (measured in docs/architecture.md).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    # The writers of one process queue on a lock of their own before BEGIN IMMEDIATE. SQLite's busy
    # handler lets a waiting writer sleep up to 100 ms between tries, so under many posts its lock
    # stood idle between writers; on this lock the next writer starts as soon as the last one ends
    # (docs/performance.md, round 4). Other processes still queue in the busy handler.
    writer = threading.Lock()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Readers (see read_sessionmaker) take no write lock: with WAL they run beside the writer.
        if conn.get_execution_options().get(READ_ONLY, False):
            conn.exec_driver_sql("BEGIN DEFERRED")
            return
        if not writer.acquire(timeout=busy_ms / 1000):
            raise OperationalError("BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked"))
        conn.info[_WRITER] = writer
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release_writer(conn.info)
            raise

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(conn: Connection) -> None:
        _release_writer(conn.info)

    @event.listens_for(engine, "checkin")  # a connection given back without commit or rollback
    def _on_checkin(_dbapi_conn: Any, record: Any) -> None:
        _release_writer(record.info)


_WRITER = "werkstatt_writer_lock"


def _release_writer(info: dict[Any, Any]) -> None:
    lock = info.pop(_WRITER, None)
    if lock is not None:
        lock.release()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


READ_ONLY = "werkstatt_read_only"


def read_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions for screens that only read: on SQLite their transactions do not queue behind writers."""
    return sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)
