"""`GET /live/{workshop_id}/board?k=<ticket>&r=<revision>&limit=<n>`: the phones' shared list as JSON.

Every phone of a workshop asks for the same page after each change (werkstatt/live/live_client.js,
when the event stream reports a newer revision). The page is read once per revision and page size
in a worker thread, while the other phones asking for it wait for that one read (one lock per page),
then all of them get the same bytes: 200 phones cost one database read per change instead of 200
script runs (docs/performance.md, "Round 9").

The ticket (werkstatt/session/board_feed.py) is a keyed hash of the workshop id that a phone's page
gets from the server; without it, nothing is read. A phone's own part (its dots) never comes here.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from urllib.parse import parse_qs

from sqlalchemy import Engine
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from db.engine import read_sessionmaker
from werkstatt.live.hub import Hub
from werkstatt.live.retry import german, is_unavailable
from werkstatt.live.sse import UNKNOWN, path_workshop_id
from werkstatt.live.topics import mark_of
from werkstatt.session.board_feed import page_limit, shared_page, ticket_ok

PageKey = tuple[int, int]  # (workshop id, page size)


class BoardFeed:
    def __init__(self, engine: Engine, key: Callable[[], bytes], hub: Hub) -> None:
        self._sessions = read_sessionmaker(engine)
        self._key = key
        self._hub = hub
        self._pages: dict[PageKey, tuple[int, bytes]] = {}  # (revision read, body)
        self._locks: dict[PageKey, asyncio.Lock] = {}
        self.reads = 0  # for tests and the bench: pages read from the database

    def read(self, workshop_id: int, limit: int) -> tuple[int, bytes]:
        """Blocking: the mark first, then the page, in one read transaction."""
        with self._sessions() as session:
            revision = mark_of(session, workshop_id=workshop_id).revision
            page = shared_page(session, workshop_id=workshop_id, revision=revision, limit=limit)
        self.reads += 1
        return revision, json.dumps(page, ensure_ascii=False, separators=(",", ":")).encode()

    async def page(self, workshop_id: int, limit: int, wanted: int) -> bytes:
        """The page at revision `wanted` or newer (what this process last heard counts as wanted too)."""
        key = (workshop_id, limit)
        wanted = max(wanted, self._hub.latest(workshop_id).revision)
        cached = self._pages.get(key)
        if cached is not None and cached[0] >= wanted:
            return cached[1]
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            cached = self._pages.get(key)  # read by the phone that held the lock before us
            if cached is not None and cached[0] >= wanted:
                return cached[1]
            revision, body = await asyncio.to_thread(self.read, workshop_id, limit)
            if cached is None or revision >= cached[0]:
                self._pages[key] = (revision, body)
            return body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        workshop_id = path_workshop_id(scope)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        ticket = (query.get("k") or [""])[0]
        if workshop_id is None or not ticket_ok(self._key(), workshop_id, ticket):
            await PlainTextResponse(UNKNOWN, status_code=404)(scope, receive, send)
            return
        wanted = (query.get("r") or ["0"])[0]
        limit = page_limit((query.get("limit") or [""])[0])
        try:
            body = await self.page(workshop_id, limit, int(wanted) if wanted.isdigit() else 0)
        except Exception as err:
            if not is_unavailable(err):
                raise
            # The browser keeps the list it shows and asks again; the page's notice says why.
            await PlainTextResponse(german(err, reading=True).message, status_code=503)(scope, receive, send)
            return
        headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
        await Response(body, media_type="application/json", headers=headers)(scope, receive, send)


def board_route(feed: BoardFeed) -> Route:
    return Route("/live/{workshop_id}/board", feed, methods=["GET"])
