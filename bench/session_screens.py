"""The browser tabs of bench/session_load.py: phones, the shared screen and the moderator, without a browser.

Each tab is one Streamlit websocket session (bench/st_client.py) that does what its browser does:
push (serve.py): one event stream /live/<id>/events; rerun exactly the fragments whose live part is
outdated or whose wake-up time has come, with the waits of werkstatt/live/live_client.js;
poll (an older commit's app.py): rerun each fragment on its `run_every` timer.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bench.st_client import StreamlitSession, live_trigger, text_state, trigger

MARK_PREFIX = "LS"
MARKER = re.compile(rf"{MARK_PREFIX}\d{{3}}N\d{{3}}")
WALL_FOOT = re.compile(r'data-testid="wall-foot">(\d+) Beitr')  # the wall's count of visible posts
SAVED = re.compile(r"Ihr Beitrag \\?#(\d+) ist gespeichert")  # messages are shown Markdown-escaped ("\#12")
RERUN_TIMEOUT = 30.0


@dataclass
class Stats:
    runs: dict[str, int] = field(default_factory=dict)  # role -> script runs this bench asked for
    post: list[float] = field(default_factory=list)
    to_screen: list[float] = field(default_factory=list)
    to_phones: list[float] = field(default_factory=list)
    action: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sent: dict[str, tuple[float, int]] = field(default_factory=dict)  # marker -> (time, author)
    seen: set[tuple[int, str]] = field(default_factory=set)
    target: tuple[str, str, float] | None = None  # moderator's action: (phone markup, screen markup, time sent)
    reached: set[int] = field(default_factory=set)
    posted: dict[int, float] = field(default_factory=dict)  # contribution id -> time sent
    wall_counts: list[tuple[float, int]] = field(default_factory=list)  # (time, posts the wall counts)

    def count(self, role: str) -> None:
        self.runs[role] = self.runs.get(role, 0) + 1

    def error(self, what: str, err: BaseException) -> None:
        self.errors.append(f"{what}: {type(err).__name__}: {err}"[:200])


class Screen:
    """One browser tab: its session, its role, and what a browser runs on its own."""

    def __init__(self, base: str, page: str, query: str, role: str, idx: int, stats: Stats) -> None:
        self.role, self.idx, self.stats = role, idx, stats
        self.s = StreamlitSession(base, page, query, on_text=self._saw)
        self.base = base
        self.lock = asyncio.Lock()
        self.mark: dict[str, int] = {}
        self.drawn: dict[str, float] = {}  # fragment id -> when it was last drawn
        self.push = False  # follows the event stream (and the parts' wake-up times)
        self.saved = 0  # the number of this phone's last confirmed post
        self._redraw: asyncio.Future | None = None
        self._wake: asyncio.TimerHandle | None = None
        self.page_rev = -1  # the revision of the list page last fetched (a list drawn in the browser)
        self._fetched_at = 0.0
        self._fetch: asyncio.Future | None = None

    def _saw(self, body: str) -> None:
        now = time.perf_counter()
        if self.role == "screen" and (foot := WALL_FOOT.search(body)):
            self.stats.wall_counts.append((now, int(foot.group(1))))
        if MARK_PREFIX in body:
            for marker in MARKER.findall(body):
                sent = self.stats.sent.get(marker)
                if sent and sent[1] != self.idx and (self.idx, marker) not in self.stats.seen:
                    self.stats.seen.add((self.idx, marker))
                    (self.stats.to_screen if self.role == "screen" else self.stats.to_phones).append(now - sent[0])
        target = self.stats.target
        if target is None or self.role == "moderator" or self.idx in self.stats.reached:
            return
        if (target[0] if self.role == "phone" else target[1]) in body:
            self.stats.reached.add(self.idx)
            self.stats.action.append(now - target[2])

    async def rerun(self, states=None, fragment_id: str = "", auto: bool = True) -> float:
        async with self.lock:
            took, _ = await self.s.rerun(states, fragment_id=fragment_id, timeout=RERUN_TIMEOUT, auto=auto)
        self.stats.count(self.role)
        if fragment_id:
            self.drawn[fragment_id] = time.perf_counter()
        if self.push:
            self.schedule_wake()
        return took

    def schedule_wake(self) -> None:
        """As the browser: a part with a wake-up time asks for its redraw then, without any event."""
        if self._wake is not None:
            self._wake.cancel()
        wakes = [p.wake_at for p in self.s.live_parts.values() if p.fragment_id and p.wake_at]
        if wakes:
            delay = max(0.05, min(wakes) - time.time())
            self._wake = asyncio.get_running_loop().call_later(delay, self._kick)

    def _kick(self) -> None:
        if self._redraw is None or self._redraw.done():  # a running redraw re-checks the parts
            self._redraw = asyncio.ensure_future(self.redraw_outdated())

    def stop(self) -> None:
        if self._wake is not None:
            self._wake.cancel()
        if self._redraw is not None:
            self._redraw.cancel()

    async def follow_events(self, workshop_id: int, stop: asyncio.Event) -> None:
        """As the browser: one event stream; rerun exactly the outdated fragments, each at most every gap."""
        self.push = True
        self.schedule_wake()
        url = urlsplit(self.base)
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        writer.write(f"GET /live/{workshop_id}/events HTTP/1.1\r\nHost: {url.netloc}\r\n\r\n".encode())
        await writer.drain()
        try:
            while not stop.is_set():
                line = await reader.readline()
                if not line:
                    if not stop.is_set():
                        self.stats.errors.append(f"{self.role} {self.idx}: event stream closed")
                    break
                if line.startswith(b"data: "):
                    self.mark = json.loads(line[6:])
                    self._kick()
                    self._kick_board()
        finally:
            writer.close()

    def _kick_board(self) -> None:
        """As werkstatt/live/live_client.js: a list drawn in the browser fetches the shared page once it is behind."""
        if not self.s.boards or self.mark.get("r", 0) <= self.page_rev:
            return
        if self._fetch is None or self._fetch.done():
            self._fetch = asyncio.ensure_future(self.fetch_board())

    async def fetch_board(self) -> None:
        while self.s.boards and self.mark.get("r", 0) > self.page_rev:
            board = next(iter(self.s.boards.values()))
            wait = board.delay_s + random.uniform(0, board.spread_s)
            await asyncio.sleep(max(wait, self._fetched_at + board.gap_s - time.perf_counter()))
            self._fetched_at = time.perf_counter()
            wanted = self.mark.get("r", 0)
            path = f"/live/{board.workshop_id}/board?k={board.ticket}&limit={board.limit}&r={wanted}"
            try:
                body = await http_get(self.base, path)
            except Exception as err:  # counted; the browser tries again
                self.stats.error(f"{self.role} list page", err)
                await asyncio.sleep(2.0)
                continue
            self.stats.count("page")
            page = json.loads(body)
            self.page_rev = max(self.page_rev, int(page["r"]))
            self._saw(body)

    def _outdated(self) -> dict[str, float]:
        """Fragment id -> how long to wait first, for every part behind the mark or past its wake-up."""
        waits: dict[str, float] = {}
        for p in self.s.live_parts.values():
            woken = p.wake_at is not None and p.wake_at <= time.time()
            if p.fragment_id and (woken or self.mark.get(p.topic, 0) > p.shown):
                spread = p.delay_s + random.uniform(0, p.spread_s)  # as werkstatt/live/live_client.js waits
                waits[p.fragment_id] = max(spread, self.drawn.get(p.fragment_id, 0) + p.gap_s - time.perf_counter())
        return waits

    async def redraw_outdated(self) -> None:
        for _ in range(10):  # bounded: a part that stays outdated is an error, not a loop
            outdated = self._outdated()
            if not outdated:
                return
            for fid, wait in outdated.items():
                if wait > 0:
                    await asyncio.sleep(wait)
                parts = [pid for pid, p in self.s.live_parts.items() if p.fragment_id == fid]
                if not parts:
                    continue  # a full run in between replaced it
                try:
                    # As the browser: the live part's trigger "changed" (its callback marks the run's lane).
                    await self.rerun([live_trigger(parts[0])], fragment_id=fid)
                except Exception as err:  # counted, the run goes on
                    self.stats.error(f"{self.role} redraw", err)
                    return

    async def tick(self, stop: asyncio.Event) -> None:
        """An older commit's polling: each fragment on its own `run_every` timer."""
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
                self.stats.error(f"{self.role} tick", err)


async def open_phone(base: str, token: str, idx: int, stats: Stats) -> Screen:
    """A phone that joined before (bench/session_load.py joins them in the database: the open code
    admits only ten new identities per address and hour); it opens its own link /mitmachen?p=<token>."""
    phone = Screen(base, "mitmachen", f"p={token}", "phone", idx, stats)
    await phone.s.connect()
    await phone.rerun()
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
    # Sent at once, as the browser sends a click, even while a redraw of this phone waits or runs; the
    # answer is this post's confirmation (a higher number than the phone's earlier posts).
    last = phone.saved

    def confirms(body: str) -> bool:
        return any(int(m.group(1)) > last for m in SAVED.finditer(body))

    try:
        took, body = await phone.s.act([*states, trigger(send)], send.fragment_id, confirms, timeout=RERUN_TIMEOUT)
    except TimeoutError:
        stats.errors.append(f"post {marker}: no confirmation")
        stats.sent.pop(marker, None)
        return
    number = max(int(m.group(1)) for m in SAVED.finditer(body))
    phone.saved = number
    stats.count(phone.role)
    stats.post.append(took)
    stats.posted[number] = stats.sent[marker][0]


async def http_get(base: str, path: str) -> str:
    """One GET on its own connection, as small as the bench's event stream client; the body as text."""
    url = urlsplit(base)
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {url.netloc}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), RERUN_TIMEOUT)
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    status = head.split(b" ", 2)[1]
    if status != b"200":
        raise RuntimeError(f"HTTP {status.decode()}: {body[:100].decode(errors='replace')}")
    return body.decode()


def wall_redrawn(stats: Stats) -> list[float]:
    """Post -> the shared screen redrawn with it counted (ids are the posts in a fresh database, in order):
    the wall shows a page of cards at a time, so the post's text itself may appear a page turn later."""
    delays = []
    for post_id, sent in stats.posted.items():
        drawn = next((t for t, n in stats.wall_counts if t >= sent and n >= post_id), None)
        if drawn is not None:
            delays.append(drawn - sent)
    return delays


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]
