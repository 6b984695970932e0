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
from collections.abc import AsyncIterator, Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from werkstatt.live.hub import Hub
from werkstatt.live.topics import Mark

HEARTBEAT_S = 15.0  # below HAProxy's `timeout server`/`timeout client` (deploy/haproxy.cfg)
RETRY_MS = 1500  # how long a browser waits before it reconnects
MAX_WORKSHOP_ID = 2**31 - 1

ReadMark = Callable[[int], Mark]


def revision_event(workshop_id: int, mark: Mark) -> str:
    payload = json.dumps({"w": workshop_id, "r": mark.revision, "k": mark.timer, "t": round(time.time() * 1000)})
    return f"event: revision\ndata: {payload}\n\n"


async def event_stream(hub: Hub, workshop_id: int, read_mark: ReadMark) -> AsyncIterator[str]:
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


def events_route(hub: Hub, read_mark: ReadMark) -> Route:
    async def endpoint(request: Request) -> Response:
        raw = request.path_params["workshop_id"]
        if not raw.isdigit() or not 0 < int(raw) <= MAX_WORKSHOP_ID:
            return PlainTextResponse("Unbekannte Werkstatt.", status_code=404)
        headers = {
            "Cache-Control": "no-cache, no-transform",
            "X-Accel-Buffering": "no",  # nginx and friends: do not buffer the stream
        }
        stream = event_stream(hub, int(raw), read_mark)
        return StreamingResponse(stream, media_type="text/event-stream", headers=headers)

    return Route("/live/{workshop_id}/events", endpoint, methods=["GET"])
