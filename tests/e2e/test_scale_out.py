"""Scale-out: two app processes on one PostgreSQL behind HAProxy (deploy/haproxy.cfg).

A participant pinned to process A posts; the shared screen pinned to process B shows it. The moderator on
A starts the timer and moves on; B's beamer shows the same item. HAProxy's inserted cookie keeps every
browser - its page loads and its websocket - on one process (checked in HAProxy's log).
Runs only with WERKSTATT_TEST_PG_URL (own database, dropped afterwards) and HAProxy installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from db.models import Workshop
from deploy.scale_setup import drop_database, ensure_database, render_haproxy, server_lines
from tests.e2e.conftest import (
    MODERATOR,
    Server,
    _free_port,
    goto,
    login,
    new_page,
    prepare_database,
    start_server,
    stop_server,
    wait_idle,
)
from tests.e2e.steps import join_and_post
from werkstatt.clock import utc_now
from werkstatt.series.programme import agenda_rows
from werkstatt.session.phase import set_phase_override

PG_URL = os.environ.get("WERKSTATT_TEST_PG_URL", "")
COOKIE = "WERKSTATT_SERVER"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="WERKSTATT_TEST_PG_URL not set: scale-out needs PostgreSQL"),
    pytest.mark.skipif(shutil.which("haproxy") is None, reason="haproxy not installed (apt-get install -y haproxy)"),
]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Server, Server, Path]]:
    """(A, B, HAProxy in front of both, HAProxy's log) on a database of their own."""
    work = tmp_path_factory.mktemp("scale")
    url = make_url(PG_URL).set(database=f"werkstatt_scaletest_{uuid.uuid4().hex[:8]}").render_as_string(False)
    ensure_database(url)
    procs: list[subprocess.Popen] = []
    try:
        prepare_database(url)
        a = start_server(url, work / "a.log")
        procs.append(a.process)
        b = start_server(url, work / "b.log")
        procs.append(b.process)
        port = _free_port()
        ports = [int(s.url.rsplit(":", 1)[1]) for s in (a, b)]
        cfg = work / "haproxy.cfg"
        cfg.write_text(render_haproxy(bind="127.0.0.1", port=port, servers=server_lines(ports)) + "\n")
        subprocess.run(["haproxy", "-c", "-q", "-f", str(cfg)], check=True)
        log = work / "haproxy.log"
        lb_proc = subprocess.Popen(
            ["haproxy", "-db", "-f", str(cfg)], stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
        )
        procs.append(lb_proc)
        yield a, b, Server(url=f"http://127.0.0.1:{port}", database_url=url, process=lb_proc), log
    finally:
        for p in procs:
            stop_server(p)
        drop_database(url)


def pinned(browser, lb: Server, backend: str, viewport: str):
    """A browser that already carries HAProxy's cookie for `backend` (app1 = A, app2 = B)."""
    page = new_page(browser, viewport)
    page.context.add_cookies([{"name": COOKIE, "value": backend, "url": lb.url}])
    return page


def test_post_on_a_shows_on_b_and_the_timer_agrees(cluster, browser) -> None:
    _, _, lb, log = cluster
    with lb.session_factory().begin() as s:
        w = s.scalar(select(Workshop).where(Workshop.number == 2))
        wid, code, titles = w.id, w.join_code, [r.title for r in agenda_rows(w)]
        now = utc_now()
        set_phase_override(s, workshop_id=w.id, override="input", actor=MODERATOR[0], now=now)
        # A fresh database is in live mode already: the moderator's Start begins item 1.

    screen = pinned(browser, lb, "app2", "beamer")  # the shared screen is served by B
    login(screen, lb, MODERATOR)
    goto(screen, lb, f"/beamer?w={wid}")
    moderator = pinned(browser, lb, "app1", "laptop")  # the moderator and the phone by A
    login(moderator, lb, MODERATOR)
    goto(moderator, lb, f"/moderation?w={wid}")

    moderator.get_by_role("button", name="▶ Start").click()
    screen.locator(".bm-title").filter(has_text=titles[0]).wait_for(timeout=8000)
    wait_idle(moderator)
    moderator.get_by_role("button", name="⏭ Weiter").click()
    screen.locator(".bm-title").filter(has_text=titles[1]).wait_for(timeout=8000)
    wait_idle(moderator)
    assert moderator.get_by_text(titles[1]).first.is_visible()  # A shows the same current item
    assert f"PUNKT 2/{len(titles)}" in screen.locator(".bm-kicker").inner_text().upper()

    screen.evaluate("() => { window.__notReloaded = true; }")
    phone = pinned(browser, lb, "app1", "phone")
    text = f"Skalierungstest {uuid.uuid4().hex[:6]}: Ergebnisse öffentlich zurückmelden"
    join_and_post(phone, lb, code, "Transparenz-Hürde", text)
    screen.locator('[data-testid="stMain"]').get_by_text(text).wait_for(timeout=10_000)
    assert screen.evaluate("() => window.__notReloaded") is True  # pushed to B's screen, not reloaded

    # A fresh browser gets a server cookie from HAProxy and stays on that process.
    fresh = new_page(browser, "phone")
    goto(fresh, lb, "/")
    given = {c["name"]: c["value"] for c in fresh.context.cookies()}.get(COOKIE)
    assert given in ("app1", "app2")
    for page in (screen, moderator, phone, fresh):
        page.context.close()

    # Every websocket went to the process its cookie names; A and B both served one.
    streams = [line for line in log.read_text().splitlines() if "/_stcore/stream" in line]
    routed = [(re.search(r" streamlit/(app\d) ", s), re.search(rf"{COOKIE}=(app\d)", s)) for s in streams]
    pairs = [(srv.group(1), ck.group(1)) for srv, ck in routed if srv and ck]
    assert pairs and all(srv == ck for srv, ck in pairs), streams
    assert {srv for srv, _ in pairs} == {"app1", "app2"}
    assert any(ck == given for _, ck in pairs)  # the fresh browser's websocket carried its cookie
    # The shared screen's event stream went through HAProxy to B, the process its cookie names.
    events = [line for line in log.read_text().splitlines() if f"/live/{wid}/events" in line]
    assert any(" streamlit/app2 " in line and f"{COOKIE}=app2" in line for line in events), events
