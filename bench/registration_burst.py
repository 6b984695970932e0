"""Benchmark 3: 1,000 simultaneous registrations for three workshops of 20 seats each.

Checks the outcome (exactly 60 confirmed, 940 waitlisted, no error, no duplicate)
and times it against a baseline measured in the same run: the same 1,000
registrations one after another in a single thread.

Usage: .venv/bin/python -m bench.registration_burst [--n 1000] [--threads 100] [--url URL]
(default: a fresh SQLite file; pass a PostgreSQL URL to measure that backend; the
script then works in a schema of its own and drops it afterwards).
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from sqlalchemy import func, select, text

from db.engine import make_engine, make_sessionmaker
from db.models import Registration
from werkstatt.bootstrap import init_database
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.services import register
from werkstatt.series.store import list_workshops

# The bundled workshops lie in 2021; registration closes at their start (docs/operations.md).
BEFORE_SERIES = datetime(2021, 6, 1, 9, 0, tzinfo=UTC)


def _fresh(url: str):
    """An initialised database; for PostgreSQL a schema of its own (returned for cleanup)."""
    if url.startswith("sqlite"):
        engine = make_engine(url)
        schema = None
    else:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = make_engine(url)
        with admin.begin() as c:
            c.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"}, pool_size=60, max_overflow=60)
    init_database(engine)
    return engine, schema


def _drop(url: str, engine, schema: str | None) -> None:
    engine.dispose()
    if schema:
        admin = make_engine(url)
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run(url: str, n: int, threads: int) -> tuple[float, Counter, int]:
    engine, schema = _fresh(url)
    try:
        factory = make_sessionmaker(engine)
        with factory() as s:
            ids = [w.id for w in list_workshops(s)][:3]
        errors = []
        start = threading.Barrier(threads) if threads > 1 else None

        def one(i: int) -> None:
            applicant = Applicant(
                first_name="Test", last_name=f"Person {i}", email=f"person{i}@beispiel.de", privacy_consent=True
            )
            try:
                with factory.begin() as s:
                    register(s, applicant=applicant, workshop_ids=[ids[i % 3]], now=BEFORE_SERIES)
            except Exception as err:
                errors.append(repr(err))

        def worker(k: int) -> None:
            if start:
                start.wait()
            for i in range(k, n, threads):
                one(i)

        t0 = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(worker, range(threads)))
        elapsed = time.perf_counter() - t0
        with factory() as s:
            statuses = Counter(
                dict(s.execute(select(Registration.status, func.count()).group_by(Registration.status)).all())
            )
            persons = s.scalar(select(func.count(func.distinct(Registration.person_id))))
        if errors:
            print(f"  {len(errors)} Fehler, z. B. {errors[0]}")
        return elapsed, statuses, persons
    finally:
        _drop(url, engine, schema)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=100)
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{tmp}/burst.db"
        backend = url.split(":", 1)[0]
        burst, statuses, persons = run(url, args.n, args.threads)
        base, base_statuses, _ = run(url.replace("burst.db", "base.db"), args.n, 1)
    ok = statuses["confirmed"] == 60 and statuses["waitlisted"] == args.n - 60 and persons == args.n
    print(f"backend {backend}: {args.n} registrations, {args.threads} threads at once")
    print(f"  burst:    {burst:6.2f} s  ({args.n / burst:6.0f}/s)  {dict(statuses)}  {'OK' if ok else 'FALSCH'}")
    print(f"  baseline: {base:6.2f} s  ({args.n / base:6.0f}/s)  one thread, one after another  {dict(base_statuses)}")
    print(f"  ratio burst/baseline time: {burst / base:.2f}")


if __name__ == "__main__":
    main()
