"""Experiment for bench/session_load.py --writer-lock (imported by this folder's sitecustomize when asked).

On SQLite every write transaction begins IMMEDIATE; a writer that finds the lock taken waits in
SQLite's busy handler, which sleeps up to 100 ms between attempts, so under many concurrent posts
the lock stands idle between writers and posts queue for seconds. This measures what one
in-process lock in front of BEGIN IMMEDIATE would give (waiting writers block on it and take over at
once). Not used by the app; a real fix would live in db/engine.py.
"""

import os
import threading

if os.environ.get("WERKSTATT_BENCH_WRITER_LOCK"):
    try:
        from sqlalchemy import event

        import db.engine as _engine_module
    except ImportError:  # not the app's venv
        _engine_module = None  # type: ignore[assignment]
    if _engine_module is not None:
        _lock = threading.Lock()
        _configure_sqlite = _engine_module._configure_sqlite

        def _configure(engine, busy_ms):  # type: ignore[no-untyped-def]
            @event.listens_for(engine, "begin")  # registered before the app's BEGIN IMMEDIATE: runs first
            def _take(conn):  # type: ignore[no-untyped-def]
                writes = not conn.get_execution_options().get(_engine_module.READ_ONLY, False)
                if writes and not conn.info.get("bench_writer"):
                    _lock.acquire()
                    conn.info["bench_writer"] = True

            @event.listens_for(engine, "checkin")  # after COMMIT/ROLLBACK, when the connection is returned
            def _give(_dbapi_conn, record):  # type: ignore[no-untyped-def]
                if record.info.pop("bench_writer", False):
                    _lock.release()

            _configure_sqlite(engine, busy_ms)

        _engine_module._configure_sqlite = _configure
