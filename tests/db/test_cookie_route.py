"""The login grant and the Starlette route that sets the session cookie HttpOnly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.requests import Request

from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade
from db.models import User
from werkstatt.accounts import cookie_route as route_module
from werkstatt.accounts.cookie_route import (
    ROUTE_PATH,
    cookie_route,
    httponly_login_enabled,
    local_target,
    login_route,
)
from werkstatt.accounts.grants import GRANT_LIFETIME, issue_grant, redeem_grant
from werkstatt.accounts.login import log_in
from werkstatt.accounts.sessions import COOKIE_NAME, resolve
from werkstatt.accounts.users import add_user
from werkstatt.clock import utc_now
from werkstatt.settings import Settings

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def orga(session_factory):
    with session_factory.begin() as s:
        add_user(s, username="orga", role="organizer", password="orga-passwort-1")
    return session_factory


def test_a_grant_opens_one_session_once_and_only_within_a_minute(orga) -> None:
    with orga.begin() as s:
        outcome = log_in(s, username="orga", password="orga-passwort-1", client="x", now=T0, as_grant=True)
        late = issue_grant(s, user=s.scalar(select(User)), now=T0)
    assert outcome.ok
    with orga.begin() as s:
        token = redeem_grant(s, grant=outcome.token, now=T0 + timedelta(seconds=5))
    with orga.begin() as s:
        assert redeem_grant(s, grant=outcome.token, now=T0 + timedelta(seconds=6)) is None  # spent
        assert redeem_grant(s, grant=late, now=T0 + GRANT_LIFETIME) is None  # expired
        assert redeem_grant(s, grant="\x00", now=T0) is None
    with orga() as s:
        assert resolve(s, token=token, now=T0 + timedelta(seconds=7)).username == "orga"


def _request(query: str) -> Request:
    return Request({"type": "http", "method": "GET", "path": ROUTE_PATH, "query_string": query.encode(), "headers": []})


def test_the_route_sets_an_httponly_lax_cookie(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'route.db'}"
    login_cookie_route = cookie_route(
        Settings.from_env({"WERKSTATT_DATABASE_URL": url, "WERKSTATT_BASE_URL": "https://werkstatt.example"})
    )
    engine = make_engine(url)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    with factory.begin() as s:
        user = add_user(s, username="orga", role="organizer", password="orga-passwort-1")
        grant = issue_grant(s, user=user, now=utc_now())
    response = login_cookie_route(_request(f"grant={grant}"))
    assert response.status_code == 303 and response.headers["location"] == "/login"
    header = response.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=lax" in header and "Secure" in header and "Path=/" in header
    token = SimpleCookie(header)[COOKIE_NAME].value
    with factory() as s:
        assert resolve(s, token=token, now=utc_now()).username == "orga"
    replay = login_cookie_route(_request(f"grant={grant}"))
    assert "set-cookie" not in replay.headers and replay.headers["location"] == "/login?abgelaufen=1"
    engine.dispose()


@pytest.mark.parametrize(
    ("wanted", "location"),
    [
        ("/moderation?w=2", "/moderation?w=2"),
        ("/organisation", "/organisation"),
        ("//evil.example/x", "/login"),
        ("https://evil.example/", "/login"),
        ("/\\evil.example", "/login"),
        ("javascript:alert(1)", "/login"),
        ("", "/login"),
    ],
)
def test_after_the_cookie_the_route_goes_back_to_a_local_page_only(wanted: str, location: str) -> None:
    assert local_target(wanted) == location


def test_httponly_login_is_on_where_the_route_is_mounted_unless_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(route_module, "_MOUNTED", [])
    settings = Settings.from_env({})
    assert not httponly_login_enabled(settings)  # `streamlit run app.py`: no route, the JavaScript cookie
    assert login_route(settings).path == ROUTE_PATH  # what serve.py does
    assert httponly_login_enabled(settings)
    assert not httponly_login_enabled(Settings.from_env({"WERKSTATT_HTTPONLY_LOGIN": "false"}))
