"""One listener per server process: it feeds the hub (werkstatt/live/hub.py) with new marks.

- Every commit in this process arrives through the in-process bus (werkstatt/live/bus.py).
- PostgreSQL: one dedicated connection `LISTEN werkstatt_live` hears the commits of every
  process (payload `<workshop_id>:<revision>`); after a reconnect, and at least every
  `RESYNC_S`, the watched workshops are re-read in case a notice was missed.
- SQLite: one cheap poll per process (not per browser) of the watched workshops every
  `POLL_S`, for changes made by other processes (CLI, a second server).
A notice only names the revision; the listener reads the full mark (werkstatt/live/topics.py)
once per process and burst of notices, never once per browser.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from sqlalchemy import Engine

from db.engine import read_sessionmaker
from werkstatt.live import bus
from werkstatt.live.hub import Hub
from werkstatt.live.topics import Mark, mark_of, marks_of

CHANNEL = "werkstatt_live"
POLL_S = 1.0
RESYNC_S = 30.0
RECONNECT_S = (0.5, 1.0, 2.0, 5.0)

_log = logging.getLogger(__name__)


def parse_notice(payload: str) -> tuple[int, int] | None:
    workshop, _, revision = payload.partition(":")
    if not (workshop.isdigit() and revision.isdigit()):
        return None
    return int(workshop), int(revision)


class MarkReader:
    """Blocking reads, run in a worker thread (asyncio.to_thread).

    Read-only sessions: on SQLite a plain session begins IMMEDIATE, i.e. takes the write lock, and
    this reader runs after every commit and every second; posts then waited for it (seconds under
    load, bench/session_load.py)."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = read_sessionmaker(engine)

    def one(self, workshop_id: int) -> Mark:
        with self._sessions() as session:
            return mark_of(session, workshop_id=workshop_id)

    def many(self, workshop_ids: Iterable[int]) -> dict[int, Mark]:
        with self._sessions() as session:
            return marks_of(session, workshop_ids=workshop_ids)


class ProcessListener:
    def __init__(self, hub: Hub, engine: Engine) -> None:
        self.hub = hub
        self.engine = engine
        self.reader = MarkReader(engine)
        self._pending: set[int] = set()
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    async def run(self) -> None:
        self._loop = asyncio.get_running_loop()
        unsubscribe = bus.subscribe(self.notice_threadsafe)
        refresher = asyncio.create_task(self._refresh_pending())
        try:
            if self.engine.dialect.name == "postgresql":
                await self._listen_postgres()
            else:
                await self._poll(POLL_S)
        finally:
            unsubscribe()
            refresher.cancel()

    def notice(self, workshop_id: int, revision: int) -> None:
        """On the loop: a commit reached `revision`; read the mark unless we know it already."""
        if revision > self.hub.latest(workshop_id).revision:
            self._pending.add(workshop_id)
            self._wake.set()

    def notice_threadsafe(self, workshop_id: int, revision: int) -> None:
        """The bus calls this on the committing thread (a script run)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self.notice, workshop_id, revision)
            except RuntimeError:  # the loop closed in between
                pass

    async def _refresh_pending(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            ids, self._pending = self._pending, set()
            await self._read(ids)

    async def _read(self, workshop_ids: Iterable[int]) -> None:
        ids = list(workshop_ids)
        if not ids:
            return
        try:
            marks = await asyncio.to_thread(self.reader.many, ids)
        except Exception:  # a locked or unreachable database must not end the listener
            _log.warning("live: reading revisions failed", exc_info=True)
            return
        for workshop_id, mark in marks.items():
            self.hub.update(workshop_id, mark)

    async def _poll(self, every: float) -> None:
        while True:
            await self._read(self.hub.watched())
            await asyncio.sleep(every)

    def _conninfo(self) -> str:
        return self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)

    async def _listen_postgres(self) -> None:
        import psycopg

        failures = 0
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self._conninfo(), autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    failures = 0
                    while True:
                        await self._read(self.hub.watched())  # what we may have missed while (re)connecting
                        async for note in conn.notifies(timeout=RESYNC_S):
                            if parsed := parse_notice(note.payload):
                                self.notice(*parsed)
            except (psycopg.Error, OSError):
                delay = RECONNECT_S[min(failures, len(RECONNECT_S) - 1)]
                failures += 1
                _log.warning("live: LISTEN connection lost, retrying in %s s", delay, exc_info=failures == 1)
                await asyncio.sleep(delay)
