"""AppTest against app.py on a fresh, initialized SQLite file per test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from db.engine import make_engine, make_sessionmaker
from werkstatt.accounts.users import add_user
from werkstatt.bootstrap import init_database

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


def app_as(role: str | None, timeout: float = 30) -> AppTest:
    """app.py with a logged-in staff user preset (None: anonymous)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if role is not None:
        logged_in(at, role)
    return at


def logged_in(at: AppTest, role: str) -> AppTest:
    """Preset the session of a logged-in staff user (as the login component leaves it)."""
    username, name = {"organizer": ("orga", "Olga Orga"), "moderator": ("mod", "Moritz Mod")}[role]
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["name"] = name
    at.session_state["roles"] = [role]
    at.session_state["logout"] = None
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
