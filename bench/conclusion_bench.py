"""Benchmark 1: the conclusion's aggregation at 1k, 10k and 100k contributions.

For each size, in one run on the same database:
  sql cold  - werkstatt.results.conclusion.compute_conclusion(): every aggregate computed in SQL
  sql warm  - werkstatt.results.conclusion.conclusion() when nothing changed: one fingerprint query, cached frames
  naive     - baseline: read every contribution and vote into pandas, aggregate there
  page cold - one AppTest script run of the beamer in the conclusion phase right after new input
              (chart templates are per process and stay built)
  page warm - the same run when nothing changed since the last refresh (the common case: 2 s ticks)

Usage: .venv/bin/python -m bench.conclusion_bench [--sizes 1000,10000,100000] [--repeat 7] [--url URL]
Prints medians (ms) and the ratio naive/sql. Not a test: figures only.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import pandas as pd

from bench.seed_bulk import START, bulk_contributions
from bench.timing import median_ms
from db.engine import make_engine, make_sessionmaker
from db.models.participation import VISIBLE
from werkstatt.accounts.users import add_user
from werkstatt.bootstrap import init_database
from werkstatt.results import conclusion as results
from werkstatt.results.conclusion import compute_conclusion, conclusion
from werkstatt.results.terms import top_terms
from werkstatt.series.store import list_workshops
from werkstatt.session.phase import set_phase_override

ROOT = Path(__file__).resolve().parents[1]


def naive_conclusion(engine, workshop_id: int) -> dict:
    """What a plain build does: every row into pandas, then aggregate."""
    c = pd.read_sql(f"SELECT * FROM contribution WHERE workshop_id = {workshop_id}", engine)
    v = pd.read_sql("SELECT * FROM vote", engine)
    c = c[c.status == VISIBLE]
    votes = v.groupby("contribution_id").size().rename("votes")
    c = c.join(votes, on="id").fillna({"votes": 0})
    c["created_at"] = pd.to_datetime(c["created_at"], utc=True)
    return {
        "categories": c.groupby("category_key").size(),
        "groups": c.groupby("group_id").size(),
        "top": c.sort_values(["votes", "id"], ascending=[False, True]).groupby("category_key").head(3),
        "timeline": c.groupby(c.created_at.dt.floor("5min")).size(),
        "terms": top_terms(c.text, 15),
    }


def _bench_session(url: str) -> str:
    from sqlalchemy import select

    from db.models import User
    from werkstatt.accounts.sessions import open_session
    from werkstatt.clock import utc_now

    engine = make_engine(url)
    with make_sessionmaker(engine).begin() as s:
        user = s.scalar(select(User).where(User.username == "benchmod"))
        token = open_session(s, user=user, now=utc_now())
    engine.dispose()
    return token


def page_run_ms(url: str, workshop_id: int, repeat: int) -> tuple[float, float]:
    from streamlit.testing.v1 import AppTest

    from werkstatt.ui.auth import SESSION_KEY

    os.environ["WERKSTATT_DATABASE_URL"] = url
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state[SESSION_KEY] = _bench_session(url)  # a real server-side login session
    at.query_params["w"] = str(workshop_id)
    at.run()
    at.switch_page("pages/beamer.py").run()
    assert not at.exception, at.exception
    assert any(m.label == "Beiträge" for m in at.metric), "conclusion did not render"
    warm = median_ms(at.run, repeat)

    def cold() -> None:
        results._CACHE.clear()
        at.run()

    return median_ms(cold, repeat), warm


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--url", default="", help="database URL (default: a fresh SQLite file per size)")
    args = parser.parse_args()
    columns = ("sql cold", "sql warm", "naive", "naive/cold", "page cold", "page warm")
    header = f"{'n':>7} | " + " | ".join(f"{c:>8}" for c in columns)
    print("median ms per run\n" + header + "\n" + "-" * len(header))
    for n in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            url = args.url or f"sqlite:///{tmp}/bench.db"
            engine = make_engine(url)
            init_database(engine)
            factory = make_sessionmaker(engine)
            with factory.begin() as s:
                wid = next(w.id for w in list_workshops(s) if w.number == 2)
                add_user(s, username="benchmod", role="moderator", password="bench-passwort-1")
                set_phase_override(s, workshop_id=wid, override="results", actor="benchmod", now=START)
                bulk_contributions(s, workshop_id=wid, n=n)

            def run_sql(fn, factory=factory, wid=wid) -> None:
                with factory() as s:
                    fn(s, workshop_id=wid)

            cold = median_ms(lambda: run_sql(compute_conclusion), args.repeat)
            warm = median_ms(lambda: run_sql(conclusion), args.repeat)
            naive = median_ms(lambda engine=engine, wid=wid: naive_conclusion(engine, wid), args.repeat)
            page_cold, page_warm = page_run_ms(url, wid, args.repeat)
            print(
                f"{n:>7} | {cold:>8.1f} | {warm:>8.1f} | {naive:>8.1f} | {naive / cold:>10.2f} |"
                f" {page_cold:>9.1f} | {page_warm:>9.1f}"
            )
            engine.dispose()


if __name__ == "__main__":
    main()
