"""Starlette route that turns a login grant into an HttpOnly session cookie.

Wire it into the `st.App` in serve.py:
    Route("/auth/session", login_cookie_route)
and set WERKSTATT_HTTPONLY_LOGIN=true: the login form then ends with a link to
this route instead of setting the cookie from JavaScript.
"""

from __future__ import annotations

import os
from functools import lru_cache

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from db.engine import database_url, make_engine, make_sessionmaker
from werkstatt.accounts.grants import redeem_grant
from werkstatt.accounts.sessions import COOKIE_NAME, LIFETIME
from werkstatt.clock import utc_now

ROUTE_PATH = "/auth/session"


@lru_cache(maxsize=4)
def _factory(url: str) -> sessionmaker[Session]:
    return make_sessionmaker(make_engine(url))


def secure_cookie() -> bool:
    configured = os.environ.get("WERKSTATT_COOKIE_SECURE", "").strip().lower()
    if configured:
        return configured in ("1", "true", "yes", "ja")
    return os.environ.get("WERKSTATT_BASE_URL", "").strip().lower().startswith("https://")


def httponly_login_enabled() -> bool:
    return os.environ.get("WERKSTATT_HTTPONLY_LOGIN", "").strip().lower() in ("1", "true", "yes", "ja")


def login_cookie_route(request: Request) -> Response:
    """GET /auth/session?grant=…: set the cookie (HttpOnly; SameSite=Lax; Secure over HTTPS), go to /login."""
    with _factory(database_url()).begin() as session:
        token = redeem_grant(session, grant=request.query_params.get("grant", ""), now=utc_now())
    response = RedirectResponse("/login" if token else "/login?abgelaufen=1", status_code=303)
    if token:
        response.set_cookie(
            COOKIE_NAME,
            token,
            max_age=int(LIFETIME.total_seconds()),
            path="/",
            httponly=True,
            secure=secure_cookie(),
            samesite="lax",
        )
    return response
