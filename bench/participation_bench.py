"""Benchmark: what the live participation screens cost per refresh, and a 50-person burst.

For each size (contributions in one workshop, 3 dots per participant), in one run on the same database:
  baseline  - one plain SELECT of the workshop's contribution rows (the least any screen must do)
  board     - contributions.board_for_participant() (each phone, every 5 s)
  wall      - contributions.wall() (the shared screen, every 3 s)
  moderator - contributions.list_for_moderator() (the moderation tab, every 3 s)
Then: 50 threads post and vote 3 dots at the same moment (wall time, lost writes).

Usage: .venv/bin/python -m bench.participation_bench [--sizes 100,1000] [--repeat 15] [--url URL]
Prints medians (ms). Not a test: figures only.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, text

from bench.timing import median_ms
from db.engine import make_engine, make_sessionmaker
from db.models import User
from db.models.participation import Contribution, Vote
from werkstatt.bootstrap import init_database
from werkstatt.series.store import list_workshops
from werkstatt.session import contributions as c
from werkstatt.session import views, wall
from werkstatt.session.participants import join
from werkstatt.session.phase import set_phase_override

NOW = datetime(2021, 6, 30, 9, 5, tzinfo=UTC)


def _workshop(sf, number: int) -> tuple[int, str, list[str]]:
    with sf.begin() as s:
        if s.scalar(select(User.id).where(User.username == "bench")) is None:
            s.add(User(username="bench", name="Bench", password_hash="-", role="moderator"))
            s.flush()
        w = next(w for w in list_workshops(s) if w.number == number)
        set_phase_override(s, workshop_id=w.id, override="input", actor="bench", now=NOW)
        return w.id, w.join_code, [cat.key for cat in w.categories]


def _seed(sf, code: str, category: str, size: int) -> str:
    """`size` contributions from size/5 participants (rate limit respected), 3 dots each."""
    tokens, ids = [], []
    with sf.begin() as s:
        people = [join(s, code=code, now=NOW) for _ in range(max(1, size // 5))]
        for i in range(size):
            token = people[i % len(people)]
            ids.append(c.post(s, token=token, category=category, text=f"Beitrag {i}",
                              now=NOW + timedelta(seconds=6 * (i // len(people)))))  # fmt: skip
        for k, token in enumerate(people):
            for d in range(3):
                c.vote(s, token=token, contribution_id=ids[(k * 3 + d) % size], now=NOW)
        tokens = people
    return tokens[0]


def _screens(sf, wid: int, token: str, repeat: int) -> dict[str, float]:
    def timed(fn) -> float:
        def once() -> None:
            with sf() as s:
                fn(s)

        return median_ms(once, repeat)

    return {
        "baseline": timed(lambda s: s.scalars(select(Contribution).where(Contribution.workshop_id == wid)).all()),
        "board": timed(lambda s: views.board_for_participant(s, token=token)),
        "wall": timed(lambda s: wall.wall(s, workshop_id=wid)),
        "moderator": timed(lambda s: views.list_for_moderator(s, workshop_id=wid)),
    }


def _burst(sf, code: str, category: str, n: int = 50) -> tuple[float, int, int]:
    with sf.begin() as s:
        tokens = [join(s, code=code, now=NOW) for _ in range(n)]
    ids: dict[int, int] = {}
    barrier = threading.Barrier(n)

    def work(i: int) -> None:
        barrier.wait()
        with sf.begin() as s:
            ids[i] = c.post(s, token=tokens[i], category=category, text=f"Burst {i}", now=NOW)
        while len(ids) < n:  # vote once everyone has posted
            time.sleep(0.005)
        for k in (1, 2, 3):
            with sf.begin() as s:
                c.vote(s, token=tokens[i], contribution_id=ids[(i + k) % n], now=NOW)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t
    with sf() as s:
        posts = s.scalar(select(func.count(Contribution.id)).where(Contribution.category_key == category))
        votes = s.scalar(select(func.count(Vote.id)).join(Contribution).where(Contribution.category_key == category))
    return elapsed, posts, votes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--url", default="")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{tmp}/bench.db"
        # PostgreSQL: a schema of its own, dropped afterwards (never the shared public schema).
        schema = None if url.startswith("sqlite") else f"bench_{uuid.uuid4().hex[:10]}"
        if schema:
            admin = make_engine(url)
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"}, pool_size=60)
        else:
            engine = make_engine(url)
        try:
            _run(engine, args)
        finally:
            engine.dispose()
            if schema:
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()


def _run(engine, args) -> None:
    init_database(engine)
    sf = make_sessionmaker(engine)
    print(f"database: {engine.dialect.name}")
    for number, size in enumerate(int(x) for x in args.sizes.split(",")):
        wid, code, keys = _workshop(sf, number + 1)
        token = _seed(sf, code, keys[0], size)
        ms = _screens(sf, wid, token, args.repeat)
        print(f"{size:>6} contributions: " + "  ".join(f"{k} {v:7.1f} ms" for k, v in ms.items()))
    _, code, keys = _workshop(sf, 3)
    elapsed, posts, votes = _burst(sf, code, keys[0])
    print(f"burst: 50 participants post + 3 dots each in {elapsed:.2f} s; stored {posts}/50 posts, {votes}/150 dots")


if __name__ == "__main__":
    main()
