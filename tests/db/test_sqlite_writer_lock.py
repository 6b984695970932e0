"""SQLite: the writers of one process queue on the engine's own lock before BEGIN IMMEDIATE (db/engine.py)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from db.engine import make_engine, make_sessionmaker, read_sessionmaker
from werkstatt.live.retry import DatabaseUnavailable, retrying


def _engine(tmp_path, busy_ms: int = 30_000):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}", busy_ms=busy_ms)
    with make_sessionmaker(engine).begin() as s:
        s.execute(text("CREATE TABLE t (x INTEGER)"))
    return engine


def _count(engine) -> int:
    with read_sessionmaker(engine)() as s:
        return int(s.execute(text("SELECT count(*) FROM t")).scalar() or 0)


def test_a_writer_that_waits_past_the_busy_time_is_refused_and_stores_nothing(tmp_path) -> None:
    engine = _engine(tmp_path, busy_ms=200)
    holder = make_sessionmaker(engine)()
    holder.execute(text("INSERT INTO t VALUES (1)"))  # an open write transaction of this process
    failed: list[BaseException] = []

    def write() -> None:
        def once() -> None:
            with make_sessionmaker(engine).begin() as s:
                s.execute(text("INSERT INTO t VALUES (2)"))

        try:
            retrying(once, delays=())
        except BaseException as err:  # the test reads what the app's retry layer turns it into
            failed.append(err)

    other = threading.Thread(target=write)
    other.start()
    other.join(10)
    assert len(failed) == 1 and isinstance(failed[0], DatabaseUnavailable)
    assert "Datenbank" in failed[0].message  # German, no technical text
    holder.commit()
    assert _count(engine) == 1  # only the holder's row
    engine.dispose()


def test_after_a_failed_or_abandoned_transaction_the_next_writer_gets_the_lock(tmp_path) -> None:
    engine = _engine(tmp_path, busy_ms=500)
    with pytest.raises(ZeroDivisionError), make_sessionmaker(engine).begin() as s:
        s.execute(text("INSERT INTO t VALUES (1)"))
        _ = 1 / 0  # rolled back
    abandoned = make_sessionmaker(engine)()
    abandoned.execute(text("INSERT INTO t VALUES (2)"))
    abandoned.close()  # given back without commit: rolled back, lock released
    with make_sessionmaker(engine).begin() as s:  # would wait 0.5 s and fail if the lock were still held
        s.execute(text("INSERT INTO t VALUES (3)"))
    assert _count(engine) == 1
    engine.dispose()


def test_forty_threads_writing_at_once_all_store_their_row(tmp_path) -> None:
    engine = _engine(tmp_path)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for k in range(5):
                with make_sessionmaker(engine).begin() as s:
                    s.execute(text("INSERT INTO t VALUES (:x)"), {"x": n * 10 + k})
        except OperationalError as err:
            errors.append(err)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and _count(engine) == 200
    engine.dispose()
