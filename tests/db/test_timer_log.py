"""The timer event log on SQLite and PostgreSQL: every process reads the same story."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from db.models import TimerEvent
from werkstatt.accounts.users import add_user
from werkstatt.errors import PermissionDenied, WerkstattError
from werkstatt.session.phase import current_phase, set_phase_override
from werkstatt.session.timer_log import record_event, timer_view

T0 = datetime(2021, 6, 30, 8, 0, tzinfo=UTC)  # workshop 1, 10:00 Berlin


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def w1(session_factory, bottrop) -> int:
    with session_factory.begin() as s:
        add_user(s, username="mod", role="moderator", password="mod-passwort-1")
        add_user(s, username="mod2", role="moderator", password="mod-passwort-2")
    return bottrop[1]


def record(session_factory, minute: float, kind: str, actor: str = "mod", **kw):
    with session_factory.begin() as s:
        return record_event(s, workshop_id=kw.pop("workshop_id", None) or kw.pop("w"), kind=kind,
                            actor=actor, now=at(minute), **kw)  # fmt: skip


def view(session_factory, w: int, minute: float):
    with session_factory() as s:
        return timer_view(s, workshop_id=w, now=at(minute))


def log(session_factory, w: int) -> list[tuple[int, str]]:
    with session_factory() as s:
        rows = s.scalars(select(TimerEvent).where(TimerEvent.workshop_id == w).order_by(TimerEvent.seq))
        return [(e.seq, e.kind) for e in rows]


def refused(session_factory, minute: float, kind: str, **kw) -> str:
    with pytest.raises(WerkstattError) as err:
        record(session_factory, minute, kind, **kw)
    return err.value.message


def test_a_run_replays_identically_from_a_fresh_session(session_factory, w1):
    record(session_factory, 0, "start", w=w1)
    record(session_factory, 16, "next", w=w1, item=0)
    record(session_factory, 20, "extend", w=w1, minutes=5)
    record(session_factory, 22, "pause", w=w1)
    record(session_factory, 25, "resume", w=w1)
    v = view(session_factory, w1, 30)  # item 2 (10 min +5): 4 + 5 min run, 3 min paused
    assert v.state == "running" and v.index == 1 and v.elapsed_s == 11 * 60
    assert v.left_s == 4 * 60 and v.items[0].actual_end == at(16)
    assert log(session_factory, w1) == [(1, "start"), (2, "next"), (3, "extend"), (4, "pause"), (5, "resume")]
    with session_factory() as s:
        e = s.scalar(select(TimerEvent).where(TimerEvent.seq == 3, TimerEvent.workshop_id == w1))
        assert e.actor == "mod" and e.minutes == 5 and e.created_at == at(20) and e.created_at.tzinfo


def test_logs_of_two_workshops_are_separate(session_factory, w1, bottrop):
    record(session_factory, 0, "start", w=w1)
    assert view(session_factory, bottrop[2], 1).state == "not_started"
    record(session_factory, 1, "start", w=bottrop[2])
    assert log(session_factory, bottrop[2]) == [(1, "start")]


def test_bad_inputs_are_refused_in_german_and_leave_the_log_unchanged(session_factory, w1):
    assert "noch nicht begonnen" in refused(session_factory, 0, "next", w=w1)
    record(session_factory, 0, "start", w=w1)
    assert "läuft bereits" in refused(session_factory, 0.01, "start", w=w1)  # double click
    assert "mindestens 1 Minute" in refused(session_factory, 1, "extend", w=w1, minutes=0)
    assert "mindestens 1 Minute" in refused(session_factory, 1, "extend", w=w1, minutes=-3)
    assert "Höchstens 60" in refused(session_factory, 1, "extend", w=w1, minutes=90)
    assert "gibt es nicht" in refused(session_factory, 1, "jump", w=w1, item=42)
    assert "Inzwischen" in refused(session_factory, 1, "next", w=w1, item=4)
    assert "Unbekannte" in refused(session_factory, 1, "teleport", w=w1)
    assert "Unbekannter Modus" in refused(session_factory, 1, "mode", w=w1, value="turbo")
    assert "bereits eingestellt" in refused(session_factory, 1, "mode", w=w1, value="live")
    record(session_factory, 2, "jump", w=w1, item=7)
    record(session_factory, 3, "next", w=w1)
    assert "beendet" in refused(session_factory, 4, "extend", w=w1, minutes=5)
    assert log(session_factory, w1) == [(1, "start"), (2, "jump"), (3, "next")]


@pytest.mark.parametrize("actor", ["", "   ", "teilnehmerin", None])
def test_only_staff_accounts_may_drive_the_timer(session_factory, w1, actor):
    with pytest.raises(PermissionDenied) as err:
        record(session_factory, 0, "start", actor=actor, w=w1)
    assert "Nur Moderation oder Organisation" in err.value.message
    assert log(session_factory, w1) == []


def test_unknown_workshop_is_refused(session_factory, w1):
    with pytest.raises(WerkstattError, match="gibt es nicht"):
        record(session_factory, 0, "start", w=999_999)


def test_reset_keeps_the_log_append_only(session_factory, w1):
    record(session_factory, 0, "start", w=w1)
    record(session_factory, 1, "reset", w=w1)
    assert view(session_factory, w1, 2).state == "not_started"
    record(session_factory, 3, "start", w=w1)
    assert [k for _, k in log(session_factory, w1)] == ["start", "reset", "start"]
    assert view(session_factory, w1, 4).elapsed_s == 60


def test_a_server_clock_behind_the_log_cannot_reorder_events(session_factory, w1):
    record(session_factory, 10, "start", w=w1)
    record(session_factory, 9, "pause", w=w1)  # another process's clock is a minute behind
    with session_factory() as s:
        times = [e.created_at for e in s.scalars(select(TimerEvent).order_by(TimerEvent.seq))]
    assert times == [at(10), at(10)]
    assert view(session_factory, w1, 12).state == "paused"


def test_phase_contract_follows_agenda_and_override(session_factory, w1):
    with session_factory() as s:
        p = current_phase(s, workshop_id=w1, now=at(0))
    assert p.kind == "before" and not p.input_open and not p.show_results and p.override is None
    record(session_factory, 0, "start", w=w1)
    record(session_factory, 1, "jump", w=w1, item=5)
    with session_factory() as s:
        p = current_phase(s, workshop_id=w1, now=at(2))
    assert p.kind == "group_discussion" and p.input_open and not p.show_results
    with session_factory.begin() as s:
        set_phase_override(s, workshop_id=w1, override="results", actor="mod", now=at(3))
    with session_factory() as s:
        p = current_phase(s, workshop_id=w1, now=at(4))
    assert p.override == "results" and p.show_results and not p.input_open
    with session_factory.begin() as s, pytest.raises(WerkstattError, match="Unbekannte Phase"):
        set_phase_override(s, workshop_id=w1, override="chaos", actor="mod", now=at(5))
    with session_factory.begin() as s, pytest.raises(PermissionDenied):
        set_phase_override(s, workshop_id=w1, override="input", actor="", now=at(5))
    with session_factory.begin() as s:
        set_phase_override(s, workshop_id=w1, override=None, actor="mod", now=at(6))
    with session_factory() as s:
        assert current_phase(s, workshop_id=w1, now=at(7)).input_open


def _race(session_factory, w: int, kind: str, n: int, **kw) -> tuple[int, list[str]]:
    """n moderators press the same button at the same moment; returns (accepted, refusal messages)."""
    barrier = threading.Barrier(n)
    ok, errors, lock = [], [], threading.Lock()

    def click(i: int) -> None:
        barrier.wait()
        try:
            record(session_factory, 20, kind, actor="mod" if i % 2 else "mod2", w=w, **kw)
            with lock:
                ok.append(i)
        except WerkstattError as err:
            with lock:
                errors.append(err.message)

    threads = [threading.Thread(target=click, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return len(ok), errors


def test_two_tabs_pressing_start_at_once_start_once(session_factory, w1):
    accepted, errors = _race(session_factory, w1, "start", 6)
    assert accepted == 1 and len(errors) == 5 and all("läuft bereits" in m for m in errors)
    assert log(session_factory, w1) == [(1, "start")]


def test_two_tabs_pressing_next_at_once_advance_one_item(session_factory, w1):
    record(session_factory, 0, "start", w=w1)
    accepted, errors = _race(session_factory, w1, "next", 6, item=0)  # all saw item 1 as current
    assert accepted == 1 and all("Inzwischen" in m for m in errors)
    assert view(session_factory, w1, 21).index == 1
    assert [s for s, _ in log(session_factory, w1)] == [1, 2]
