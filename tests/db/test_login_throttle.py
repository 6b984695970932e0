"""Failed logins are counted in the database per account and per client address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from werkstatt.accounts.login import WRONG, log_in
from werkstatt.accounts.users import add_user

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def accounts(session_factory):
    with session_factory.begin() as s:
        add_user(s, username="admin", role="organizer", password="richtiges-passwort")
        add_user(s, username="anna", role="moderator", password="annas-passwort-1")
    return session_factory


def attempt(factory, username: str, password: str, client: str, now: datetime):
    with factory.begin() as s:  # each attempt its own transaction, as from the page
        return log_in(s, username=username, password=password, client=client, now=now)


def test_sixth_failed_login_within_15_minutes_is_delayed_and_says_so(accounts) -> None:
    for i in range(5):
        assert attempt(accounts, "admin", f"rate-{i}", "203.0.113.5", T0 + timedelta(seconds=i)).message == WRONG
    # even the right password waits now: the guesser cannot tell
    blocked = attempt(accounts, "admin", "richtiges-passwort", "203.0.113.9", T0 + timedelta(seconds=6))
    assert not blocked.ok
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in blocked.message
    assert "Sekunden" in blocked.message
    later = attempt(accounts, "admin", "richtiges-passwort", "203.0.113.9", T0 + timedelta(seconds=40))
    assert later.ok


def test_the_delay_grows_with_every_further_failure(accounts) -> None:
    now = T0
    waits = []
    for i in range(8):
        outcome = attempt(accounts, "admin", f"rate-{i}", "203.0.113.5", now)
        while "Zu viele" in outcome.message:  # wait just as long as told, then guess again
            now += timedelta(seconds=5)
            waits.append(now)
            outcome = attempt(accounts, "admin", f"rate-{i}", "203.0.113.5", now)
        assert outcome.message == WRONG
    assert now - T0 >= timedelta(seconds=30 + 60 + 120)


def test_one_client_guessing_many_accounts_is_throttled(accounts) -> None:
    for i in range(5):
        attempt(accounts, f"user{i}", "falsch-falsch", "198.51.100.1", T0)
    blocked = attempt(accounts, "anna", "annas-passwort-1", "198.51.100.1", T0 + timedelta(seconds=1))
    assert "Zu viele" in blocked.message
    assert attempt(accounts, "anna", "annas-passwort-1", "198.51.100.2", T0 + timedelta(seconds=1)).ok


def test_failures_older_than_15_minutes_no_longer_count(accounts) -> None:
    for i in range(5):
        attempt(accounts, "admin", "falsch-falsch", "203.0.113.5", T0 + timedelta(seconds=i))
    assert attempt(accounts, "admin", "richtiges-passwort", "x", T0 + timedelta(minutes=16)).ok


@pytest.mark.parametrize("username", ["", "\x00", "admin\x00", "a" * 500, "<b>admin</b>"])
def test_odd_usernames_are_just_wrong(accounts, username: str) -> None:
    outcome = attempt(accounts, username, "richtiges-passwort", "x", T0)
    assert not outcome.ok and outcome.message == WRONG
