"""Starlette route that turns a login grant into an HttpOnly session cookie.

serve.py mounts it with `login_route()`, which also switches the login form to it: the
form then sends the browser through this route (a script in the page, a link as fallback)
instead of setting the cookie from JavaScript. WERKSTATT_HTTPONLY_LOGIN=false switches it
off; `streamlit run app.py` (no route) always uses the JavaScript cookie.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from db.engine import make_engine, make_sessionmaker
from werkstatt.accounts.grants import redeem_grant
from werkstatt.accounts.sessions import COOKIE_NAME, LIFETIME
from werkstatt.clock import utc_now
from werkstatt.settings import Settings

ROUTE_PATH = "/auth/session"
_MOUNTED: list[bool] = []  # set by login_route(): this process serves the route
_LOCAL_TARGET = re.compile(r"/[A-Za-z0-9_\-./]*(\?[A-Za-z0-9_\-.=&%+]*)?")


@lru_cache(maxsize=4)
def _factory(url: str, busy_ms: int) -> sessionmaker[Session]:
    return make_sessionmaker(make_engine(url, busy_ms=busy_ms))


def cookie_route(settings: Settings) -> Callable[[Request], Response]:
    """The endpoint for GET /auth/session, for the server's settings."""

    def login_cookie_route(request: Request) -> Response:
        return _login_cookie(request, settings)

    return login_cookie_route


def httponly_login_enabled(settings: Settings) -> bool:
    """On where serve.py mounted the route, unless WERKSTATT_HTTPONLY_LOGIN says false."""
    return bool(_MOUNTED) and settings.httponly_login


def local_target(value: str) -> str:
    """`value` when it is a path of this site (with a plain query), else "/login": never another host."""
    if not _LOCAL_TARGET.fullmatch(value or "") or value.startswith("//"):
        return "/login"
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else "/login"


def login_route(settings: Settings) -> Route:
    """The route for serve.py's st.App; mounting it turns the HttpOnly login on for this process."""
    _MOUNTED.append(True)
    return Route(ROUTE_PATH, cookie_route(settings), methods=["GET"])


def _login_cookie(request: Request, settings: Settings) -> Response:
    """GET /auth/session?grant=…&next=/page: set the cookie (HttpOnly; SameSite=Lax; Secure over HTTPS),
    then back to the page the login form was on (a local path only), or to /login."""
    with _factory(settings.database_url, settings.sqlite_busy_ms).begin() as session:
        token = redeem_grant(session, grant=request.query_params.get("grant", ""), now=utc_now())
    target = local_target(request.query_params.get("next", ""))
    response = RedirectResponse(target if token else "/login?abgelaufen=1", status_code=303)
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
