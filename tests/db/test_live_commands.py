"""Staff commands happen exactly once: a repeated click is refused by the database, a stale one in German."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import TimerEvent, User
from db.models.live import StaffAction
from db.models.participation import Contribution, Group, ModerationEvent
from werkstatt.errors import WerkstattError
from werkstatt.live.commands import (
    RepeatedAction,
    StaleAction,
    contribution_state,
    dots_command,
    groups_command,
    moderation_command,
    new_theme_command,
    timer_command,
)
from werkstatt.series.store import get_workshop
from werkstatt.session import contributions as c
from werkstatt.session import participants as p
from werkstatt.session.moderation import create_theme
from werkstatt.session.timer_log import record_event, timer_seq

T0 = datetime(2021, 6, 30, 8, 0, tzinfo=UTC)  # workshop 1 starts 10:00 Berlin
NOW = T0 + timedelta(minutes=65)  # inside the group discussion


def new_id() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def w1(session_factory: sessionmaker[Session], bottrop: dict[int, int]) -> int:
    with session_factory.begin() as s:
        s.add_all([User(username=n, name=n, password_hash="-", role="moderator") for n in ("mod", "mod2")])
    return bottrop[1]


def twice_at_once(run: Callable[[], object]) -> list[str]:
    """Run the same command on two threads at the same moment; 'ok' or the refusal's class per thread."""
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        barrier.wait()
        try:
            run()
        except WerkstattError as err:
            outcomes.append(type(err).__name__)
        except Exception as err:  # anything else fails the assertion with its text
            outcomes.append(repr(err))
        else:
            outcomes.append("ok")

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def count(sf: sessionmaker[Session], model: type, *where: object) -> int:
    with sf() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


TIMER_CASES = [  # (events before, kind, arguments)
    ([], "start", {}),
    (["start"], "pause", {}),
    (["start", "pause"], "resume", {}),
    (["start"], "next", {"item": 0}),
    (["start", "next"], "prev", {"item": 1}),
    (["start"], "extend", {"minutes": 1}),
    (["start"], "jump", {"item": 5}),
    (["start"], "reset", {}),
    ([], "mode", {"value": "planned"}),
    ([], "phase", {"value": "input"}),
]


@pytest.mark.parametrize(("before", "kind", "kw"), TIMER_CASES, ids=[case[1] for case in TIMER_CASES])
def test_the_same_timer_click_twice_at_once_is_applied_once(session_factory, w1, before, kind, kw) -> None:
    with session_factory.begin() as s:
        for n, earlier in enumerate(before):
            record_event(s, workshop_id=w1, kind=earlier, actor="mod", now=T0 + timedelta(minutes=n),
                         item=n - 1 if earlier == "next" else None)  # fmt: skip
        seen = timer_seq(s, workshop_id=w1)
    action_id = new_id()

    def click() -> None:
        with session_factory.begin() as s:
            timer_command(s, workshop_id=w1, kind=kind, actor="mod", now=T0 + timedelta(minutes=9),
                          action_id=action_id, seen_seq=seen, **kw)  # fmt: skip

    assert twice_at_once(click) == ["RepeatedAction", "ok"]
    assert count(session_factory, TimerEvent, TimerEvent.workshop_id == w1) == len(before) + 1
    assert count(session_factory, StaffAction, StaffAction.action_id == action_id) == 1


def test_two_moderators_pressing_weiter_at_once_advance_one_item(session_factory, w1) -> None:
    with session_factory.begin() as s:
        record_event(s, workshop_id=w1, kind="start", actor="mod", now=T0)
        seen = timer_seq(s, workshop_id=w1)
    outcomes = []
    for actor in ("mod", "mod2"):  # each has its own screen, so its own action id
        try:
            with session_factory.begin() as s:
                timer_command(s, workshop_id=w1, kind="extend", minutes=1, actor=actor, now=T0, action_id=new_id(),
                              seen_seq=seen)  # fmt: skip
            outcomes.append("ok")
        except StaleAction as err:
            outcomes.append(err.message)
        except WerkstattError as err:
            outcomes.append(err.message)
    assert outcomes[0] == "ok"
    assert outcomes[1].startswith("Inzwischen wurde der Ablauf geändert (Verlängern durch mod)")
    assert count(session_factory, TimerEvent, TimerEvent.kind == "extend") == 1


def test_a_participant_posting_does_not_make_weiter_stale(session_factory, w1) -> None:
    with session_factory.begin() as s:
        record_event(s, workshop_id=w1, kind="start", actor="mod", now=T0)
        record_event(s, workshop_id=w1, kind="phase", value="input", actor="mod", now=T0)
        seen = timer_seq(s, workshop_id=w1)
        token = p.join(s, code=get_workshop(s, workshop_id=w1).join_code, now=T0)
    with session_factory.begin() as s:
        c.post(s, token=token, category="challenge", text="Zu wenig Zeit", now=T0 + timedelta(minutes=1))
    with session_factory.begin() as s:
        timer_command(s, workshop_id=w1, kind="next", item=0, actor="mod", now=T0 + timedelta(minutes=2),
                      action_id=new_id(), seen_seq=seen)  # fmt: skip
    assert count(session_factory, TimerEvent, TimerEvent.kind == "next") == 1


def test_choosing_the_phase_already_set_writes_nothing(session_factory, w1) -> None:
    with session_factory.begin() as s:
        record_event(s, workshop_id=w1, kind="phase", value="input", actor="mod", now=T0)
    with pytest.raises(WerkstattError, match="bereits eingestellt"), session_factory.begin() as s:
        timer_command(s, workshop_id=w1, kind="phase", value="input", actor="mod", now=T0, action_id=new_id(),
                      seen_seq=1)  # fmt: skip
    assert count(session_factory, TimerEvent) == 1
    assert count(session_factory, StaffAction) == 0  # a refusal leaves nothing behind


@pytest.fixture
def board(session_factory, w1) -> dict:
    """Input open, two visible contributions and a theme."""
    with session_factory.begin() as s:
        record_event(s, workshop_id=w1, kind="phase", value="input", actor="mod", now=T0)
        code = get_workshop(s, workshop_id=w1).join_code
        anna, ben = p.join(s, code=code, now=NOW), p.join(s, code=code, now=NOW)
        first = c.post(s, token=anna, category="challenge", text="Zu wenig Zeit", now=NOW)
        second = c.post(s, token=ben, category="challenge", text="Keine Zeit", now=NOW)
        theme = create_theme(s, workshop_id=w1, name="Zeit")
    return {"w": w1, "ids": (first, second), "theme": theme, "anna": anna}


def state_of(sf: sessionmaker[Session], cid: int) -> str:
    with sf() as s:
        row = s.get(Contribution, cid)
        assert row is not None
        return contribution_state(status=row.status, pinned=row.pinned, theme_id=row.theme_id)


MODERATION_CASES = [  # (prepare, kind, arguments)
    (None, "hide", {"reason": "doppelt"}),
    ("hide", "unhide", {}),
    (None, "merge", {"target": True}),
    (None, "pin", {}),
    ("pin", "unpin", {}),
    (None, "theme", {"theme": True}),
]


@pytest.mark.parametrize(("prepare", "kind", "kw"), MODERATION_CASES, ids=[case[1] for case in MODERATION_CASES])
def test_the_same_moderation_click_twice_at_once_is_applied_once(session_factory, board, prepare, kind, kw) -> None:
    w, (first, second), kw = board["w"], board["ids"], dict(kw)
    if prepare:
        extra = {"reason": "Test"} if prepare == "hide" else {}
        seen = {first: state_of(session_factory, first)}
        with session_factory.begin() as s:
            moderation_command(s, kind=prepare, workshop_id=w, actor="mod", now=NOW, action_id=new_id(), seen=seen,
                               contribution_id=first, **extra)  # fmt: skip
    args: dict = {"contribution_id": first}
    seen = {first: state_of(session_factory, first)}
    if kw.pop("target", False):
        args = {"source_id": first, "target_id": second}
        seen[second] = state_of(session_factory, second)
    if kw.pop("theme", False):
        args["theme_id"] = board["theme"]
    before = count(session_factory, ModerationEvent)
    action_id = new_id()

    def click() -> None:
        with session_factory.begin() as s:
            moderation_command(s, kind=kind, workshop_id=w, actor="mod", now=NOW, action_id=action_id, seen=seen,
                               **args, **kw)  # fmt: skip

    assert twice_at_once(click) == ["RepeatedAction", "ok"]
    assert count(session_factory, ModerationEvent) == before + 1


def test_a_stale_pin_is_refused_in_german_and_changes_nothing(session_factory, board) -> None:
    w, (first, _) = board["w"], board["ids"]
    seen = {first: state_of(session_factory, first)}
    with session_factory.begin() as s:  # another moderator pins first
        moderation_command(s, kind="pin", workshop_id=w, actor="mod2", now=NOW, action_id=new_id(), seen=seen,
                           contribution_id=first)  # fmt: skip
    with pytest.raises(StaleAction, match=f"Inzwischen wurde Beitrag #{first} geändert"), session_factory.begin() as s:
        moderation_command(s, kind="hide", workshop_id=w, actor="mod", now=NOW, action_id=new_id(), seen=seen,
                           contribution_id=first, reason="Werbung")  # fmt: skip
    assert state_of(session_factory, first).startswith("visible|1")


def test_a_dot_does_not_make_a_moderation_click_stale(session_factory, board) -> None:
    w, (first, _) = board["w"], board["ids"]
    seen = {first: state_of(session_factory, first)}
    with session_factory.begin() as s:
        c.vote(s, token=board["anna"], contribution_id=first, now=NOW)
    with session_factory.begin() as s:
        moderation_command(s, kind="pin", workshop_id=w, actor="mod", now=NOW, action_id=new_id(), seen=seen,
                           contribution_id=first)  # fmt: skip
    assert state_of(session_factory, first).startswith("visible|1")


def test_groups_dots_and_themes_are_applied_once(session_factory, board) -> None:
    w = board["w"]
    gid, did, tid = new_id(), new_id(), new_id()

    def groups() -> None:
        with session_factory.begin() as s:
            groups_command(s, workshop_id=w, names=["Nord", "Süd"], seen_names=[], actor="mod", now=NOW,
                           action_id=gid)  # fmt: skip

    def dots() -> None:
        with session_factory.begin() as s:
            dots_command(s, workshop_id=w, dots=5, actor="mod", now=NOW, action_id=did)

    def theme() -> None:
        with session_factory.begin() as s:
            new_theme_command(s, workshop_id=w, name="Daten", actor="mod", now=NOW, action_id=tid)

    for run in (groups, dots, theme):
        assert twice_at_once(run) == ["RepeatedAction", "ok"]
    assert count(session_factory, Group, Group.workshop_id == w) == 2
    with pytest.raises(StaleAction, match="Inzwischen wurden die Gruppen geändert"), session_factory.begin() as s:
        groups_command(s, workshop_id=w, names=["Ost"], seen_names=[], actor="mod", now=NOW, action_id=new_id())


def test_a_repeated_action_id_is_refused_even_much_later(session_factory, board) -> None:
    w, (first, _) = board["w"], board["ids"]
    action_id = new_id()
    for expected in ("ok", "RepeatedAction"):
        try:
            with session_factory.begin() as s:
                moderation_command(s, kind="pin", workshop_id=w, actor="mod", now=NOW, action_id=action_id,
                                   seen={first: state_of(session_factory, first)}, contribution_id=first)  # fmt: skip
            outcome = "ok"
        except RepeatedAction as err:
            assert err.message == "Dieser Klick wurde bereits ausgeführt – die Ansicht ist aktualisiert."
            outcome = "RepeatedAction"
        assert outcome == expected


def test_an_action_for_a_missing_workshop_is_not_found_not_repeated(session_factory, w1) -> None:
    with pytest.raises(WerkstattError) as err, session_factory.begin() as s:
        timer_command(s, workshop_id=w1 + 999, kind="start", actor="mod", now=T0, action_id=new_id(), seen_seq=0)
    assert not isinstance(err.value, RepeatedAction)
    assert err.value.message == "Diese Werkstatt gibt es nicht (mehr)."
