"""Organizers manage accounts; moderators cannot; nobody locks the team out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from werkstatt.accounts.admin import create_account, list_accounts, reset_password, set_disabled
from werkstatt.accounts.login import log_in
from werkstatt.accounts.users import add_user
from werkstatt.errors import PermissionDenied, WerkstattError

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def team(session_factory):
    with session_factory.begin() as s:
        add_user(s, username="orga", role="organizer", password="orga-passwort-1")
        add_user(s, username="mod", role="moderator", password="mod-passwort-1")
    return session_factory


def test_organizer_adds_a_moderator_with_a_one_time_password(team) -> None:
    with team.begin() as s:
        password = create_account(s, actor="orga", username="Anna", role="moderator", name="Anna A.", now=T0)
    with team.begin() as s:
        outcome = log_in(s, username="anna", password=password, client="x", now=T0)
        rows = {r.username: r for r in list_accounts(s, actor="orga", now=T0)}
    assert outcome.ok and outcome.must_change_password
    assert rows["anna"].role == "moderator" and rows["anna"].must_change_password
    assert rows["anna"].live_sessions == 1


def test_reset_gives_a_new_password_and_ends_sessions(team) -> None:
    with team.begin() as s:
        old = log_in(s, username="mod", password="mod-passwort-1", client="x", now=T0)
        new_password = reset_password(s, actor="orga", username="mod", now=T0)
    with team.begin() as s:
        assert not log_in(s, username="mod", password="mod-passwort-1", client="y", now=T0).ok
        assert log_in(s, username="mod", password=new_password, client="y", now=T0).must_change_password
        rows = {r.username: r for r in list_accounts(s, actor="orga", now=T0)}
    assert old.ok and rows["mod"].live_sessions == 1  # only the new login


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: create_account(s, actor="mod", username="x1", role="organizer", name="", now=T0), "Nur die Organ"),
        (lambda s: reset_password(s, actor="mod", username="orga", now=T0), "Nur die Organisation"),
        (lambda s: set_disabled(s, actor="mod", username="orga", disabled=True, now=T0), "Nur die Organisation"),
        (lambda s: set_disabled(s, actor="orga", username="orga", disabled=True, now=T0), "eigenes Konto"),
        (lambda s: reset_password(s, actor="orga", username="gibtsnicht", now=T0), "gibt es nicht"),
        (lambda s: create_account(s, actor="orga", username="mod", role="moderator", name="", now=T0), "schon"),
    ],
)
def test_refusals_are_german_and_change_nothing(team, call, message: str) -> None:
    with pytest.raises(WerkstattError, match=message), team.begin() as s:
        call(s)
    with team.begin() as s:
        assert log_in(s, username="orga", password="orga-passwort-1", client="z", now=T0).ok


def test_a_disabled_organizer_can_no_longer_manage_accounts(team) -> None:
    with team.begin() as s:
        create_account(s, actor="orga", username="olaf", role="organizer", name="", now=T0)
    with team.begin() as s:
        set_disabled(s, actor="olaf", username="orga", disabled=True, now=T0)
    with pytest.raises(PermissionDenied), team.begin() as s:
        set_disabled(s, actor="orga", username="olaf", disabled=True, now=T0)
