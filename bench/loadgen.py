"""Load generator: N participants post on /mitmachen over Streamlit's websocket, M shared screens watch.

Posting load only (no running agenda, no event streams): the real session, with the timer running,
a shared screen, a moderator and the browser's event streams, is bench/session_load.py.

No browser: each participant is one websocket session speaking the frontend's protocol
(bench/st_client.py). In one run, for each server configuration in turn:
  app       - the app as configured (.streamlit/config.toml: runner.postScriptGC = false)
  defaults  - the same app with Streamlit's default --runner.postScriptGC=true
  (optional: app-nosleep / defaults-nosleep - the same without streamlit-authenticator's 0.7 s sleep)
a fresh SQLite database and its own `streamlit run` on a free loopback port, then:
  1. N participants open /mitmachen?code=<join code of workshop 2> and press "Mitmachen" (as a browser);
  2. RSS per idle session = (server RSS after the N joins - before) / N;
  3. for --duration seconds every participant posts once per --interval seconds (text area, category
     radio and the submit button sent as widget states by the widget ids the page drew), and every
     session - participants and screens - runs its fragments' timers as the browser does
     (board every 5 s, phase watch every 4 s);
  4. M "shared screens": participant sessions that never post; their board (every visible contribution,
     refreshed every 5 s) is the public screen we can reach without a staff login. Post-to-screen
     latency = first time a screen is sent the post's text minus the time the post was sent.
Reported: posting latency (send of the rerun -> script_finished) p50/p95/p99, fragment tick latency,
post-to-screen p50/p95/p99, errors, refusals (the 5 s rate limit), server CPU seconds per rerun
(psutil cpu_times over the posting phase / reruns finished) and RSS per session.

The server's rate limit allows one post per participant per 5 s: keep --interval >= 5 for "no refusals"
(smaller intervals still measure reruns; refused posts are counted apart, not as errors).
The load generator shares the machine with the server: its own CPU is printed too.

Usage (figures in docs/performance.md):
  .venv/bin/python -m bench.loadgen --participants 200 --interval 6 --duration 30 --screens 2
  .venv/bin/python -m bench.loadgen --participants 500 --interval 30 --duration 60 --configs app,app-nosleep
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psutil

from bench.st_client import ScriptError, StreamlitSession, text_state, trigger
from db.engine import make_engine, make_sessionmaker
from tests.e2e.conftest import start_server, stop_server
from werkstatt.accounts.users import add_user
from werkstatt.bootstrap import init_database
from werkstatt.series.store import list_workshops
from werkstatt.session.phase import set_phase_override

NOSLEEP = str(Path(__file__).with_name("nosleep"))
# name -> (runner.postScriptGC, extra environment of the server)
CONFIGS = {
    "app": ("false", {}),
    "defaults": ("true", {}),
    # The app without streamlit-authenticator's 0.7 s sleep per run (bench/nosleep/sitecustomize.py).
    "app-nosleep": ("false", {"PYTHONPATH": NOSLEEP}),
    "defaults-nosleep": ("true", {"PYTHONPATH": NOSLEEP}),
}
MARK = re.compile(r"LG\d{4}N\d{4}")
MAX_PARTICIPANTS, MAX_DURATION = 1000, 600  # every loop is bounded
RERUN_TIMEOUT = 30.0


@dataclass
class Stats:
    post: list[float] = field(default_factory=list)
    tick: list[float] = field(default_factory=list)
    join: list[float] = field(default_factory=list)
    to_screen: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    refused: int = 0
    reruns: int = 0
    sent_at: dict[str, float] = field(default_factory=dict)  # marker -> time the post was sent
    seen: dict[tuple[int, str], float] = field(default_factory=dict)  # (screen, marker) -> first seen


def prepare_database(url: str) -> str:
    """Schema, series, one moderator; input opened for workshop 2. Returns its join code."""
    engine = make_engine(url)
    init_database(engine)
    sf = make_sessionmaker(engine)
    with sf.begin() as s:
        add_user(s, username="lastmod", role="moderator", password="lastgen-passwort-1", name="Last Gen")
    with sf.begin() as s:
        workshop = next(w for w in list_workshops(s) if w.number == 2)
        set_phase_override(s, workshop_id=workshop.id, override="input", actor="lastmod", now=datetime.now(UTC))
        code = workshop.join_code
    engine.dispose()
    return code


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


async def join(base: str, code: str, stats: Stats, on_text=None) -> StreamlitSession:
    """Open /mitmachen?code=..., then press "Mitmachen" with the prefilled code, as a phone does."""
    s = StreamlitSession(base, "mitmachen", f"code={code}", on_text=on_text)
    await s.connect()
    await s.rerun(timeout=RERUN_TIMEOUT)
    field_, button = s.widget("Code der Werkstatt"), s.widget("Mitmachen")
    took, _ = await s.rerun([text_state(field_, code), trigger(button)], timeout=RERUN_TIMEOUT)
    stats.join.append(took)
    s.widget("Ihr Beitrag")  # the post form is there: joined, input open
    return s


async def post(s: StreamlitSession, marker: str, n: int, stats: Stats) -> None:
    text, cat, send = s.widget("Ihr Beitrag"), s.widget("Kategorie"), s.widget("Beitrag senden")
    states = [
        text_state(text, f"Beitrag {marker}: mehr Tempo bei Genehmigungen, Runde {n}"),
        text_state(cat, cat.options[n % len(cat.options)]),
        trigger(send),
    ]
    stats.sent_at[marker] = time.perf_counter()
    took, _ = await s.rerun(states, timeout=RERUN_TIMEOUT)
    stats.reruns += 1
    if any(t.startswith("Danke! Ihr Beitrag") for t in s.texts):
        stats.post.append(took)
    elif any("Geduld" in t for t in s.texts):
        stats.refused += 1
        stats.sent_at.pop(marker, None)
    else:
        stats.errors.append(f"Beitrag {marker}: keine Bestätigung")


async def drive(
    s: StreamlitSession, idx: int, interval: float | None, end: float, stats: Stats, ticking: bool = True
) -> None:
    """One session until `end`: posts every `interval` s (None: never), fragment ticks on their timers."""
    now = time.perf_counter()
    next_post = now + random.uniform(0, interval) if interval else float("inf")
    ticks = {fid: now + random.uniform(0, every) for fid, every in s.fragments.items()}
    n = 0
    while time.perf_counter() < end and n < 100_000:
        ticks = {fid: ticks.get(fid, time.perf_counter() + every) for fid, every in s.fragments.items() if ticking}
        fid, due = min(ticks.items(), key=lambda kv: kv[1], default=("", float("inf")))
        wake = min(next_post, due, end)
        await asyncio.sleep(max(0.0, wake - time.perf_counter()))
        if time.perf_counter() >= end:
            break
        n += 1
        try:
            if next_post <= due:
                next_post += interval
                await post(s, f"LG{idx:04d}N{n:04d}", n, stats)
            else:
                ticks[fid] = due + s.fragments.get(fid, 5.0)
                took, _ = await s.rerun(fragment_id=fid, timeout=RERUN_TIMEOUT)
                stats.tick.append(took)
                stats.reruns += 1
        except (ScriptError, TimeoutError, OSError, KeyError) as err:
            stats.errors.append(f"{type(err).__name__}: {err}"[:200])


def screen_watcher(screen: int, stats: Stats):
    def on_text(body: str) -> None:
        for marker in MARK.findall(body):
            if (screen, marker) not in stats.seen and marker in stats.sent_at:
                stats.seen[(screen, marker)] = time.perf_counter()

    return on_text


async def arrive_all(joins: list, timeout: float, stats: Stats) -> list[StreamlitSession]:
    """Run the joins, at most `timeout` seconds; the ones not done by then count as errors."""
    tasks = [asyncio.create_task(j) for j in joins]
    done, pending = await asyncio.wait(tasks, timeout=timeout)
    for t in pending:
        t.cancel()
    if pending:
        stats.errors.append(f"{len(pending)} joins not finished after {timeout:.0f} s")
    return [t.result() for t in done if t.result() is not None]


async def scenario(base: str, code: str, pid: int, args) -> dict[str, float]:
    stats = Stats()
    server = psutil.Process(pid)
    warm = await join(base, code, stats)  # imports, caches: not part of the per-session figure
    await warm.close()
    stats.join.clear()
    await asyncio.sleep(2)
    rss_before = server.memory_info().rss
    gate = asyncio.Semaphore(8)  # phones arriving, not a connect storm

    async def arrive(i: int, on_text=None):
        async with gate:
            try:
                return await join(base, code, stats, on_text)
            except (ScriptError, TimeoutError, OSError, KeyError) as err:
                stats.errors.append(f"join {i}: {type(err).__name__}: {err}"[:200])
                return None

    people = await arrive_all([arrive(i) for i in range(args.participants)], 60 + args.participants, stats)
    screens = await arrive_all([arrive(-k, screen_watcher(k, stats)) for k in range(args.screens)], 60, stats)
    await asyncio.sleep(3)
    rss_after = server.memory_info().rss
    cpu0, me0, t0 = sum(server.cpu_times()[:2]), sum(psutil.Process().cpu_times()[:2]), time.perf_counter()
    end = t0 + args.duration
    tasks = [drive(p, i, args.interval, end, stats, ticking=not args.no_ticks) for i, p in enumerate(people)]
    tasks += [drive(s, 9000 + k, None, end, stats) for k, s in enumerate(screens)]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), args.duration + 2 * RERUN_TIMEOUT)
    except TimeoutError:
        stats.errors.append("sessions still waiting for the server after the run")
    wall = time.perf_counter() - t0
    cpu = sum(server.cpu_times()[:2]) - cpu0
    me = sum(psutil.Process().cpu_times()[:2]) - me0
    await asyncio.gather(*(s.close() for s in people + screens))
    for (_, marker), seen in stats.seen.items():
        stats.to_screen.append(seen - stats.sent_at[marker])
    # Posts sent early enough that a screen tick (every 5 s) had to show them, yet never shown: lost.
    late = t0 + args.duration - 6
    expected = {m for m, t in stats.sent_at.items() if t < late}
    missing = sum(1 for k in range(len(screens)) for m in expected if (k, m) not in stats.seen)
    if missing:
        stats.errors.append(f"{missing} Beiträge auf einem Bildschirm nie erschienen")
    for e in stats.errors[:5]:
        print("   Fehler:", e)
    return {
        "sessions": len(people) + len(screens),
        "posts ok": len(stats.post),
        "refused (rate limit)": stats.refused,
        "errors": len(stats.errors),
        "post p50 ms": 1000 * pct(stats.post, 50),
        "post p95 ms": 1000 * pct(stats.post, 95),
        "post p99 ms": 1000 * pct(stats.post, 99),
        "tick p50 ms": 1000 * pct(stats.tick, 50),
        "tick p95 ms": 1000 * pct(stats.tick, 95),
        "join p50 ms": 1000 * pct(stats.join, 50),
        "post->screen p50 ms": 1000 * pct(stats.to_screen, 50),
        "post->screen p95 ms": 1000 * pct(stats.to_screen, 95),
        "post->screen p99 ms": 1000 * pct(stats.to_screen, 99),
        "reruns/s": stats.reruns / wall,
        "server CPU ms/rerun": 1000 * cpu / max(1, stats.reruns),
        "server CPU %": 100 * cpu / wall,
        "loadgen CPU %": 100 * me / wall,
        "RSS KB/session": (rss_after - rss_before) / 1024 / max(1, len(people) + len(screens)),
    }


def run_config(name: str, args, work: Path) -> dict[str, float]:
    gc, env = CONFIGS[name]
    url = f"sqlite:///{work / f'{name}.db'}"
    code = prepare_database(url)
    server = start_server(url, work / f"{name}.log", {"STREAMLIT_RUNNER_POST_SCRIPT_GC": gc, **env})
    try:
        print(f"== {name}: runner.postScriptGC={gc}, {server.url}, Code {code}", flush=True)
        return asyncio.run(scenario(server.url, code, server.process.pid, args))
    finally:
        stop_server(server.process)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--participants", type=int, default=50)
    ap.add_argument("--interval", type=float, default=5.0, help="seconds between one participant's posts")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of posting")
    ap.add_argument("--screens", type=int, default=2)
    ap.add_argument(
        "--configs", default="app,defaults", help=f"comma-separated, from {', '.join(CONFIGS)}; ratios are vs the first"
    )
    ap.add_argument(
        "--no-ticks",
        action="store_true",
        help="participants do not run their refresh timers (a phone with the screen off); screens still do",
    )
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not (0 < args.participants <= MAX_PARTICIPANTS and 0 < args.duration <= MAX_DURATION):
        ap.error(f"1..{MAX_PARTICIPANTS} participants, duration up to {MAX_DURATION} s")
    if args.interval < 5:
        print("Hinweis: --interval < 5 s: the app refuses posts within 5 s (counted as 'refused').")
    names = [n.strip() for n in args.configs.split(",") if n.strip()]
    if not names or any(n not in CONFIGS for n in names):
        ap.error(f"--configs: choose from {', '.join(CONFIGS)}")
    random.seed(args.seed)
    print(
        f"{args.participants} participants, one post per {args.interval:g} s each, {args.screens} screens, "
        f"{args.duration:g} s, {'no participant refresh, ' if args.no_ticks else ''}"
        f"{psutil.cpu_count()} cores, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="werkstatt-loadgen-") as tmp:
        for name in names:
            results[name] = run_config(name, args, Path(tmp))
    base, others = names[0], names[1:]
    head = "".join(f"{n:>13}" for n in names) + "".join(f"{n + '/' + base:>22}" for n in others)
    print(f"\n{'':24}{head}")
    for key in results[base]:
        vals = [results[n][key] for n in names]
        ratios = "".join(f"{v / vals[0]:>21.2f}x" if vals[0] else f"{'-':>22}" for v in vals[1:])
        print(f"{key:24}" + "".join(f"{v:>13.1f}" for v in vals) + ratios)
    if any(r["errors"] for r in results.values()):
        print("\nFehler aufgetreten (siehe oben).")


if __name__ == "__main__":
    main()
