"""Starlette route that turns a login grant into an HttpOnly session cookie.

Wire it into the `st.App` in serve.py:
    Route("/auth/session", cookie_route(settings))
and set WERKSTATT_HTTPONLY_LOGIN=true: the login form then ends with a link to
this route instead of setting the cookie from JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from db.engine import make_engine, make_sessionmaker
from werkstatt.accounts.grants import redeem_grant
from werkstatt.accounts.sessions import COOKIE_NAME, LIFETIME
from werkstatt.clock import utc_now
from werkstatt.settings import Settings

ROUTE_PATH = "/auth/session"


@lru_cache(maxsize=4)
def _factory(url: str, busy_ms: int) -> sessionmaker[Session]:
    return make_sessionmaker(make_engine(url, busy_ms=busy_ms))


def cookie_route(settings: Settings) -> Callable[[Request], Response]:
    """The endpoint for GET /auth/session, for the server's settings."""

    def login_cookie_route(request: Request) -> Response:
        return _login_cookie(request, settings)

    return login_cookie_route


def _login_cookie(request: Request, settings: Settings) -> Response:
    """GET /auth/session?grant=…: set the cookie (HttpOnly; SameSite=Lax; Secure over HTTPS), go to /login."""
    with _factory(settings.database_url, settings.sqlite_busy_ms).begin() as session:
        token = redeem_grant(session, grant=request.query_params.get("grant", ""), now=utc_now())
    response = RedirectResponse("/login" if token else "/login?abgelaufen=1", status_code=303)
    if token:
        response.set_cookie(
            COOKIE_NAME,
            token,
            max_age=int(LIFETIME.total_seconds()),
            path="/",
            httponly=True,
            secure=settings.cookie_secure,
            samesite="lax",
        )
    return response
