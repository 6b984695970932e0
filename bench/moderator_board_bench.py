"""Benchmark: one redraw of the moderator's contributions board (`_moderation_live`) with N contributions.

A fresh SQLite file with workshop 1 holding N contributions (94 % visible, some hidden and merged,
votes, 4 groups, 3 themes; bench/seed_bulk.py). The fragment is run through Streamlit's AppTest
from a two-line script, so the figure is the server side of a redraw: the data read, building every
element and handing it over (AppTest consumes the messages like the server's event loop would).
Also counted: the elements one redraw sends.

`--base <checkout>` runs the same measurement against an older commit's code (e.g. a detached
worktree of main) in a subprocess, on a copy of the same database, alternately with this checkout.

Usage:
  git worktree add --detach /tmp/board-base main
  .venv/bin/python -m bench.moderator_board_bench --contributions 200 --repeat 7 --base /tmp/board-base
  .venv/bin/python -m bench.moderator_board_bench --contributions 200 --all-cards --base /tmp/board-base
Prints medians (ms). Not a test: figures only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = """
import time
import streamlit as st
from werkstatt.ui.moderation_board import _moderation_live
if {all_cards}:  # as after "Weitere … anzeigen" until every card is drawn (the old board drew all of them)
    st.session_state["pp_limit_{wid}"] = 10**6
t = time.perf_counter()
_moderation_live({wid})
st.session_state["bench_ms"] = (time.perf_counter() - t) * 1000
"""


def seed(path: Path, n: int) -> int:
    """The database file with workshop 1 holding `n` contributions; returns the workshop id."""
    from bench.seed_bulk import bulk_contributions
    from db.engine import make_engine, make_sessionmaker
    from db.models.participation import Theme
    from werkstatt.bootstrap import init_database
    from werkstatt.series.store import list_workshops

    engine = make_engine(f"sqlite:///{path}")
    init_database(engine)
    with make_sessionmaker(engine).begin() as s:
        wid = next(w for w in list_workshops(s) if w.number == 1).id
        s.add_all(Theme(workshop_id=wid, name=name) for name in ("Zeit", "Vertrauen", "Daten"))
        bulk_contributions(s, workshop_id=wid, n=n)
    engine.dispose()
    return wid


def measure(db: Path, wid: int, repeat: int, all_cards: bool) -> dict[str, float]:
    """Median ms of `repeat` redraws (after one warm-up) and the elements one redraw sends."""
    from streamlit.testing.v1 import AppTest

    os.environ["WERKSTATT_DATABASE_URL"] = f"sqlite:///{db}"
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "board.py"
        script.write_text(SCRIPT.format(wid=wid, all_cards=all_cards))
        at = AppTest.from_file(str(script), default_timeout=120)
        at.run()
        if at.exception:
            raise RuntimeError(str(at.exception))
        times, inside = [], []
        for _ in range(repeat):
            t = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - t) * 1000)
            inside.append(at.session_state["bench_ms"])
        elements = sum(1 for _ in _walk(at._tree))
    import werkstatt.ui.moderation_board as board

    assert str(Path(board.__file__).resolve()).startswith(str(Path.cwd().resolve())), board.__file__
    return {"median_ms": statistics.median(times), "script_ms": statistics.median(inside), "elements": elements}


def _walk(node: object):  # type: ignore[no-untyped-def]
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield child
            yield from _walk(child)


def in_checkout(checkout: Path, db: Path, wid: int, repeat: int, all_cards: bool) -> dict[str, float]:
    """The measurement with `checkout`'s code, in a subprocess (its own imports)."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(db), str(wid), str(repeat), str(int(all_cards))],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        db, wid, repeat, all_cards = Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1"
        print(json.dumps(measure(db, wid, repeat, all_cards)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contributions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7, help="redraws per round (median)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, alternating with --base")
    parser.add_argument("--base", type=Path, help="a checkout of the older code to compare with")
    parser.add_argument("--all-cards", action="store_true", help="draw every card, not only the first page")
    args = parser.parse_args()
    here = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        wid = seed(db, args.contributions)
        checkouts = {"this": here, **({"base": args.base.resolve()} if args.base else {})}
        results: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
        for _ in range(args.rounds):
            for name, checkout in checkouts.items():
                copy = Path(tmp) / f"{name}.db"
                shutil.copy(db, copy)
                results[name].append(in_checkout(checkout, copy, wid, args.repeat, args.all_cards))
    cards = "every card drawn" if args.all_cards else "first page"
    print(f"{args.contributions} contributions ({cards}), {args.rounds} rounds x {args.repeat} redraws (median ms)")
    for name, runs in results.items():
        medians = [r["median_ms"] for r in runs]
        script = [r["script_ms"] for r in runs]
        rounds = ", ".join(f"{m:.0f}" for m in medians)
        print(
            f"  {name:5} AppTest run {statistics.median(medians):7.1f} ms (rounds {rounds})"
            f"   script {statistics.median(script):7.1f} ms (rounds {', '.join(f'{m:.0f}' for m in script)})"
            f"   elements {int(runs[0]['elements'])}"
        )


if __name__ == "__main__":
    main()
