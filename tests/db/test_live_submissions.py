"""A post sent twice (a retry after a lost answer) is stored once; a locked database is retried, then German."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from db.base import Base
from db.engine import make_engine, make_sessionmaker
from db.models import User
from db.models.participation import Contribution
from werkstatt.errors import WerkstattError
from werkstatt.live.retry import DatabaseUnavailable, retrying
from werkstatt.live.submissions import plan_post_once, post_once, store_post_once
from werkstatt.series.file import BUNDLED_SERIES, parse_series_file
from werkstatt.series.store import get_workshop, store_series
from werkstatt.session import participants as p
from werkstatt.session.phase import set_phase_override

NOW = datetime(2021, 6, 30, 9, 5, tzinfo=UTC)


def _open_input(sf: sessionmaker[Session], wid: int) -> str:
    with sf.begin() as s:
        s.add(User(username="mod", name="Moritz", password_hash="-", role="moderator"))
        s.flush()
        set_phase_override(s, workshop_id=wid, override="input", actor="mod", now=NOW)
        return p.join(s, code=get_workshop(s, workshop_id=wid).join_code, now=NOW)


def _send(sf: sessionmaker[Session], token: str, submission: str, text: str = "Zu wenig Zeit", now=NOW) -> int:
    with sf.begin() as s:
        return post_once(s, submission_id=submission, token=token, category="challenge", text=text, now=now)


def _stored(sf: sessionmaker[Session]) -> list[str]:
    with sf() as s:
        return list(s.scalars(select(Contribution.text).order_by(Contribution.id)))


def test_the_same_submission_twice_is_stored_once(session_factory, bottrop) -> None:
    token = _open_input(session_factory, bottrop[1])
    submission = uuid.uuid4().hex
    first = _send(session_factory, token, submission)
    again = _send(session_factory, token, submission, now=NOW + timedelta(seconds=1))  # no 5 s wait refusal
    assert again == first and _stored(session_factory) == ["Zu wenig Zeit"]
    with pytest.raises(WerkstattError, match="Bitte einen Moment Geduld"):  # a new post still waits 5 s
        _send(session_factory, token, uuid.uuid4().hex, "Noch etwas", now=NOW + timedelta(seconds=2))
    assert _stored(session_factory) == ["Zu wenig Zeit"]


def test_the_same_submission_twice_at_once_is_stored_once(session_factory, bottrop) -> None:
    token = _open_input(session_factory, bottrop[1])
    submission = uuid.uuid4().hex
    numbers: list[object] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        barrier.wait()
        try:
            numbers.append(_send(session_factory, token, submission))
        except Exception as err:  # collected: the assertion below shows it
            numbers.append(repr(err))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(numbers)) == 1 and isinstance(numbers[0], int), numbers
    assert _stored(session_factory) == ["Zu wenig Zeit"]


def test_another_participant_cannot_reuse_a_submission_id(session_factory, bottrop) -> None:
    token = _open_input(session_factory, bottrop[1])
    with session_factory.begin() as s:
        other = p.join(s, code=get_workshop(s, workshop_id=bottrop[1]).join_code, now=NOW)
    submission = uuid.uuid4().hex
    _send(session_factory, token, submission)
    with pytest.raises(IntegrityError):  # the primary key refuses it; nothing of the first is returned
        _send(session_factory, other, submission, "Fremd")
    assert _stored(session_factory) == ["Zu wenig Zeit"]


def test_a_locked_database_is_retried_and_the_post_stored_once(tmp_path: Path, monkeypatch) -> None:
    """A real SQLite lock held by another connection: the first attempts fail, a later one stores."""
    monkeypatch.setenv("WERKSTATT_SQLITE_BUSY_MS", "200")
    path = tmp_path / "locked.db"
    engine = make_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    sf = make_sessionmaker(engine)
    with sf.begin() as s:
        series, _ = store_series(s, spec=parse_series_file(BUNDLED_SERIES))
        wid = series.workshops[0].id
    token = _open_input(sf, wid)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    waits: list[float] = []

    def wait_then_release(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            blocker.execute("COMMIT")

    submission = uuid.uuid4().hex
    number = retrying(lambda: _send(sf, token, submission), sleep=wait_then_release)
    assert len(waits) == 2 and _stored(sf) == ["Zu wenig Zeit"]
    with sf() as s:
        assert s.get(Contribution, number) is not None

    blocker.execute("BEGIN EXCLUSIVE")
    with pytest.raises(DatabaseUnavailable) as err:
        retrying(lambda: _send(sf, token, uuid.uuid4().hex, "Zweiter"), delays=(0.01, 0.01))
    assert "Ihre Eingabe ist noch da" in err.value.message and "locked" not in err.value.message
    blocker.execute("COMMIT")
    blocker.close()
    with sf() as s:
        assert s.scalar(select(func.count()).select_from(Contribution)) == 1
    engine.dispose()


def test_an_unreachable_postgresql_server_ends_in_a_german_message() -> None:
    """Nothing listens on port 1: every attempt fails to connect, the last one becomes German."""
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/test", connect_args={"connect_timeout": 2})
    attempts: list[float] = []

    def once() -> None:
        with make_sessionmaker(engine).begin() as s:
            s.execute(select(1))

    with pytest.raises(DatabaseUnavailable) as err:
        retrying(once, delays=(0.01, 0.01), sleep=attempts.append)
    assert attempts == [0.01, 0.01]  # three attempts, two waits
    assert err.value.message.startswith("Speichern hat gerade nicht geklappt: Die Datenbank ist kurz nicht erreichbar.")
    engine.dispose()


def test_a_post_checked_in_one_transaction_and_written_in_another_is_stored_once_and_keeps_the_5_s_rule(
    session_factory, bottrop
) -> None:
    """The phone's path (werkstatt/ui/post_sender.py): the checks read, then a short write."""
    sf, wid = session_factory, bottrop[1]
    token = _open_input(sf, wid)

    def plan(submission: str, text: str, now=NOW):
        with sf() as s:
            return plan_post_once(s, submission_id=submission, token=token, category="challenge", text=text, now=now)

    def store(planned, submission: str, now=NOW) -> int:
        with sf.begin() as s:
            return store_post_once(s, planned, submission_id=submission, now=now)

    first, other = uuid.uuid4().hex, uuid.uuid4().hex
    planned, planned_other = plan(first, "  Zu wenig Zeit "), plan(other, "Zweiter Tab")  # two tabs at once
    number = store(planned, first)
    assert store(planned, first, NOW + timedelta(seconds=1)) == number  # the retry of a lost answer
    with pytest.raises(WerkstattError, match="Bitte einen Moment Geduld"):  # checked again where the tabs meet
        store(planned_other, other, NOW + timedelta(seconds=1))
    assert _stored(sf) == ["Zu wenig Zeit"]
    with sf.begin() as s:  # input closed: a retry still learns its number, a new post is refused in German
        set_phase_override(s, workshop_id=wid, override="closed", actor="mod", now=NOW + timedelta(seconds=2))
    assert plan(first, "Zu wenig Zeit", NOW + timedelta(seconds=9)) == number
    with pytest.raises(WerkstattError, match="Eingabe ist gerade geschlossen"):
        plan(other, "Zweiter Tab", NOW + timedelta(seconds=9))
    assert _stored(sf) == ["Zu wenig Zeit"]
