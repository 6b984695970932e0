"""A real `streamlit run` on a free port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.orm import sessionmaker

from db.engine import make_engine, make_sessionmaker
from werkstatt.accounts.users import add_user
from werkstatt.bootstrap import init_database
from werkstatt.live.revision import track_revisions

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("WERKSTATT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOT_DIR = Path(os.environ.get("WERKSTATT_SHOT_DIR", ROOT / "build" / "screenshots"))
VIEWPORTS = {"phone": (390, 844), "laptop": (1366, 768), "beamer": (1920, 1080)}

ORGANIZER = ("orga", "orga-passwort-123")
MODERATOR = ("moderation", "mod-passwort-123")

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    database_url: str
    process: subprocess.Popen

    def session_factory(self):
        # Tracked like the app's own writes: a test's change advances the revision screens listen to.
        return track_revisions(make_sessionmaker(make_engine(self.database_url)))


def start_server(
    database_url: str,
    log_path: Path,
    extra_env: dict[str, str] | None = None,
    port: int | None = None,
    entry: str = "serve.py",
    cwd: Path = ROOT,
) -> Server:
    """`streamlit run serve.py` (the st.App entry) on a free port, or on `port` (a restart).

    `entry`/`cwd`: another entry or checkout (bench/ compares against an older commit's `app.py`)."""
    port = port or _free_port()
    env = {**os.environ, "WERKSTATT_DATABASE_URL": database_url, **(extra_env or {})}
    log = log_path.open("a")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", entry,
            "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={port}",
            "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
        ],
        cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early, see {log_path}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return Server(url=url, database_url=database_url, process=process)
        except OSError:
            time.sleep(0.3)
    stop_server(process)
    raise RuntimeError(f"streamlit did not become healthy, see {log_path}")


def stop_server(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def prepare_database(url: str) -> None:
    engine = make_engine(url)
    init_database(engine)
    with make_sessionmaker(engine).begin() as s:
        add_user(s, username=ORGANIZER[0], role="organizer", password=ORGANIZER[1], name="Olga Orga")
        add_user(s, username=MODERATOR[0], role="moderator", password=MODERATOR[1], name="Moritz Mod")
    engine.dispose()


@contextmanager
def app_server(
    work: Path,
    name: str = "app",
    *,
    seed: Callable[[sessionmaker, str], None] | None = None,
    extra_env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """A server on a SQLite file of its own in `work`, seeded by `seed(factory, url)` before it starts."""
    url = f"sqlite:///{work / f'{name}.db'}"
    prepare_database(url)
    if seed is not None:
        engine = make_engine(url)
        try:
            seed(make_sessionmaker(engine), url)
        finally:
            engine.dispose()
    srv = start_server(url, work / f"{name}.log", extra_env)
    try:
        yield srv
    finally:
        stop_server(srv.process)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One app server for the e2e session, on its own SQLite file."""
    with app_server(tmp_path_factory.mktemp("e2e"), "e2e") as srv:
        yield srv


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[Server]:
    """A server with a database of its own for a test that changes data: no test sees another's state."""
    with app_server(tmp_path, "own") as srv:
        yield srv


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium fehlt unter {CHROMIUM}: `apt-get install -y chromium` (make test tut das als root).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def new_page(browser, viewport: str = "laptop", locale: str = "de-DE"):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    return context.new_page()


def only_one(locator, timeout: float = 30_000):
    """The one card a live list shows for this text, once the list is at rest.

    While Streamlit redraws a list whose cards moved up or down, the old copy of a card stays in
    the page (faded) until the run ends, so for a moment a card can be there twice. A person sees
    the list at rest: this waits until exactly one card matches and fails if two stay.
    """
    from playwright.sync_api import expect

    expect(locator).to_have_count(1, timeout=timeout)
    return locator


def wait_idle(page, timeout: float = 20_000, settle: float = 0.6) -> None:
    """Wait until the script has finished and stayed finished for `settle` seconds.

    The cookie component reruns the script right after load; typing before
    that settles can be lost (docs/architecture.md).
    """
    app = page.locator('[data-testid="stApp"]')
    deadline = time.monotonic() + timeout / 1000
    calm_since = None
    while time.monotonic() < deadline:
        state = app.get_attribute("data-test-script-state") if app.count() else None
        if state == "notRunning":
            calm_since = calm_since or time.monotonic()
            if time.monotonic() - calm_since >= settle:
                return
        else:
            calm_since = None
        time.sleep(0.1)
    raise AssertionError("Seite wurde nicht ruhig (Skript lief weiter)")


def goto(page, server: Server, path: str = "/") -> None:
    page.goto(server.url + path)
    page.wait_for_selector('[data-testid="stApp"]', timeout=30_000)
    wait_idle(page)


def login(page, server: Server, user: tuple[str, str], path: str = "/login") -> None:
    goto(page, server, path)
    page.get_by_label("Benutzername").fill(user[0])
    page.get_by_role("textbox", name="Passwort").fill(user[1])
    page.get_by_role("button", name="Anmelden").click()
    # The cookie component stores the session id from JavaScript, then reruns by itself;
    # a reload before the cookie exists would log out. Wait for the cookie or a refusal.
    deadline = time.monotonic() + 30
    while True:
        if any(c["name"] == "werkstatt_login" for c in page.context.cookies()):
            break
        if page.locator('[data-testid="stMain"] [role="alert"]').count():
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"Anmeldung als {user[0]}: binnen 30 s weder Cookie noch Meldung")
        time.sleep(0.2)
    wait_idle(page)


def shoot(page, name: str, full_page: bool = True) -> Path:
    SHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None
