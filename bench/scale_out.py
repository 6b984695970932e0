"""Scale-out latency: a post through process A reaches the shared screen on process B (issue #11).

Two app processes (`streamlit run serve.py`) on one PostgreSQL database, as `make scale K=2` runs them.
Phones are sessions of process A (they post, follow the event stream and fetch their list as a
browser does); one shared screen is a session of A (the baseline in the same run), one of B. The
change reaches B through PostgreSQL's LISTEN/NOTIFY (werkstatt/live/listener.py). The bench talks to
A and B directly: HAProxy's routing (sticky cookie, the event stream passed through) is checked by
tests/e2e/test_scale_out.py.

    WERKSTATT_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m bench.scale_out --phones 20 --duration 60
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from bench.session_load import prepare_database
from bench.session_screens import Screen, Stats, open_phone, open_staff, pct, post, wall_redrawn
from deploy.scale_setup import drop_database, ensure_database
from tests.e2e.conftest import start_server, stop_server


def on_screen(phones: Stats, screen: Stats) -> list[float]:
    """Post (sent through A) -> this screen redrawn with it counted."""
    merged = Stats(posted=phones.posted, wall_counts=screen.wall_counts)
    return wall_redrawn(merged)


async def scenario(a: str, b: str, setup: dict, args: argparse.Namespace) -> dict[str, float]:
    stats, on_a, on_b, stop = Stats(), Stats(), Stats(), asyncio.Event()
    wid = setup["wid"]
    screen_a = await open_staff(a, "beamer", f"w={wid}", "screen", 900, on_a, setup["login"])
    screen_b = await open_staff(b, "beamer", f"w={wid}", "screen", 901, on_b, setup["login"])
    loops = [asyncio.ensure_future(s.follow_events(wid, stop)) for s in (screen_a, screen_b)]
    phones: list[Screen] = []
    for i in range(args.phones):
        phone = await open_phone(a, setup["tokens"][i], i, stats)
        loops.append(asyncio.ensure_future(phone.follow_events(wid, stop)))
        phones.append(phone)
    await asyncio.sleep(3)

    async def posting(phone: Screen, end: float) -> None:
        await asyncio.sleep(random.uniform(0, args.interval))
        n = 0
        while asyncio.get_running_loop().time() < end:
            n += 1
            await post(phone, n, stats)
            await asyncio.sleep(args.interval)

    end = asyncio.get_running_loop().time() + args.duration
    await asyncio.gather(*(posting(p, end) for p in phones))
    await asyncio.sleep(3)  # the last posts reach the screens
    stop.set()
    for loop in loops:
        loop.cancel()
    for s in (*phones, screen_a, screen_b):
        s.stop()
    await asyncio.gather(*(s.s.close() for s in (*phones, screen_a, screen_b)), return_exceptions=True)
    r: dict[str, float] = {"posts": len(stats.post), "errors": len(stats.errors)}
    for name, values in (
        ("post", stats.post),
        ("post->screen on A (same process)", on_screen(stats, on_a)),
        ("post->screen on B (other process)", on_screen(stats, on_b)),
    ):
        r[f"{name} n"] = len(values)
        r[f"{name} p50 ms"], r[f"{name} p95 ms"] = 1000 * pct(values, 50), 1000 * pct(values, 95)
    for e in stats.errors[:5]:
        print("   Fehler:", e)
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--phones", type=int, default=20)
    ap.add_argument("--interval", type=float, default=30.0, help="seconds between one phone's posts")
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of posting")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    pg = os.environ.get("WERKSTATT_TEST_PG_URL", "")
    if not pg or not 0 < args.phones <= 200 or args.interval < 5:
        ap.error("needs WERKSTATT_TEST_PG_URL (PostgreSQL); 1..200 phones; interval >= 5 s")
    random.seed(args.seed)
    url = make_url(pg).set(database=f"werkstatt_scalebench_{uuid.uuid4().hex[:8]}").render_as_string(False)
    print(
        f"{args.phones} phones on A posting every {args.interval:g} s for {args.duration:g} s; shared screens on "
        f"A and B; PostgreSQL; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.1f}"
    )
    ensure_database(url)
    procs = []
    try:
        setup = prepare_database(url, args.phones)
        with tempfile.TemporaryDirectory(prefix="werkstatt-scale-") as tmp:
            env = {"WERKSTATT_HTTPONLY_LOGIN": "false"}  # staff log in over the websocket (bench/session_load.py)
            a = start_server(url, Path(tmp) / "a.log", extra_env=env)
            procs.append(a.process)
            b = start_server(url, Path(tmp) / "b.log", extra_env=env)
            procs.append(b.process)
            result = asyncio.run(scenario(a.url, b.url, setup, args))
    finally:
        for p in procs:
            stop_server(p)
        drop_database(url)
    for key, value in result.items():
        print(f"{key:<45} {value:10.1f}")


if __name__ == "__main__":
    main()
