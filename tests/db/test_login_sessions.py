"""Server-side login sessions: replayed, malformed and foreign cookies never log anyone in."""

from __future__ import annotations

import base64
import json
import secrets
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from sqlalchemy import text

from db.models import AppSetting, User
from werkstatt.accounts.admin import change_own_password, set_disabled
from werkstatt.accounts.login import log_in, log_out
from werkstatt.accounts.sessions import IDLE_TIMEOUT, LIFETIME, resolve, touch
from werkstatt.accounts.users import add_user

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
PW = "orga-passwort-1"


@pytest.fixture
def accounts(session_factory):
    with session_factory.begin() as s:
        add_user(s, username="orga", role="organizer", password=PW, name="Olga Orga")
        add_user(s, username="chef", role="organizer", password="chef-passwort-1", name="Chef")
        add_user(s, username="mod", role="moderator", password="mod-passwort-1")
    return session_factory


def login(factory, username="orga", password=PW, client="198.51.100.7", now=T0) -> str:
    with factory.begin() as s:
        outcome = log_in(s, username=username, password=password, client=client, now=now)
    assert outcome.ok, outcome.message
    assert outcome.token is not None
    return outcome.token


def who(factory, token, now=T0) -> str | None:
    with factory() as s:
        found = resolve(s, token=token, now=now)
    return found.username if found else None


def test_login_gives_a_session_that_the_database_recognises(accounts) -> None:
    token = login(accounts)
    assert who(accounts, token) == "orga"
    with accounts() as s:
        stored = s.execute(text("SELECT token_hash FROM login_session")).scalar_one()
    assert token not in stored and len(stored) == 64  # only a keyed hash is kept


def test_a_cookie_replayed_after_logout_is_rejected(accounts) -> None:
    token = login(accounts)
    copied = str(token)  # e.g. stolen from the browser before "Abmelden"
    with accounts.begin() as s:
        log_out(s, token=token, now=T0 + timedelta(minutes=5))
    assert who(accounts, copied, now=T0 + timedelta(minutes=6)) is None


def test_password_change_ends_the_other_sessions_but_not_this_one(accounts) -> None:
    laptop, phone = login(accounts), login(accounts)
    with accounts.begin() as s:
        change_own_password(
            s, username="orga", current=PW, new="neues-passwort-1", repeat="neues-passwort-1", keep_token=laptop, now=T0
        )
    assert who(accounts, laptop) == "orga"
    assert who(accounts, phone) is None
    with accounts.begin() as s:
        assert not log_in(s, username="orga", password=PW, client="x", now=T0).ok
        assert log_in(s, username="orga", password="neues-passwort-1", client="x", now=T0).ok


def test_disabling_an_account_ends_its_sessions_and_refuses_login(accounts) -> None:
    token = login(accounts, "mod", "mod-passwort-1")
    with accounts.begin() as s:
        set_disabled(s, actor="orga", username="mod", disabled=True, now=T0)
    assert who(accounts, token) is None
    with accounts.begin() as s:
        outcome = log_in(s, username="mod", password="mod-passwort-1", client="x", now=T0)
    assert not outcome.ok and "gesperrt" in outcome.message


def test_sessions_expire_when_idle_and_after_their_lifetime(accounts) -> None:
    token = login(accounts)
    assert who(accounts, token, now=T0 + IDLE_TIMEOUT - timedelta(seconds=1)) == "orga"
    assert who(accounts, token, now=T0 + IDLE_TIMEOUT) is None
    busy = login(accounts)
    moment = T0
    while moment < T0 + LIFETIME - timedelta(hours=1):
        moment += timedelta(hours=1)
        with accounts.begin() as s:
            touch(s, token=busy, now=moment)
    assert who(accounts, busy, now=moment) == "orga"
    assert who(accounts, busy, now=T0 + LIFETIME) is None


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


FOREIGN = {
    "empty": "",
    "nul byte": "\x00",
    "nul inside": "a" * 20 + "\x00" + "b" * 22,
    "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64({'username': 'orga', 'exp_date': 9e9})}.",
    "hs512": jwt.encode({"username": "orga", "exp_date": 9e9}, "x" * 64, algorithm="HS512"),
    "exp claim": jwt.encode({"username": "orga", "exp": 1}, "x" * 32, algorithm="HS256"),
    "garbage": "%%%<script>alert(1)</script>",
    "unicode": "ä" * 43,
    "too long": "A" * 5000,
    "random id never issued": secrets.token_urlsafe(32),
}


@pytest.mark.parametrize("cookie", list(FOREIGN.values()), ids=list(FOREIGN))
def test_malformed_or_foreign_cookie_means_not_logged_in(accounts, cookie: str) -> None:
    login(accounts)
    assert who(accounts, cookie) is None


def test_a_cookie_minted_with_the_old_database_key_is_rejected(accounts) -> None:
    # The old app signed {"username", "exp_date"} with app_setting.cookie_key: anyone who
    # could read the database file could mint this.
    old_key = secrets.token_urlsafe(32)
    with accounts.begin() as s:
        s.add(AppSetting(key="cookie_key", value=old_key))
    minted = jwt.encode({"username": "orga", "exp_date": 9e9}, old_key, algorithm="HS256")
    assert who(accounts, minted) is None


def test_a_session_from_another_server_key_is_rejected(accounts, monkeypatch) -> None:
    monkeypatch.setenv("WERKSTATT_SECRET_KEY", "k" * 40)
    token = login(accounts)
    assert who(accounts, token) == "orga"
    monkeypatch.setenv("WERKSTATT_SECRET_KEY", "z" * 40)  # key rotated: every session ends
    assert who(accounts, token) is None


def test_first_admin_must_set_an_own_password(session_factory) -> None:
    from werkstatt.accounts.users import ensure_admin

    with session_factory.begin() as s:
        password = ensure_admin(s)
    assert password
    with session_factory.begin() as s:
        outcome = log_in(s, username="admin", password=password, client="x", now=T0)
    assert outcome.ok and outcome.must_change_password
    with session_factory() as s:
        found = resolve(s, token=outcome.token, now=T0)
    assert found is not None and found.must_change_password
    with session_factory.begin() as s:
        change_own_password(
            s,
            username="admin",
            current=password,
            new="mein-eigenes-1",
            repeat="mein-eigenes-1",
            keep_token=None,
            now=T0,
        )
    with session_factory() as s:
        assert s.query(User).filter_by(username="admin").one().must_change_password is False
