"""Login (streamlit-authenticator, accounts from the database) and the page guard.

Every protected page calls `require_role(...)` at its top: when Streamlit runs a
page file directly (before the first st.navigation call of the process) the
router in app.py has not run, so the page must refuse on its own.
"""

from __future__ import annotations

import copy
import os
import time
from dataclasses import dataclass

import jwt
import streamlit as st
import streamlit_authenticator as stauth
from sqlalchemy import select
from streamlit.errors import StreamlitDuplicateElementKey

from db.models import AppSetting, User
from werkstatt.accounts.secrets import get_or_create_secret
from werkstatt.accounts.users import ROLES, credentials
from werkstatt.ui.db import read_only, transaction

COOKIE_NAME = "werkstatt_login"
LOGIN_FIELDS = {
    "Form name": "Anmelden",
    "Username": "Benutzername",
    "Password": "Passwort",
    "Login": "Anmelden",
    "Captcha": "Captcha",
}
_STATE_KEY = "_werkstatt_authenticator"


@dataclass(frozen=True)
class StaffUser:
    username: str
    name: str
    roles: tuple[str, ...]

    @property
    def role_label(self) -> str:
        return ", ".join(ROLES.get(r, r) for r in self.roles)


def _cookie_key() -> str:
    with read_only() as session:
        if session.get(AppSetting, "cookie_key") is not None or os.environ.get("WERKSTATT_COOKIE_KEY"):
            return get_or_create_secret(session, key="cookie_key")
    with transaction() as session:  # only before `init` has stored one
        return get_or_create_secret(session, key="cookie_key")


def authenticator() -> stauth.Authenticate:
    """The authenticator of this script run (created at most once per run)."""
    with read_only() as session:
        creds = credentials(session)
    try:
        # login_sleep_time=0: the library otherwise sleeps 0.7 s in every login() call,
        # i.e. on every run of every page (measured by bench/loadgen.py); bcrypt's cost
        # (~0.27 s per check) still slows password guessing.
        auth = stauth.Authenticate(
            copy.deepcopy(creds),
            COOKIE_NAME,
            _cookie_key(),
            cookie_expiry_days=1.0,
            auto_hash=False,
            login_sleep_time=0,
        )
    except StreamlitDuplicateElementKey:
        # Already created earlier in this same run (router, then page guard).
        return st.session_state[_STATE_KEY]
    st.session_state[_STATE_KEY] = auth
    return auth


def restore_login() -> StaffUser | None:
    """Re-authenticate from the cookie without drawing anything.

    Visitors without a login cookie (every participant) skip the authenticator
    entirely: no cookie component, no database read on each run.
    """
    if current_user() is None and not st.context.cookies.get(COOKIE_NAME):
        return None
    auth = authenticator()
    auth.login(location="unrendered")
    return current_user()


def peek_cookie_user() -> StaffUser | None:
    """Who the login cookie names, without drawing the cookie component.

    The router needs the roles before st.navigation, but the authenticator's
    cookie component drawn before st.navigation sends deep links back to "/"
    (seen in Chromium). So we verify the same signed token here with PyJWT,
    and let the authenticator restore the session after st.navigation.
    """
    if st.session_state.get("logout"):
        return None
    token = st.context.cookies.get(COOKIE_NAME)
    if not token:
        return None
    key = _cookie_key()
    with read_only() as session:
        try:
            claims = jwt.decode(token, key, algorithms=["HS256"])
        except jwt.PyJWTError:
            return None
        if float(claims.get("exp_date", 0)) < time.time():
            return None
        user = session.scalar(select(User).where(User.username == claims.get("username")))
        if user is None:
            return None
        return StaffUser(username=user.username, name=user.name, roles=(user.role,))


def current_user() -> StaffUser | None:
    if not st.session_state.get("authentication_status"):
        return None
    return StaffUser(
        username=st.session_state.get("username") or "",
        name=st.session_state.get("name") or "",
        roles=tuple(st.session_state.get("roles") or ()),
    )


def login_form() -> None:
    """The German login form. No st.rerun() after it: the cookie must reach the browser."""
    auth = authenticator()  # this run's (a duplicate in the same run returns the first)
    try:
        auth.login(location="main", fields=LOGIN_FIELDS, key="werkstatt_login_form")
    except stauth.utilities.LoginError as err:  # type: ignore[attr-defined]
        st.error(f"Anmeldung nicht möglich: {err}")
    if st.session_state.get("authentication_status") is False:
        st.error("Benutzername oder Passwort ist falsch.")


def logout_button() -> None:
    auth = authenticator()  # this run's (a duplicate in the same run returns the first)
    auth.logout(button_name="Abmelden (Team)", location="sidebar", key="werkstatt_logout")


def require_role(*roles: str) -> StaffUser:
    """Stop the page unless a user with one of `roles` is logged in."""
    user = current_user() or restore_login()
    if user is None:
        st.info("Bitte melden Sie sich an, um diese Seite zu sehen.")
        login_form()
        st.stop()
    if not set(roles) & set(user.roles):
        st.error("Für diese Seite fehlt Ihnen die Berechtigung.")
        st.stop()
    return user
