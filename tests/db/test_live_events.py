"""The event stream of a workshop: what a screen hears, from this process and from another one.

Real parts only: the process listener (werkstatt/live/listener.py) on the real database,
the stream generator the `/live/{id}/events` route serves, commits through the services,
and for "another process" a real second Python process writing to the same database
(PostgreSQL: LISTEN/NOTIFY; SQLite: the listener's one poll per process).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette

from db.models import User
from tests.conftest import ROOT
from werkstatt.live.hub import Hub
from werkstatt.live.listener import MarkReader, ProcessListener, parse_notice
from werkstatt.live.sse import EventsFirst, event_stream, events_route
from werkstatt.live.topics import Mark, mark_of, marks_of
from werkstatt.series.store import get_workshop
from werkstatt.session import contributions as c
from werkstatt.session import participants as p
from werkstatt.session.phase import set_phase_override
from werkstatt.session.timer_log import record_event

NOW = datetime(2021, 6, 30, 9, 5, tzinfo=UTC)
LATER = NOW + timedelta(minutes=1)  # past the 5 s between two posts of one person
WAIT_S = 10.0  # generous: only a bound for a broken listener, not a latency check


@pytest.fixture
def workshop(session_factory: sessionmaker[Session], bottrop: dict[int, int]) -> dict[str, Any]:
    wid = bottrop[1]
    with session_factory.begin() as s:
        s.add(User(username="mod", name="Moritz", password_hash="-", role="moderator"))
        s.flush()
        set_phase_override(s, workshop_id=wid, override="input", actor="mod", now=NOW)
        token = p.join(s, code=get_workshop(s, workshop_id=wid).join_code, now=NOW)
    return {"sf": session_factory, "wid": wid, "token": token}


async def _next_event(stream: AsyncIterator[str]) -> dict[str, int]:
    while True:
        chunk = await asyncio.wait_for(anext(stream), WAIT_S)
        if "data: " in chunk:
            return json.loads(chunk.split("data: ", 1)[1].strip())


def _hear(engine: Engine, workshop_id: int, change: Callable[[], object]) -> tuple[dict, dict]:
    """Open a stream, make the change (in a worker thread), return (first event, the next one)."""

    async def main() -> tuple[dict, dict]:
        hub = Hub()
        listener = asyncio.create_task(ProcessListener(hub, engine).run())
        stream = event_stream(hub, workshop_id, MarkReader(engine).one)
        try:
            first = await _next_event(stream)
            await asyncio.sleep(0.2)  # the listener's LISTEN is up (PostgreSQL)
            await asyncio.to_thread(change)
            return first, await _next_event(stream)
        finally:
            await stream.aclose()
            listener.cancel()

    return asyncio.run(main())


def test_the_stream_starts_with_the_current_revision(workshop: dict, engine: Engine) -> None:
    sf, wid = workshop["sf"], workshop["wid"]
    with sf.begin() as s:
        c.post(s, token=workshop["token"], category="challenge", text="Zu wenig Zeit", now=NOW)
    first, after_post = _hear(engine, wid, lambda: _post(sf, workshop["token"], "Keine Rückmeldung", LATER))
    with sf() as s:
        newest = s.execute(text("SELECT revision FROM live_revision WHERE workshop_id = :w"), {"w": wid}).scalar()
    assert first["w"] == wid and first["r"] >= 2  # phase, join, post: all shown somewhere
    assert after_post["r"] == newest > first["r"]


def test_a_post_moves_the_revision_but_not_the_timer_key(workshop: dict, engine: Engine) -> None:
    first, after = _hear(engine, workshop["wid"], lambda: _post(workshop["sf"], workshop["token"], "Mehr Tempo"))
    assert after["r"] > first["r"]
    assert after["k"] == first["k"]  # countdowns and the phase watch stay quiet


def test_a_timer_event_moves_the_timer_key(workshop: dict, engine: Engine) -> None:
    sf, wid = workshop["sf"], workshop["wid"]

    def start() -> None:
        with sf.begin() as s:
            record_event(s, workshop_id=wid, kind="start", actor="mod", now=NOW)

    first, after = _hear(engine, wid, start)
    assert after["k"] > first["k"] and after["r"] > first["r"]


def test_a_screens_mark_is_the_streams_mark_and_zero_before_any_change(workshop: dict, engine: Engine) -> None:
    """A part drawn from mark_of (one query) must not be redrawn by an event carrying the same mark."""
    sf, wid = workshop["sf"], workshop["wid"]
    with sf.begin() as s:
        record_event(s, workshop_id=wid, kind="start", actor="mod", now=NOW)
    with sf() as s:
        drawn, streamed = mark_of(s, workshop_id=wid), marks_of(s, workshop_ids=[wid])[wid]
        assert drawn == streamed and drawn.timer >= 1 and drawn.revision >= 1
        assert mark_of(s, workshop_id=987654) == Mark(0, 0)


def test_a_change_made_by_another_process_reaches_the_stream(workshop: dict, engine: Engine) -> None:
    """PostgreSQL: through NOTIFY; SQLite: through the listener's poll. No in-process bus involved."""
    first, after = _hear(engine, workshop["wid"], lambda: _start_in_other_process(engine, workshop["wid"]))
    assert after["k"] > first["k"]


def test_shutdown_ends_every_stream(workshop: dict, engine: Engine) -> None:
    async def main() -> list[str]:
        hub = Hub()
        stream = event_stream(hub, workshop["wid"], MarkReader(engine).one)
        chunks = [await anext(stream)]
        hub.close()
        chunks += [chunk async for chunk in stream]
        return chunks

    chunks = asyncio.run(main())
    assert len(chunks) == 1 and chunks[0].startswith("retry: ")


def _as_route(hub: Hub, engine: Engine) -> Starlette:
    return Starlette(routes=[events_route(hub, MarkReader(engine).one)])


def _in_front(hub: Hub, engine: Engine) -> EventsFirst:
    """As serve.py mounts it: the outermost middleware answers the stream; the app behind must not see it."""

    async def not_for_streams(scope: dict, receive: object, send: object) -> None:
        raise AssertionError(f"the stack behind was asked for {scope['path']}")

    return EventsFirst(not_for_streams, route=events_route(hub, MarkReader(engine).one))


MOUNTS = pytest.mark.parametrize("mount", [_as_route, _in_front], ids=["route", "outermost middleware"])


@MOUNTS
@pytest.mark.parametrize("path", ["/live/abc/events", "/live/0/events", "/live/99999999999/events"])
def test_a_malformed_workshop_is_refused_in_german(path: str, mount, engine: Engine) -> None:
    app = mount(Hub(), engine)
    status, body = asyncio.run(_get(app, path))
    assert status == 404
    assert body == "Unbekannte Werkstatt."


def test_the_outermost_middleware_passes_everything_else_on(engine: Engine) -> None:
    seen: list[str] = []

    async def behind(scope: dict, receive: object, send) -> None:
        seen.append(f"{scope['method']} {scope['path']}")
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    app = EventsFirst(behind, route=events_route(Hub(), MarkReader(engine).one))
    for path in ("/mitmachen", "/live/1/events/x", "/live/events", "/live/1/client.js"):
        assert asyncio.run(_get(app, path))[0] == 204
    assert seen == ["GET /mitmachen", "GET /live/1/events/x", "GET /live/events", "GET /live/1/client.js"]


async def _get(app: object, path: str) -> tuple[int, str]:
    """One plain ASGI GET (the route answers before any streaming starts)."""
    scope = {
        "type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"",
        "headers": [], "http_version": "1.1", "scheme": "http", "server": ("test", 80), "root_path": "",
    }  # fmt: skip
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body.decode()


@MOUNTS
def test_a_browser_that_leaves_ends_its_stream_and_frees_its_place_in_the_hub(
    workshop: dict, mount, engine: Engine
) -> None:
    """The route is a plain ASGI app: the disconnect ends the stream at its next event (no task group)."""
    hub = Hub()
    app = mount(hub, engine)
    path = f"/live/{workshop['wid']}/events"

    async def main() -> tuple[list[dict], int, int]:
        sent: list[dict] = []
        left = asyncio.Event()
        scope = {
            "type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"",
            "headers": [], "http_version": "1.1", "scheme": "http", "server": ("test", 80), "root_path": "",
        }  # fmt: skip

        async def receive() -> dict:
            await left.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict) -> None:
            sent.append(message)

        serving = asyncio.create_task(app(scope, receive, send))
        while len(sent) < 2:  # the head and the first event with the current mark
            await asyncio.sleep(0.01)
        during = hub.stream_count()
        left.set()
        await asyncio.sleep(0.01)
        hub.update(workshop["wid"], Mark(10**6, 10**6))  # the next event finds the browser gone
        await asyncio.wait_for(serving, 5)
        return sent, during, hub.stream_count()

    sent, during, after = asyncio.run(main())
    assert sent[0]["status"] == 200 and (b"text/event-stream; charset=utf-8") in dict(sent[0]["headers"]).values()
    assert b"event: revision" in sent[1]["body"]
    assert during == 1 and after == 0
    assert not any(b"1000000" in m.get("body", b"") for m in sent)  # nothing written after the disconnect


def test_notice_payloads_are_parsed_strictly() -> None:
    assert parse_notice("12:345") == (12, 345)
    assert parse_notice("12:") is None
    assert parse_notice("x:1") is None
    assert parse_notice("") is None


def _post(sf: sessionmaker[Session], token: str, words: str, now: datetime = NOW) -> None:
    with sf.begin() as s:
        c.post(s, token=token, category="challenge", text=words, now=now)


def _start_in_other_process(engine: Engine, workshop_id: int) -> None:
    url = engine.url.render_as_string(hide_password=False)
    search_path = ""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            search_path = str(conn.execute(text("SHOW search_path")).scalar())
    script = textwrap.dedent(
        f"""
        from datetime import UTC, datetime
        from db.engine import make_engine, make_sessionmaker
        from werkstatt.live.revision import track_revisions
        from werkstatt.session.timer_log import record_event
        args = {{"connect_args": {{"options": "-csearch_path={search_path}"}}}} if {bool(search_path)!r} else {{}}
        sf = track_revisions(make_sessionmaker(make_engine({url!r}, **args)))
        with sf.begin() as s:
            now = datetime(2021, 6, 30, 9, 5, tzinfo=UTC)
            record_event(s, workshop_id={workshop_id}, kind="start", actor="mod", now=now)
        """
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=60)
