"""Server entry: `streamlit run serve.py` runs Werkstatt as an ASGI app (Streamlit's `st.App`) under uvicorn.

`app.py` stays the router page script; this file adds what a page script cannot:
- routes: `/live/{workshop_id}/events`, server-sent events that tell every open screen of a
  workshop when it changed (werkstatt/live/sse.py), so screens redraw on change instead of
  polling; `/live/{workshop_id}/board`, the phones' shared list page (werkstatt/live/board_route.py);
- a lifespan: one listener per process (werkstatt/live/listener.py) that hears every change,
  from this process, from other processes via PostgreSQL LISTEN/NOTIFY, or by one cheap poll on
  SQLite;
- middleware: add response middleware to MIDDLEWARE below (e.g. headers, the page language).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import signal
from collections.abc import AsyncIterator
from typing import Any

import streamlit as st
from starlette.middleware import Middleware

from werkstatt.accounts.cookie_route import login_route
from werkstatt.accounts.secrets import secret_key
from werkstatt.live.board_route import BoardFeed, board_route
from werkstatt.live.client_js import client_route
from werkstatt.live.hub import HUB
from werkstatt.live.listener import MarkReader, ProcessListener
from werkstatt.live.sse import EventsFirst, events_route
from werkstatt.ui import config_reads, gc_tuning
from werkstatt.ui.db import make_engine, settings
from werkstatt.ui.html_lang import HtmlLangMiddleware

config_reads.install()  # Streamlit's config reads without its lock (werkstatt/ui/config_reads.py)
SETTINGS = settings()  # read once at start (werkstatt/settings.py)
_engine = make_engine(SETTINGS.database_url, busy_ms=SETTINGS.sqlite_busy_ms, pool_size=4, max_overflow=8)
_reader = MarkReader(_engine)

EVENTS = events_route(HUB, _reader.one)
BOARD = board_route(BoardFeed(_engine, functools.cache(lambda: secret_key(SETTINGS.database_url, SETTINGS)), HUB))
ROUTES = [
    EVENTS,
    BOARD,
    client_route(),
    # Sets the login cookie HttpOnly from the server; on unless WERKSTATT_HTTPONLY_LOGIN=false (docs/security.md).
    login_route(SETTINGS),
]

# Runs before Streamlit's own middleware on every request (outermost first).
MIDDLEWARE: list[Middleware] = [
    Middleware(EventsFirst, route=EVENTS),  # the event stream skips the stack below
    Middleware(EventsFirst, route=BOARD),  # so do the phones' list pages (no cookies, small JSON)
    Middleware(HtmlLangMiddleware),  # lang="de" and the page title in the served HTML
]


def _close_streams_on_signal() -> None:
    """uvicorn waits for open responses before it stops; end the event streams at SIGTERM/SIGINT."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(signum)

        def handler(num: int, frame: Any, previous: Any = previous) -> None:
            loop.call_soon_threadsafe(HUB.close)
            if callable(previous):
                previous(num, frame)

        with contextlib.suppress(ValueError):  # not in the main thread (embedded): rely on the defaults
            signal.signal(signum, handler)


@contextlib.asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    HUB.open()
    _close_streams_on_signal()
    gc_tuning.install()  # everything is imported now (werkstatt/ui/gc_tuning.py)
    listener = asyncio.create_task(ProcessListener(HUB, _engine).run(), name="werkstatt-live-listener")
    try:
        yield
    finally:
        HUB.close()
        listener.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listener
        _engine.dispose()


app = st.App("app.py", routes=ROUTES, middleware=MIDDLEWARE, lifespan=lifespan)
