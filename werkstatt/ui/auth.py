"""Staff login and the page guard; the server-side session (werkstatt/accounts/sessions.py) decides.

The browser keeps only a random session id: in this tab's session state after the
login, and in a cookie for reloads and new tabs. Every run checks that id against
the database, so logout, a password change or a disabled account end access at once;
a malformed or foreign cookie simply means "not logged in".

Every protected page calls `require_role(...)` at its top: when Streamlit runs a
page file directly (before the first st.navigation call of the process) the
router in app.py has not run, so the page must refuse on its own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import extra_streamlit_components as stx
import streamlit as st

from werkstatt.accounts.client import client_address
from werkstatt.accounts.cookie_route import ROUTE_PATH, httponly_login_enabled, local_target
from werkstatt.accounts.login import log_in, log_out
from werkstatt.accounts.sessions import COOKIE_NAME, LIFETIME, resolve, touch, well_formed
from werkstatt.accounts.users import ROLES
from werkstatt.clock import utc_now
from werkstatt.text.markdown import escape_html
from werkstatt.ui.accounts_password import first_password_form
from werkstatt.ui.db import read_only, settings, transaction
from werkstatt.ui.field_errors import FieldErrors

SESSION_KEY = "werkstatt_session"
GRANT_CHARS = re.compile(r"[A-Za-z0-9_-]{20,100}")


@dataclass(frozen=True)
class StaffUser:
    username: str
    name: str
    roles: tuple[str, ...]
    must_change_password: bool = False

    @property
    def role_label(self) -> str:
        return ", ".join(ROLES.get(r, r) for r in self.roles)


def this_client() -> str:
    """The client address for throttling (see werkstatt/accounts/client.py)."""
    headers = st.context.headers
    return client_address(st.context.ip_address, headers.get("X-Forwarded-For"), settings().trusted_proxies)


def session_token() -> str | None:
    """This browser's session id: from this tab's state, else from the cookie (if well formed)."""
    token = st.session_state.get(SESSION_KEY)
    if well_formed(token):
        return str(token)
    cookie = st.context.cookies.get(COOKIE_NAME)
    return cookie if well_formed(cookie) else None


def current_user() -> StaffUser | None:
    """The logged-in staff user according to the database, or None."""
    token = session_token()
    if token is None:
        return None
    now = utc_now()
    with read_only() as session:
        found = resolve(session, token=token, now=now)
    if found is None:
        st.session_state.pop(SESSION_KEY, None)
        return None
    if found.needs_touch:
        with transaction() as session:
            touch(session, token=token, now=now)
    st.session_state[SESSION_KEY] = token
    return StaffUser(found.username, found.name, (found.role,), found.must_change_password)


def _store_cookie(token: str) -> None:
    # Drawn only here (after st.navigation): drawn before it, deep links fall back to "/".
    stx.CookieManager(key="werkstatt_cookie_read").set(
        COOKIE_NAME,
        token,
        key="werkstatt_cookie_set",
        expires_at=utc_now() + LIFETIME,
        secure=settings().cookie_secure,
        same_site="lax",
    )


def _drop_cookie() -> None:
    if COOKIE_NAME in st.context.cookies:
        manager = stx.CookieManager(key="werkstatt_cookie_read")
        manager.cookies.setdefault(COOKIE_NAME, "")
        manager.delete(COOKIE_NAME, key="werkstatt_cookie_delete")


def login_form() -> None:
    """The German login form. No st.rerun() after it: the cookie must reach the browser first."""
    message = st.empty()  # above the form, created first: a message must not rebuild the form
    errors = FieldErrors("login", focus_summary=False)  # two fields: the focus stays on the button
    with st.form("werkstatt_login_form"):
        st.header("Anmelden")
        username = st.text_input("Benutzername", autocomplete="username", max_chars=64, key="login_username")
        errors.slot("username", "login_username")
        password = st.text_input(
            "Passwort", type="password", autocomplete="current-password", max_chars=200, key="login_password"
        )
        errors.slot("password", "login_password")
        submitted = st.form_submit_button("Anmelden")
    if not submitted:
        return
    missing = missing_login_fields(username, password)
    if missing:  # said before any check: an empty field is no failed attempt (no throttling)
        lines = "\n".join(f"- {text}" for text in missing.values())
        errors.report(message, f"**Bitte ergänzen Sie Ihre Anmeldung:**\n\n{lines}", missing)
        return
    via_route = httponly_login_enabled(settings())
    with transaction() as session:
        outcome = log_in(
            session, username=username, password=password, client=this_client(), now=utc_now(), as_grant=via_route
        )
    if not outcome.ok or outcome.token is None:
        message.error(outcome.message)
        return
    if via_route:  # the server route sets an HttpOnly cookie, then brings this page back
        with message.container():
            _through_route(outcome.token)
        return
    st.session_state[SESSION_KEY] = outcome.token
    _store_cookie(outcome.token)
    message.success("Sie sind angemeldet.")


def _through_route(grant: str) -> None:
    """Send this tab through the cookie route at once (a page script); the link is the fallback."""
    if not GRANT_CHARS.fullmatch(grant):  # a token_urlsafe grant; nothing else goes into the script
        return
    here = urlsplit(st.context.url or "").path or "/login"
    query = urlencode({k: v for k, v in st.query_params.to_dict().items() if k != "abgelaufen"})
    target = f"{ROUTE_PATH}?{urlencode({'grant': grant, 'next': local_target(f'{here}?{query}' if query else here)})}"
    st.html(
        f'<p>Anmeldung wird abgeschlossen … <a href="{escape_html(target)}" target="_self">Weiter</a></p>'
        f"<script>window.location.replace({json.dumps(target)});</script>",
        unsafe_allow_javascript=True,
    )


def missing_login_fields(username: str, password: str) -> dict[str, str]:
    """What the login form lacks, per field, in German ({} when both are filled)."""
    missing = {}
    if not (username or "").strip():
        missing["username"] = "Bitte geben Sie Ihren Benutzernamen ein."
    if not password:
        missing["password"] = "Bitte geben Sie Ihr Passwort ein."
    return missing


def logout_button(key: str = "werkstatt_logout") -> None:
    if not st.button("Abmelden (Team)", key=key):
        return
    with transaction() as session:
        log_out(session, token=session_token(), now=utc_now())
    st.session_state.pop(SESSION_KEY, None)
    _drop_cookie()  # the session is already ended; the cookie is only tidied away


def require_role(*roles: str) -> StaffUser:
    """Stop the page unless a user with one of `roles` is logged in (and has set an own password)."""
    user = current_user()
    if user is None:
        st.info("Bitte melden Sie sich an, um diese Seite zu sehen.")
        login_form()
        st.stop()
    assert user is not None
    if not set(roles) & set(user.roles):
        st.error("Für diese Seite fehlt Ihnen die Berechtigung.")
        st.stop()
    if user.must_change_password:
        first_password_form(username=user.username, token=session_token())
        st.stop()
    return user
