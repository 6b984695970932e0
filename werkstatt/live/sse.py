"""`GET /live/{workshop_id}/events`: server-sent events with the workshop's mark (revision, timer key).

The first event is always the current revision read from the database, so a browser that
reconnects after a dropped connection or a server restart learns at once whether it is
behind. Then one `revision` event per newer revision (coalesced), and a comment line as a
heartbeat so proxies keep the idle connection open. Each event carries the server time in
milliseconds; the countdowns use it to correct for the browser's clock.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncGenerator, Callable

from starlette.responses import PlainTextResponse
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from werkstatt.live.hub import Hub
from werkstatt.live.topics import Mark

HEARTBEAT_S = 15.0  # below HAProxy's `timeout server`/`timeout client` (deploy/haproxy.cfg)
RETRY_MS = 1500  # how long a browser waits before it reconnects
MAX_WORKSHOP_ID = 2**31 - 1
UNKNOWN = "Unbekannte Werkstatt."

ReadMark = Callable[[int], Mark]


def path_workshop_id(scope: Scope) -> int | None:
    """The route's `{workshop_id}` when it is a plausible id (digits, 1 .. 2**31-1), else None."""
    raw = scope["path_params"]["workshop_id"]
    return int(raw) if raw.isdigit() and 0 < int(raw) <= MAX_WORKSHOP_ID else None


def revision_event(workshop_id: int, mark: Mark) -> str:
    payload = json.dumps({"w": workshop_id, "r": mark.revision, "k": mark.timer, "t": round(time.time() * 1000)})
    return f"event: revision\ndata: {payload}\n\n"


async def event_stream(hub: Hub, workshop_id: int, read_mark: ReadMark) -> AsyncGenerator[str, None]:
    with hub.watch(workshop_id) as wake:  # registered first: a change while we read is not missed
        current = await asyncio.to_thread(read_mark, workshop_id)
        hub.update(workshop_id, current)
        sent = max(current, hub.latest(workshop_id))
        yield f"retry: {RETRY_MS}\n" + revision_event(workshop_id, sent)
        while not hub.closing:
            try:
                await asyncio.wait_for(wake.wait(), HEARTBEAT_S)
            except TimeoutError:
                yield ": ping\n\n"
                continue
            wake.clear()
            newest = hub.latest(workshop_id)
            if newest > sent and not hub.closing:
                sent = newest
                yield revision_event(workshop_id, sent)


_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache, no-transform"),
    (b"x-accel-buffering", b"no"),  # nginx and friends: do not buffer the stream
]


class _Events:
    """The stream as a plain ASGI app: hundreds of phones keep one open each.

    Starlette's StreamingResponse runs two tasks in an anyio task group per response; here the stream
    runs in the connection's own task and one small task waits for the disconnect, which ends the
    stream at its next event or heartbeat (docs/performance.md, memory per idle phone).
    """

    def __init__(self, hub: Hub, read_mark: ReadMark) -> None:
        self.hub, self.read_mark = hub, read_mark

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        workshop_id = path_workshop_id(scope)
        if workshop_id is None:
            await PlainTextResponse(UNKNOWN, status_code=404)(scope, receive, send)
            return
        gone = asyncio.ensure_future(_disconnect(receive))
        stream = event_stream(self.hub, workshop_id, self.read_mark)
        try:
            await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
            async for chunk in stream:
                if gone.done():
                    break
                await send({"type": "http.response.body", "body": chunk.encode(), "more_body": True})
            if not gone.done():
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:  # the client went away while we wrote
            pass
        finally:
            gone.cancel()
            await stream.aclose()


async def _disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def events_route(hub: Hub, read_mark: ReadMark) -> Route:
    return Route("/live/{workshop_id}/events", _Events(hub, read_mark), methods=["GET"])


class EventsFirst:
    """Outermost middleware: a GET of the event stream goes straight to its route (`events_route`).

    An open response keeps a frame of every middleware it passed alive for as long as it is open
    (Streamlit's gzip responder, sessions, path check, exception handler and router): several KB per
    phone, for hours. The stream needs none of them: no cookies, no compression (it must not be
    buffered), and its one path parameter is checked by the stream itself.
    """

    def __init__(self, app: ASGIApp, route: Route) -> None:
        self.app, self.route = app, route

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match, child_scope = self.route.matches(scope) if scope["type"] == "http" else (Match.NONE, {})
        if match is not Match.FULL:  # another path, or not a GET: the rest of the stack answers
            await self.app(scope, receive, send)
            return
        await self.route.handle({**scope, **child_scope}, receive, send)
