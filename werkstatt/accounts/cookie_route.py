"""Starlette route that turns a login grant into an HttpOnly session cookie.

serve.py mounts it with `login_route()`, which also switches the login form to it: the
form then sends the browser through this route (a script in the page, a link as fallback)
instead of setting the cookie from JavaScript. WERKSTATT_HTTPONLY_LOGIN=false switches it
off; `streamlit run app.py` (no route) always uses the JavaScript cookie.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from urllib.parse import urlsplit

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from db.engine import database_url, make_engine, make_sessionmaker
from werkstatt.accounts.grants import redeem_grant
from werkstatt.accounts.sessions import COOKIE_NAME, LIFETIME
from werkstatt.clock import utc_now

ROUTE_PATH = "/auth/session"
_MOUNTED: list[bool] = []  # set by login_route(): this process serves the route
_LOCAL_TARGET = re.compile(r"/[A-Za-z0-9_\-./]*(\?[A-Za-z0-9_\-.=&%+]*)?")


@lru_cache(maxsize=4)
def _factory(url: str) -> sessionmaker[Session]:
    return make_sessionmaker(make_engine(url))


def secure_cookie() -> bool:
    configured = os.environ.get("WERKSTATT_COOKIE_SECURE", "").strip().lower()
    if configured:
        return configured in ("1", "true", "yes", "ja")
    return os.environ.get("WERKSTATT_BASE_URL", "").strip().lower().startswith("https://")


def httponly_login_enabled() -> bool:
    """On where serve.py mounted the route, unless WERKSTATT_HTTPONLY_LOGIN says false."""
    configured = os.environ.get("WERKSTATT_HTTPONLY_LOGIN", "").strip().lower()
    return bool(_MOUNTED) and configured not in ("0", "false", "no", "nein")


def local_target(value: str) -> str:
    """`value` when it is a path of this site (with a plain query), else "/login": never another host."""
    if not _LOCAL_TARGET.fullmatch(value or "") or value.startswith("//"):
        return "/login"
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else "/login"


def login_route() -> Route:
    """The route for serve.py's st.App; mounting it turns the HttpOnly login on for this process."""
    _MOUNTED.append(True)
    return Route(ROUTE_PATH, login_cookie_route, methods=["GET"])


def login_cookie_route(request: Request) -> Response:
    """GET /auth/session?grant=…&next=/page: set the cookie (HttpOnly; SameSite=Lax; Secure over HTTPS),
    then back to the page the login form was on (a local path only), or to /login."""
    with _factory(database_url()).begin() as session:
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
            secure=secure_cookie(),
            samesite="lax",
        )
    return response
