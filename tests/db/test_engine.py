"""SQLite: writers queue (BEGIN IMMEDIATE), readers never wait for them."""

from __future__ import annotations

from sqlalchemy import text

from db.engine import make_engine, make_sessionmaker, read_sessionmaker


def test_reader_does_not_wait_for_an_open_write_transaction(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with make_sessionmaker(engine).begin() as s:
        s.execute(text("CREATE TABLE t (x INTEGER)"))
    writer = make_sessionmaker(engine)()
    writer.execute(text("INSERT INTO t VALUES (1)"))  # holds the write lock, uncommitted
    # The writer commits only after the read: a reader that queued behind it (BEGIN IMMEDIATE) would fail
    # with "database is locked" after busy_timeout instead of returning the last committed state.
    with read_sessionmaker(engine)() as reader:
        assert reader.execute(text("SELECT count(*) FROM t")).scalar() == 0  # sees the last commit
    writer.commit()
    with read_sessionmaker(engine)() as reader:
        assert reader.execute(text("SELECT count(*) FROM t")).scalar() == 1
    engine.dispose()


def test_the_live_listener_reads_beside_a_post_in_progress(tmp_path) -> None:
    """The listener reads after every commit and every second: it must never hold or wait for the write lock."""
    from werkstatt.bootstrap import init_database
    from werkstatt.live.listener import MarkReader

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    init_database(engine)
    before = MarkReader(engine).one(1).revision
    writer = make_sessionmaker(engine)()
    writer.execute(text("UPDATE live_revision SET revision = revision + 100 WHERE workshop_id = 1"))  # uncommitted
    assert MarkReader(engine).one(1).revision == before  # the last commit, without waiting for the writer
    writer.commit()
    assert MarkReader(engine).many([1])[1].revision == before + 100
    engine.dispose()
