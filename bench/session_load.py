"""The real session as load: a running agenda in the group discussion, phones, one shared screen, one moderator.

Browserless (bench/session_screens.py, bench/st_client.py). Each run gets a fresh SQLite database in
which the agenda timer of workshop 2 was started and moved into the group discussion (input open),
and its own server process, started with bench/runcount on its PYTHONPATH so that the server itself
counts every script run (page, full or fragment, CPU seconds). Then:
  0. empty window: the server with no session at all (baseline for CPU);
  1. the shared screen (/beamer) and the moderator (/moderation) log in (RSS before), N phones join
     /mitmachen and open their event stream (RSS after: memory per idle phone);
  2. idle window: nobody acts; every session does what its browser does (bench/session_screens.py)
     -> server script runs per second per idle phone, shared screen, moderator; server CPU;
  3. posting window: every phone posts once per --interval s (random phase); post latency,
     post -> shared screen, post -> other phones (first time a session is sent the post's text);
  4. moderator actions: "Weiter" and "Zurück" alternately; action -> every screen (phones' badge
     and the shared screen show the new item's title).
--idle-only stops after 2 (many idle phones). --runs K repeats everything K times and prints medians.
Usage: .venv/bin/python -m bench.session_load --phones 20 --runs 3   (figures in docs/performance.md)
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import statistics
import time
from pathlib import Path

import psutil

from bench.session_screens import Screen, Stats, open_phone, open_staff, pct, post, wall_redrawn
from bench.st_client import trigger

ROLE_OF_PAGE = {"mitmachen": "phone", "beamer": "screen", "moderation": "moderator"}


class Probe:
    """The server process from outside: CPU, RSS and its own run counts (bench/runcount)."""

    def __init__(self, pid: int, runs_file: Path) -> None:
        self.proc, self.runs_file = psutil.Process(pid), runs_file
        self.trace_memory = False

    def runs(self) -> dict[str, list[float]]:
        try:
            return json.loads(self.runs_file.read_text())
        except (OSError, ValueError):
            return {}

    async def snap(self) -> tuple[float, float, dict[str, list[float]]]:
        await asyncio.sleep(0.3)  # the counter file is written four times a second
        return time.perf_counter(), sum(self.proc.cpu_times()[:2]), self.runs()

    def signal_memory(self) -> None:
        """With --trace-memory: the server's first snapshot, then its growth report (bench/runcount)."""
        if self.trace_memory:
            self.proc.send_signal(signal.SIGUSR1)

    async def rss_kb_collected(self) -> float:
        """RSS after a full garbage collection in the server (the app turns the one after each run off)."""
        self.proc.send_signal(signal.SIGUSR2)
        await asyncio.sleep(1)
        return self.rss_kb()

    def rss_kb(self) -> float:
        return self.proc.memory_info().rss / 1024

    @staticmethod
    def window(a: tuple, b: tuple) -> tuple[float, float, dict[str, tuple[int, float]]]:
        """Seconds, CPU % of one core, and per role: (runs, CPU s of those runs) between two snapshots."""
        seconds = b[0] - a[0]
        by_role: dict[str, tuple[int, float]] = {}
        for key, (n, cpu) in b[2].items():
            if key.startswith(("gc:", "click:", "lane:")):  # collections, click timings, the lane: not runs
                continue
            n0, cpu0 = a[2].get(key, (0, 0.0))
            role = ROLE_OF_PAGE.get(key.split(":")[0], "other")
            old = by_role.get(role, (0, 0.0))
            by_role[role] = (old[0] + int(n - n0), old[1] + cpu - cpu0)
        return seconds, 100 * (b[1] - a[1]) / seconds, by_role

    @staticmethod
    def gc_window(a: tuple, b: tuple) -> tuple[int, float]:
        """(full collections, ms per second that collections of any generation held the GIL) between two snapshots."""
        full = int(b[2].get("gc:2", (0, 0.0))[0] - a[2].get("gc:2", (0, 0.0))[0])
        held = sum(b[2].get(f"gc:{g}", (0, 0.0))[1] - a[2].get(f"gc:{g}", (0, 0.0))[1] for g in range(3))
        return full, 1000 * held / (b[0] - a[0])


async def scenario(base: str, probe: Probe, setup: dict, args, push: bool) -> dict[str, float]:
    stats, stop = Stats(), asyncio.Event()
    me = psutil.Process()
    r: dict[str, float] = {"load average at start": os.getloadavg()[0]}
    e0 = await probe.snap()
    await asyncio.sleep(min(args.idle, 5))
    _, cpu, _ = Probe.window(e0, await probe.snap())
    r["server CPU % empty (baseline)"] = cpu

    wid = setup["wid"]
    screen = await open_staff(base, "beamer", f"w={wid}", "screen", 900, stats, setup["login"])
    moderator = await open_staff(base, "moderation", f"w={wid}", "moderator", 901, stats, setup["login"])
    loops = [asyncio.ensure_future(s.follow_events(wid, stop) if push else s.tick(stop)) for s in (screen, moderator)]
    await asyncio.sleep(1)
    rss0, gate, t_join = await probe.rss_kb_collected(), asyncio.Semaphore(6), time.perf_counter()
    probe.signal_memory()

    async def arrive(i: int) -> Screen | None:
        async with gate:
            try:
                phone = await open_phone(base, setup["tokens"][i], i, stats)
            except Exception as err:
                stats.error(f"join {i}", err)
                return None
        if not args.no_events:
            loops.append(asyncio.ensure_future(phone.follow_events(wid, stop) if push else phone.tick(stop)))
        return phone

    phones = [p for p in await asyncio.gather(*(arrive(i) for i in range(args.phones))) if p is not None]
    r["phones joined"], r["join s (all phones)"] = len(phones), time.perf_counter() - t_join
    everyone = [*phones, screen, moderator]
    await asyncio.sleep(3)  # settle: first events
    rss1 = probe.rss_kb()
    rss2 = await probe.rss_kb_collected()
    r["RSS MB before phones"], r["RSS MB after phones"] = rss0 / 1024, rss2 / 1024
    r["RSS KB per idle phone"] = (rss2 - rss0) / max(1, len(phones))
    r["RSS KB per idle phone before gc"] = (rss1 - rss0) / max(1, len(phones))
    probe.signal_memory()
    stats.runs.clear()

    i0, m0 = await probe.snap(), sum(me.cpu_times()[:2])
    await asyncio.sleep(args.idle)
    i1, m1 = await probe.snap(), sum(me.cpu_times()[:2])
    idle_s, idle_cpu, idle_runs = Probe.window(i0, i1)
    n = max(1, len(phones))
    r["server runs/s per idle phone"] = idle_runs.get("phone", (0, 0))[0] / idle_s / n
    r["server runs/s shared screen (idle)"] = idle_runs.get("screen", (0, 0))[0] / idle_s
    r["server runs/s moderator (idle)"] = idle_runs.get("moderator", (0, 0))[0] / idle_s
    r["bench runs/s per idle phone"] = stats.runs.get("phone", 0) / idle_s / n
    r["server CPU % idle"] = idle_cpu
    r["bench CPU % idle"] = 100 * (m1 - m0) / idle_s

    if not args.idle_only:
        await posting_and_actions(probe, phones, screen, moderator, stats, setup, args, r, me)
    stop.set()
    for s in everyone:
        s.stop()
    for loop in loops:
        loop.cancel()
    await asyncio.gather(*(s.s.close() for s in everyone), return_exceptions=True)
    for e in stats.errors[:5]:
        print("   Fehler:", e)
    r["errors"] = len(stats.errors)
    r["load average at end"] = os.getloadavg()[0]
    return r


async def posting_and_actions(probe, phones, screen, moderator, stats, setup, args, r, me) -> None:
    async def posting(phone: Screen, end: float) -> None:
        await asyncio.sleep(random.uniform(0, args.interval))
        n = 0
        while time.perf_counter() < end:
            n += 1
            try:
                await post(phone, n, stats)
            except Exception as err:
                stats.error("post", err)
            await asyncio.sleep(args.interval)

    p0, m0, pages0 = await probe.snap(), sum(me.cpu_times()[:2]), stats.runs.get("page", 0)
    await asyncio.gather(*(posting(p, p0[0] + args.duration) for p in phones))
    await asyncio.sleep(3)  # the last posts reach the screens
    p1, m1 = await probe.snap(), sum(me.cpu_times()[:2])
    post_s, post_cpu, post_runs = Probe.window(p0, p1)
    runs = sum(n for n, _ in post_runs.values())
    r["server CPU % posting"], r["bench CPU % posting"] = post_cpu, 100 * (m1 - m0) / post_s
    r["server runs/s posting"] = runs / post_s
    r["list pages fetched/s (posting)"] = (stats.runs.get("page", 0) - pages0) / post_s  # lists drawn in the browser
    r["server CPU ms per run (posting)"] = 1000 * sum(c for _, c in post_runs.values()) / max(1, runs)
    r["server full gc (posting)"], r["server gc ms per s (posting)"] = Probe.gc_window(p0, p1)
    for part in ("wait", "run"):  # a post on the server: waiting for its run, then the run (means)
        n, took = (p1[2].get(f"click:{part}", (0, 0.0))[i] - p0[2].get(f"click:{part}", (0, 0.0))[i] for i in (0, 1))
        r[f"server post {part} ms (mean)"] = 1000 * took / max(1, n)
    n, waited = (p1[2].get("lane:wait", (0, 0.0))[i] - p0[2].get("lane:wait", (0, 0.0))[i] for i in (0, 1))
    r["server background runs/s (posting)"] = n / post_s  # werkstatt/live/lanes.py
    r["server background wait ms (mean)"] = 1000 * waited / max(1, n)
    for name, key in (("gave up", "lane:gave_up"), ("made way for a person", "lane:made_way")):
        r[f"server background {name} (posting)"] = p1[2].get(key, (0,))[0] - p0[2].get(key, (0,))[0]
    r["posts"], r["posts never on the wall"] = len(stats.post), len(stats.post) - len(wall_redrawn(stats))
    for name, values in (
        ("post", stats.post),
        ("post->screen redrawn", wall_redrawn(stats)),
        ("post->text on screen (paged)", stats.to_screen),
        ("post->phones", stats.to_phones),
    ):
        r[f"{name} p50 ms"], r[f"{name} p95 ms"] = 1000 * pct(values, 50), 1000 * pct(values, 95)

    titles, back, screens = setup["titles"], False, len(phones) + 1
    for _ in range(args.actions):
        label, title = ("⏮ Zurück", titles[0]) if back else ("⏭ Weiter", titles[1])
        stats.reached = set()
        stats.target = (f"Jetzt: <b>{title}</b>", f'class="bm-title">{title}</div>', time.perf_counter())
        try:
            await moderator.rerun([trigger(moderator.s.widget(label))])
        except Exception as err:
            stats.error("action", err)
        deadline = time.perf_counter() + 8
        while len(stats.reached) < screens and time.perf_counter() < deadline:
            await asyncio.sleep(0.1)
        if missing := screens - len(stats.reached):
            stats.errors.append(f"action {label}: {missing} screens never showed {title}")
        back = not back
        await asyncio.sleep(1)
    r["action->screens p50 ms"], r["action->screens p95 ms"] = (
        1000 * pct(stats.action, 50),
        1000 * pct(stats.action, 95),
    )


LOGIN = ("lastmod", "lastgen-passwort-1")
GROUP_DISCUSSION = 5  # workshop 2's agenda: item 6 of 8


def prepare_database(url: str, phones: int) -> dict:
    """Schema and series; a moderator; workshop 2's agenda running, in the group discussion (input open);
    `phones` participants joined (the open code's throttle is not what this measures)."""
    from datetime import UTC, datetime

    from db.engine import make_engine, make_sessionmaker
    from werkstatt.accounts.users import add_user
    from werkstatt.bootstrap import init_database
    from werkstatt.live.revision import track_revisions
    from werkstatt.series.programme import agenda_rows
    from werkstatt.series.store import list_workshops
    from werkstatt.session.participants import join
    from werkstatt.session.timer_log import record_event

    engine = make_engine(url)
    init_database(engine)
    sf = track_revisions(make_sessionmaker(engine))
    with sf.begin() as s:
        add_user(s, username=LOGIN[0], role="moderator", password=LOGIN[1], name="Last Gen")
    with sf.begin() as s:
        w = next(w for w in list_workshops(s) if w.number == 2)
        now = datetime.now(UTC)
        record_event(s, workshop_id=w.id, kind="start", actor=LOGIN[0], now=now)
        record_event(s, workshop_id=w.id, kind="jump", item=GROUP_DISCUSSION, actor=LOGIN[0], now=now)
        rows = agenda_rows(w)
        tokens = [join(s, code=w.join_code, now=now) for _ in range(phones)]
        setup = {"wid": w.id, "tokens": tokens, "login": LOGIN,
                 "titles": [rows[GROUP_DISCUSSION].title, rows[GROUP_DISCUSSION + 1].title]}  # fmt: skip
    engine.dispose()
    return setup


def run_config(name: str, checkout: Path, entry: str, args, work: Path) -> dict[str, float]:
    from tests.e2e.conftest import start_server, stop_server

    url = f"sqlite:///{work / f'{name}.db'}"
    setup = prepare_database(url, args.phones)
    runs_file = work / f"{name}.runs.json"
    memory_env = {"WERKSTATT_BENCH_TRACEMALLOC": str(work / f"{name}.memory.txt")} if args.trace_memory else {}
    shims = [str(Path(__file__).resolve().parent / "runcount")]
    env = {
        "WERKSTATT_BENCH_RUNS": str(runs_file),
        **memory_env,
        "PYTHONPATH": os.pathsep.join([*shims, os.environ.get("PYTHONPATH", "")]),
        **({"WERKSTATT_BENCH_WRITER_LOCK": "1"} if args.writer_lock else {}),
        # Staff log in through the form over the websocket; the HttpOnly cookie comes from a browser
        # redirect (/auth/session) that this client does not follow. The login's cookie is not load.
        "WERKSTATT_HTTPONLY_LOGIN": "false",
    }
    server = start_server(url, work / f"{name}.log", extra_env=env, entry=entry, cwd=checkout)
    try:
        print(f"== {name}: {checkout} {entry}, {server.url}", flush=True)
        probe = Probe(server.process.pid, runs_file)
        probe.trace_memory = args.trace_memory
        return asyncio.run(scenario(server.url, probe, setup, args, push=entry == "serve.py"))
    finally:
        stop_server(server.process)


def main() -> None:
    import argparse
    import tempfile
    from datetime import UTC, datetime

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--phones", type=int, default=20)
    ap.add_argument("--interval", type=float, default=30.0, help="seconds between one phone's posts")
    ap.add_argument("--idle", type=float, default=15.0, help="seconds of the idle window")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of posting")
    ap.add_argument("--actions", type=int, default=4, help="moderator actions (Weiter/Zurück)")
    ap.add_argument("--idle-only", action="store_true", help="no posts, no actions: idle phones and memory")
    ap.add_argument("--no-events", action="store_true", help="phones open no event stream (memory split)")
    ap.add_argument("--trace-memory", action="store_true", help="tracemalloc in the server: growth per phone")
    ap.add_argument("--writer-lock", action="store_true", help="experiment: one in-process lock before SQLite writes")
    ap.add_argument("--runs", type=int, default=1, help="repeat each configuration, print medians")
    ap.add_argument("--base", type=Path, help="checkout of a commit to compare with, run alternately")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="keep databases and server logs in this folder")
    args = ap.parse_args()
    if not (0 < args.phones <= 500 and 0 < args.duration <= 300 and 0 < args.idle <= 120 and args.interval >= 5):
        ap.error("1..500 phones, duration <= 300 s, idle <= 120 s, interval >= 5 s (the app's rate limit)")
    random.seed(args.seed)
    what = "idle only" if args.idle_only else f"posting {args.duration:g} s, {args.actions} actions"
    print(f"{args.phones} phones (one post per {args.interval:g} s), 1 shared screen, 1 moderator; idle "
          f"{args.idle:g} s, {what}; {args.runs} run(s); {psutil.cpu_count()} cores, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    configs = [("push", _root(), "serve.py")]
    if args.base:  # an older checkout: its serve.py (push) if it has one, else its app.py (polling)
        base = args.base.resolve()
        configs.append(("base", base, "serve.py" if (base / "serve.py").exists() else "app.py"))
    results: dict[str, list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="werkstatt-session-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for k in range(args.runs):
            for name, checkout, entry in configs:
                results.setdefault(name, []).append(run_config(f"{name}{k}", checkout, entry, args, work))
    report(results)


def report(results: dict[str, list[dict[str, float]]]) -> None:
    """Median per figure over the runs, and each run's value (the spread)."""
    names = list(results)
    keys = list(dict.fromkeys(k for runs in results.values() for r in runs for k in r))
    print(f"\n{'median of runs':36}" + "".join(f"{n:>12}" for n in names) + "   each run")
    for key in keys:
        cells, spread = "", ""
        for n in names:
            values = [r[key] for r in results[n] if key in r]
            cells += f"{statistics.median(values):>12.2f}" if values else f"{'-':>12}"
            spread += " " + "/".join(f"{v:.2f}" for v in values)
        print(f"{key:36}{cells}  {spread}")


def _root() -> Path:
    return Path(__file__).resolve().parent.parent


if __name__ == "__main__":
    main()
