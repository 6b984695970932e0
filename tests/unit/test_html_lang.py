"""The st.App middleware serves Streamlit's page as a German document and leaves everything else alone."""

from __future__ import annotations

import asyncio
import threading

from werkstatt.palette import MUTED
from werkstatt.ui.html_lang import GERMAN_LABELS, GERMAN_TEXTS, PAGE_SCRIPT, HtmlLangMiddleware

PAGE = b'<!doctype html><html lang="en"><head><title>Streamlit</title></head><body></body></html>'


def _serve(body: bytes, content_type: bytes, chunks: int = 1):
    """A tiny ASGI app that answers `body` in `chunks` parts and records the request headers it saw."""
    seen: dict = {}

    async def app(scope, receive, send) -> None:
        seen["headers"] = dict(scope["headers"])
        headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        size = max(1, len(body) // chunks)
        parts = [body[i : i + size] for i in range(0, len(body), size)]
        for n, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": n < len(parts) - 1})

    return app, seen


def _get(app, path: str, accept: bytes) -> tuple[dict, bytes]:
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    async def send(message: dict) -> None:
        sent.append(message)

    headers = [(b"accept", accept), (b"accept-encoding", b"gzip")]
    scope = {"type": "http", "method": "GET", "path": path, "headers": headers}
    # Its own loop in its own thread: an e2e test's Playwright (sync API) may leave a loop
    # running in this thread when the suites run in one process.
    failure: list[BaseException] = []

    def serve() -> None:
        try:
            asyncio.run(app(scope, receive, send))
        except BaseException as exc:  # re-raised in the test's thread
            failure.append(exc)

    worker = threading.Thread(target=serve)
    worker.start()
    worker.join()
    if failure:
        raise failure[0]
    start = dict(sent[0]["headers"])
    return start, b"".join(m.get("body", b"") for m in sent[1:])


def test_a_page_is_served_in_german_with_a_correct_length() -> None:
    inner, seen = _serve(PAGE, b"text/html; charset=utf-8", chunks=3)
    headers, body = _get(HtmlLangMiddleware(inner), "/anmeldung", b"text/html,application/xhtml+xml")
    assert b'<html lang="de">' in body
    assert b"<title>Werkstatt</title>" in body
    # The product's stylesheet sits in the head: captions keep their contrast while Streamlit redraws.
    head = body.split(b"</head>")[0]
    assert b'[data-testid="stCaptionContainer"]' in head and MUTED.encode() in head
    assert int(headers[b"content-length"]) == len(body)
    assert b"accept-encoding" not in seen["headers"]  # asked uncompressed, so it can be rewritten
    # The page script comes with the page, not only with the first run: the menu is reachable by
    # keyboard from the first paint, and a double-click's second click is dropped.
    tail = body.split(b"<body>")[1]
    assert PAGE_SCRIPT.encode() in tail and b"stSidebarContent" in tail and b"event.detail > 1" in tail


def test_scripts_data_and_streamlit_endpoints_pass_unchanged() -> None:
    script = b'const x = "<html lang=\\"en\\">";'
    inner, seen = _serve(script, b"application/javascript")
    _, body = _get(HtmlLangMiddleware(inner), "/static/js/index.js", b"*/*")
    assert body == script
    assert seen["headers"][b"accept-encoding"] == b"gzip"
    inner, _ = _serve(PAGE, b"text/html")
    _, body = _get(HtmlLangMiddleware(inner), "/_stcore/health", b"text/html")
    assert body == PAGE


def test_only_whole_phrases_replace_visible_text() -> None:
    """Short words ("Stop", "Open") may appear in contributions: they are only attribute labels."""
    assert all(" " in phrase for phrase in GERMAN_TEXTS)
    assert "Stop" in GERMAN_LABELS and "Stop" not in GERMAN_TEXTS
    assert GERMAN_TEXTS["Skip to main content"] == "Zum Inhalt springen"
