"""The real session as load: a running agenda in the group discussion, phones, one shared screen, one moderator.

Browserless (bench/st_client.py). Each server configuration gets a fresh SQLite database in which
the agenda timer of workshop 2 was started and moved into the group discussion (input open), and
its own server process; then:
  1. N phones join /mitmachen, one shared screen (/beamer) and one moderator (/moderation) log in;
  2. idle window: nobody acts; every session does what its browser does -
     push: listens to /live/<id>/events and reruns the fragment whose live part is outdated;
     poll (the base commit): reruns each fragment on its `run_every` timer;
     -> server script runs per second per idle phone and for the shared screen, server CPU;
  3. posting window: every phone posts once per --interval s (random phase); post latency,
     post -> shared screen, post -> other phones (first time a session is sent the post's text);
  4. moderator actions: "Weiter" and "Zurück" alternately; action -> every screen (phones' badge
     and the shared screen show the new item's title).
Usage: .venv/bin/python -m bench.session_load --phones 20 --base /tmp/lp-base   (figures in docs/performance.md)
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psutil

from bench.st_client import StreamlitSession, text_state, trigger

MARK_PREFIX = "LS"
RERUN_TIMEOUT = 30.0


@dataclass
class Stats:
    runs: dict[str, int] = field(default_factory=dict)  # role -> script runs
    post: list[float] = field(default_factory=list)
    to_screen: list[float] = field(default_factory=list)
    to_phones: list[float] = field(default_factory=list)
    action: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sent: dict[str, tuple[float, int]] = field(default_factory=dict)  # marker -> (time, author)
    seen: set[tuple[int, str]] = field(default_factory=set)
    target: tuple[str, str, float] | None = None  # moderator's action: (phone markup, screen markup, time sent)
    reached: set[int] = field(default_factory=set)

    def count(self, role: str) -> None:
        self.runs[role] = self.runs.get(role, 0) + 1


class Screen:
    """One browser tab: its session, its role, and what a browser runs on its own."""

    def __init__(self, base: str, page: str, query: str, role: str, idx: int, stats: Stats) -> None:
        self.role, self.idx, self.stats = role, idx, stats
        self.s = StreamlitSession(base, page, query, on_text=self._saw)
        self.base = base
        self.lock = asyncio.Lock()
        self.mark: dict[str, int] = {}
        self.drawn: dict[str, float] = {}  # fragment id -> when it was last drawn
        self._redraw: asyncio.Future | None = None

    def _saw(self, body: str) -> None:
        now = time.perf_counter()
        if MARK_PREFIX in body:
            for marker, (sent, author) in self.stats.sent.items():
                if author != self.idx and (self.idx, marker) not in self.stats.seen and marker in body:
                    self.stats.seen.add((self.idx, marker))
                    (self.stats.to_screen if self.role == "screen" else self.stats.to_phones).append(now - sent)
        target = self.stats.target
        if target is None or self.role == "moderator" or self.idx in self.stats.reached:
            return
        if (target[0] if self.role == "phone" else target[1]) in body:
            self.stats.reached.add(self.idx)
            self.stats.action.append(now - target[2])

    async def rerun(self, states=None, fragment_id: str = "") -> float:
        async with self.lock:
            took, _ = await self.s.rerun(states, fragment_id=fragment_id, timeout=RERUN_TIMEOUT)
        self.stats.count(self.role)
        if fragment_id:
            self.drawn[fragment_id] = time.perf_counter()
        return took

    async def follow_events(self, workshop_id: int, stop: asyncio.Event) -> None:
        """As the browser: one event stream; rerun exactly the outdated fragments, each at most every gap."""
        url = urlsplit(self.base)
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        writer.write(f"GET /live/{workshop_id}/events HTTP/1.1\r\nHost: {url.netloc}\r\n\r\n".encode())
        await writer.drain()
        try:
            while not stop.is_set():
                line = await reader.readline()
                if not line:
                    break
                if line.startswith(b"data: "):
                    self.mark = json.loads(line[6:])
                    if self._redraw is None or self._redraw.done():  # a running redraw re-checks the mark
                        self._redraw = asyncio.ensure_future(self.redraw_outdated())
        finally:
            writer.close()

    async def redraw_outdated(self) -> None:
        for _ in range(10):  # bounded: a part that stays outdated is an error, not a loop
            outdated = {
                p.fragment_id: p
                for p in self.s.live_parts.values()
                if p.fragment_id and self.mark.get(p.topic, 0) > p.shown
            }
            if not outdated:
                return
            for fid, part in outdated.items():  # as werkstatt/live/live_client.js waits
                spread = part.delay_s + random.uniform(0, part.spread_s)
                wait = max(spread, self.drawn.get(fid, 0) + part.gap_s - time.perf_counter())
                if wait > 0:
                    await asyncio.sleep(wait)
                if not any(p.fragment_id == fid for p in self.s.live_parts.values()):
                    continue  # a full run in between replaced it
                try:
                    await self.rerun(fragment_id=fid)
                except Exception as err:  # counted, the run goes on
                    self.stats.errors.append(f"{self.role} redraw: {type(err).__name__}: {err}"[:200])
                    return

    async def tick(self, stop: asyncio.Event) -> None:
        """The base commit's polling: each fragment on its own `run_every` timer."""
        due = {fid: time.perf_counter() + random.uniform(0, every) for fid, every in self.s.fragments.items()}
        while not stop.is_set():
            due = {fid: due.get(fid, time.perf_counter() + e) for fid, e in self.s.fragments.items()}
            if not due:
                await asyncio.sleep(0.5)
                continue
            fid, when = min(due.items(), key=lambda kv: kv[1])
            await asyncio.sleep(max(0.0, when - time.perf_counter()))
            if stop.is_set():
                break
            if fid not in self.s.fragments:
                due.pop(fid)
                continue  # a full run in between replaced it
            due[fid] = when + self.s.fragments[fid]
            try:
                await self.rerun(fragment_id=fid)
            except Exception as err:
                self.stats.errors.append(f"{self.role} tick: {type(err).__name__}: {err}"[:200])


async def open_phone(base: str, code: str, idx: int, stats: Stats) -> Screen:
    phone = Screen(base, "mitmachen", f"code={code}", "phone", idx, stats)
    await phone.s.connect()
    await phone.rerun()
    field_, button = phone.s.widget("Code der Werkstatt"), phone.s.widget("Mitmachen")
    await phone.rerun([text_state(field_, code), trigger(button)])
    phone.s.widget("Ihr Beitrag")  # joined, input open
    return phone


async def open_staff(base: str, page: str, query: str, role: str, idx: int, stats: Stats, login: tuple) -> Screen:
    screen = Screen(base, "login", "", role, idx, stats)
    await screen.s.connect()
    await screen.rerun()
    states = [
        text_state(screen.s.widget("Benutzername"), login[0]),
        text_state(screen.s.widget("Passwort"), login[1]),
        trigger(screen.s.widget("Anmelden")),
    ]
    await screen.rerun(states)
    screen.s.page, screen.s.query = page, query
    await screen.rerun()
    return screen


async def post(phone: Screen, n: int, stats: Stats) -> None:
    marker = f"{MARK_PREFIX}{phone.idx:03d}N{n:03d}"
    text, cat, send = phone.s.widget("Ihr Beitrag"), phone.s.widget("Kategorie"), phone.s.widget("Beitrag senden")
    states = [text_state(text, f"Beitrag {marker}: Ergebnisse zurückmelden"), text_state(cat, cat.options[0])]
    stats.sent[marker] = (time.perf_counter(), phone.idx)
    took = await phone.rerun([*states, trigger(send)])
    if any("ist gespeichert" in t for t in phone.s.texts):
        stats.post.append(took)
    else:
        stats.errors.append(f"post {marker}: no confirmation")
        stats.sent.pop(marker, None)


def cpu_of(proc: psutil.Process) -> float:
    return sum(proc.cpu_times()[:2])


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def scenario(base: str, pid: int, setup: dict, args, push: bool) -> dict[str, float]:
    stats, server, stop = Stats(), psutil.Process(pid), asyncio.Event()
    gate = asyncio.Semaphore(6)

    async def arrive(i: int) -> Screen:
        async with gate:
            return await open_phone(base, setup["code"], i, stats)

    phones = list(await asyncio.gather(*(arrive(i) for i in range(args.phones))))
    wid = setup["wid"]
    screen = await open_staff(base, "beamer", f"w={wid}", "screen", 900, stats, setup["login"])
    moderator = await open_staff(base, "moderation", f"w={wid}", "moderator", 901, stats, setup["login"])
    everyone = [*phones, screen, moderator]
    loops = [asyncio.ensure_future(s.follow_events(wid, stop) if push else s.tick(stop)) for s in everyone]
    await asyncio.sleep(3)  # settle: first events / first ticks
    stats.runs.clear()

    t0, c0 = time.perf_counter(), cpu_of(server)
    await asyncio.sleep(args.idle)
    idle_s, idle_cpu = time.perf_counter() - t0, cpu_of(server) - c0
    idle_runs = dict(stats.runs)

    async def posting(phone: Screen, end: float) -> None:
        await asyncio.sleep(random.uniform(0, args.interval))
        n = 0
        while time.perf_counter() < end:
            n += 1
            try:
                await post(phone, n, stats)
            except Exception as err:
                stats.errors.append(f"post: {type(err).__name__}: {err}"[:200])
            await asyncio.sleep(args.interval)

    t1, c1 = time.perf_counter(), cpu_of(server)
    await asyncio.gather(*(posting(p, t1 + args.duration) for p in phones))
    await asyncio.sleep(3)  # the last posts reach the screens
    post_s, post_cpu = time.perf_counter() - t1, cpu_of(server) - c1

    titles, back = setup["titles"], False
    for _ in range(args.actions):
        label, title = ("⏮ Zurück", titles[0]) if back else ("⏭ Weiter", titles[1])
        stats.reached = set()
        stats.target = (f"Jetzt: <b>{title}</b>", f'class="bm-title">{title}</div>', time.perf_counter())
        try:
            await moderator.rerun([trigger(moderator.s.widget(label))])
        except Exception as err:
            stats.errors.append(f"action: {type(err).__name__}: {err}"[:200])
        deadline = time.perf_counter() + 8
        while len(stats.reached) < len(everyone) - 1 and time.perf_counter() < deadline:
            await asyncio.sleep(0.1)
        missing = len(everyone) - 1 - len(stats.reached)
        if missing:
            stats.errors.append(f"action {label}: {missing} screens never showed {title}")
        back = not back
        await asyncio.sleep(1)
    stop.set()
    for loop in loops:
        loop.cancel()
    await asyncio.gather(*(s.s.close() for s in everyone), return_exceptions=True)
    for e in stats.errors[:5]:
        print("   Fehler:", e)
    return {
        "runs/s per idle phone": idle_runs.get("phone", 0) / idle_s / len(phones),
        "runs/s shared screen (idle)": idle_runs.get("screen", 0) / idle_s,
        "runs/s moderator (idle)": idle_runs.get("moderator", 0) / idle_s,
        "server CPU % idle": 100 * idle_cpu / idle_s,
        "server CPU % posting": 100 * post_cpu / post_s,
        "posts": len(stats.post),
        "post p50 ms": 1000 * pct(stats.post, 50),
        "post p95 ms": 1000 * pct(stats.post, 95),
        "post->screen p50 ms": 1000 * pct(stats.to_screen, 50),
        "post->screen p95 ms": 1000 * pct(stats.to_screen, 95),
        "post->phones p50 ms": 1000 * pct(stats.to_phones, 50),
        "post->phones p95 ms": 1000 * pct(stats.to_phones, 95),
        "action->screens p50 ms": 1000 * pct(stats.action, 50),
        "action->screens p95 ms": 1000 * pct(stats.action, 95),
        "errors": len(stats.errors),
    }


LOGIN = ("lastmod", "lastgen-passwort-1")
GROUP_DISCUSSION = 5  # workshop 2's agenda: item 6 of 8


def prepare_database(url: str) -> dict:
    """Schema and series; a moderator; workshop 2's agenda running, in the group discussion (input open)."""
    from datetime import UTC, datetime

    from db.engine import make_engine, make_sessionmaker
    from werkstatt.accounts.users import add_user
    from werkstatt.bootstrap import init_database
    from werkstatt.live.revision import track_revisions
    from werkstatt.series.programme import agenda_rows
    from werkstatt.series.store import list_workshops
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
        setup = {"wid": w.id, "code": w.join_code, "login": LOGIN,
                 "titles": [rows[GROUP_DISCUSSION].title, rows[GROUP_DISCUSSION + 1].title]}  # fmt: skip
    engine.dispose()
    return setup


def run_config(name: str, checkout: Path, entry: str, args, work: Path) -> dict[str, float]:
    from tests.e2e.conftest import start_server, stop_server

    url = f"sqlite:///{work / f'{name}.db'}"
    setup = prepare_database(url)
    server = start_server(url, work / f"{name}.log", entry=entry, cwd=checkout)
    try:
        print(f"== {name}: {checkout} {entry}, {server.url}", flush=True)
        return asyncio.run(scenario(server.url, server.process.pid, setup, args, push=entry == "serve.py"))
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
    ap.add_argument("--base", type=Path, help="checkout of the commit to compare with (its app.py, polling)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="keep databases and server logs in this folder")
    args = ap.parse_args()
    if not (0 < args.phones <= 500 and 0 < args.duration <= 300 and 0 < args.idle <= 120 and args.interval >= 5):
        ap.error("1..500 phones, duration <= 300 s, idle <= 120 s, interval >= 5 s (the app's rate limit)")
    random.seed(args.seed)
    print(f"{args.phones} phones (one post per {args.interval:g} s), 1 shared screen, 1 moderator; idle "
          f"{args.idle:g} s, posting {args.duration:g} s, {args.actions} actions; {psutil.cpu_count()} cores, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")  # fmt: skip
    configs = [("push", _root(), "serve.py")] + ([("base", args.base.resolve(), "app.py")] if args.base else [])
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="werkstatt-session-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for name, checkout, entry in configs:
            results[name] = run_config(name, checkout, entry, args, work)
    names = [n for n, _, _ in configs]
    print(f"\n{'':28}" + "".join(f"{n:>12}" for n in names))
    for key in results[names[0]]:
        print(f"{key:28}" + "".join(f"{results[n][key]:>12.2f}" for n in names))


def _root() -> Path:
    return Path(__file__).resolve().parent.parent


if __name__ == "__main__":
    main()
