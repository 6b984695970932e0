"""AppTest against app.py on a fresh, initialized SQLite file per test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from db.engine import database_url, make_engine, make_sessionmaker
from db.models import User
from werkstatt.accounts.sessions import open_session
from werkstatt.accounts.users import add_user
from werkstatt.bootstrap import init_database
from werkstatt.clock import utc_now
from werkstatt.ui.auth import SESSION_KEY

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    engine = make_engine(url)
    init_database(engine)
    with make_sessionmaker(engine).begin() as s:
        add_user(s, username="orga", role="organizer", password="orga-passwort-1", name="Olga Orga")
        add_user(s, username="mod", role="moderator", password="mod-passwort-1", name="Moritz Mod")
    engine.dispose()
    monkeypatch.setenv("WERKSTATT_DATABASE_URL", url)
    yield url


def staff_session(username: str) -> str:
    """A real server-side login session for `username` in the app's database; returns its id."""
    engine = make_engine(database_url())
    try:
        with make_sessionmaker(engine).begin() as s:
            user = s.scalar(select(User).where(User.username == username))
            return open_session(s, user=user, now=utc_now())
    finally:
        engine.dispose()


def app_as(role: str | None, timeout: float = 30) -> AppTest:
    """app.py with a logged-in staff user (a real session, as after the login form; None: anonymous)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if role is not None:
        logged_in(at, role)
    return at


def logged_in(at: AppTest, role: str) -> AppTest:
    """A real server-side login session for the staff user of `role` (werkstatt/accounts/sessions.py)."""
    username = {"organizer": "orga", "moderator": "mod"}[role]
    at.session_state[SESSION_KEY] = staff_session(username)
    return at


def page_file(name: str) -> AppTest:
    """A page file run directly, as Streamlit does before the router's first run."""
    return AppTest.from_file(str(ROOT / "pages" / name), default_timeout=30)


def all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.title] + [h.value for h in at.header]
    parts += [s.value for s in at.subheader] + [c.value for c in at.caption] + [x.value for x in at.text]
    parts += [e.value for e in at.error] + [i.value for i in at.info] + [s.value for s in at.success]
    parts += [w.value for w in at.warning]
    return "\n".join(str(p) for p in parts)


def live_html(at: AppTest) -> str:
    """Markup of the live parts (werkstatt/ui/live_parts.py): countdown cards drawn by the browser."""
    parts = [el.proto for el in at.get("bidi_component")]
    datas = [json.loads(p.json) for p in parts if p.component_name == "werkstatt_live"]
    return "\n".join(str(d.get("html", "")) for d in datas)
