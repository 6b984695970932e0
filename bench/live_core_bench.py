"""Benchmark: what the live core adds to a write, on the same database in one run.

  pin       - one moderation step (set_pinned) per transaction
              without revision tracking / with tracking (upsert of live_revision, NOTIFY on PostgreSQL)
  post      - one participant post per transaction: contributions.post without tracking /
              live.submissions.post_once with tracking (submission id row + revision)
  extend    - one timer step: timer_log.record_event without tracking /
              live.commands.timer_command with tracking (staff_action row + seen-sequence check)

Usage: .venv/bin/python -m bench.live_core_bench [--repeat 200] [--url URL]
Prints medians (ms). Not a test: figures only. Runs well under two minutes.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from db.engine import make_engine, make_sessionmaker
from db.models import User
from werkstatt.bootstrap import init_database
from werkstatt.live.commands import timer_command
from werkstatt.live.revision import track_revisions, untrack_revisions
from werkstatt.live.submissions import post_once
from werkstatt.series.store import list_workshops
from werkstatt.session import contributions as c
from werkstatt.session.moderation import set_pinned
from werkstatt.session.participants import join
from werkstatt.session.phase import set_phase_override
from werkstatt.session.timer_log import record_event, timer_seq

NOW = datetime(2021, 6, 30, 9, 5, tzinfo=UTC)


def run(url: str, repeat: int) -> dict[str, tuple[float, float]]:
    schema = ""
    if url.startswith("postgresql"):  # a schema of its own: never touches other tables on the server
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with make_engine(url).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    else:
        engine = make_engine(url)
    init_database(engine)
    sf = make_sessionmaker(engine)
    with sf.begin() as s:
        s.add(User(username="benchmod", name="Bench", password_hash="-", role="moderator"))
        wid = next(w for w in list_workshops(s) if w.number == 1)
        wid, code = wid.id, wid.join_code
        s.flush()
        set_phase_override(s, workshop_id=wid, override="input", actor="benchmod", now=NOW)
        record_event(s, workshop_id=wid, kind="start", actor="benchmod", now=NOW)
    with sf.begin() as s:
        tokens = [join(s, code=code, now=NOW) for _ in range(4 * repeat + 4)]
        first = c.post(s, token=tokens.pop(), category="challenge", text="Erster Beitrag", now=NOW)
    flip = [False]

    def pin() -> None:
        flip[0] = not flip[0]
        with sf.begin() as s:
            set_pinned(s, workshop_id=wid, contribution_id=first, pinned=flip[0], actor="benchmod", now=NOW)

    def post_plain() -> None:
        with sf.begin() as s:
            c.post(s, token=tokens.pop(), category="challenge", text="Zu wenig Zeit", now=NOW)

    def post_tracked() -> None:
        with sf.begin() as s:
            post_once(s, submission_id=uuid.uuid4().hex, token=tokens.pop(), category="challenge",
                      text="Zu wenig Zeit", now=NOW)  # fmt: skip

    def extend_plain() -> None:
        with sf.begin() as s:
            record_event(s, workshop_id=wid, kind="extend", minutes=1, actor="benchmod", now=NOW + timedelta(hours=1))

    def extend_tracked() -> None:
        # The screen read the sequence with its view; here we count along instead of reading it again.
        with sf.begin() as s:
            timer_command(s, workshop_id=wid, kind="extend", minutes=1, actor="benchmod", now=NOW + timedelta(hours=1),
                          action_id=uuid.uuid4().hex, seen_seq=seq[0])  # fmt: skip
        seq[0] += 1

    with sf() as s:
        seq = [timer_seq(s, workshop_id=wid)]

    def extend_plain_counted() -> None:
        extend_plain()
        seq[0] += 1

    cases: dict[str, tuple[Callable[[], None], Callable[[], None]]] = {
        "pin": (pin, pin),
        "post": (post_plain, post_tracked),
        "extend": (extend_plain_counted, extend_tracked),
    }
    figures: dict[str, tuple[float, float]] = {}
    for name, (plain, tracked) in cases.items():
        # Alternating, so both see the same database size (the timer replays its whole log).
        times: tuple[list[float], list[float]] = ([], [])
        for n in range(2 * repeat):
            with_live = n % 2 == 1
            if with_live:
                track_revisions()
            else:
                untrack_revisions()
            started = time.perf_counter()
            (tracked if with_live else plain)()
            times[with_live].append((time.perf_counter() - started) * 1000)
        figures[name] = (statistics.median(times[0]), statistics.median(times[1]))
    untrack_revisions()
    engine.dispose()
    if schema:
        with make_engine(url).begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{tmp}/live_bench.db"
        figures = run(url, args.repeat)
    print(f"database: {url.split('://')[0]}  repeat: {args.repeat}  (median ms per transaction)")
    print(f"{'write':<8}{'without live core':>20}{'with live core':>18}")
    for name, (without, with_live) in figures.items():
        print(f"{name:<8}{without:>20.2f}{with_live:>18.2f}")


if __name__ == "__main__":
    main()
