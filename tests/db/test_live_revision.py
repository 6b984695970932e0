"""One revision per workshop: every change a live screen shows advances it once per transaction."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from db.models import User
from db.models.live import LiveRevision
from tests.conftest import BACKENDS
from werkstatt.live import bus
from werkstatt.live.revision import CHANNEL, current_revision, revisions
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.services import register
from werkstatt.results.publication import publish, unpublish
from werkstatt.series.store import get_workshop
from werkstatt.session import contributions as c
from werkstatt.session import moderation as m
from werkstatt.session import participants as p
from werkstatt.session.phase import set_phase_override
from werkstatt.session.timer_log import record_event

NOW = datetime(2021, 6, 30, 9, 5, tzinfo=UTC)  # workshop 1, inside the group discussion


@pytest.fixture
def published() -> Iterator[list[tuple[int, int]]]:
    """Everything the in-process bus publishes during the test."""
    seen: list[tuple[int, int]] = []
    unsubscribe = bus.subscribe(lambda w, r: seen.append((w, r)))
    yield seen
    unsubscribe()


@pytest.fixture
def live(session_factory: sessionmaker[Session], bottrop: dict[int, int]) -> dict:
    wid, other = bottrop[1], bottrop[2]
    with session_factory.begin() as s:
        s.add(User(username="mod", name="Moritz", password_hash="-", role="moderator"))
        s.add(User(username="orga", name="Olga", password_hash="-", role="organizer"))
        s.flush()
        set_phase_override(s, workshop_id=wid, override="input", actor="mod", now=NOW)
        code = get_workshop(s, workshop_id=wid).join_code
        anna, ben = p.join(s, code=code, now=NOW), p.join(s, code=code, now=NOW)
        first = c.post(s, token=anna, category="challenge", text="Zu wenig Zeit", now=NOW)
        second = c.post(s, token=ben, category="challenge", text="Keine Rückmeldung", now=NOW)
    return {"sf": session_factory, "wid": wid, "other": other, "anna": anna, "ben": ben, "ids": (first, second)}


def rev(sf: sessionmaker[Session], wid: int) -> int:
    with sf() as s:
        return current_revision(s, workshop_id=wid)


def advances_once(live: dict, change: Callable[[Session], object]) -> None:
    sf, wid = live["sf"], live["wid"]
    before, other_before = rev(sf, wid), rev(sf, live["other"])
    with sf.begin() as s:
        change(s)
    assert rev(sf, wid) == before + 1
    assert rev(sf, live["other"]) == other_before  # another workshop's screens stay as they are


def test_revision_is_zero_before_any_change_and_read_in_bulk(session_factory, bottrop) -> None:
    with session_factory() as s:
        assert current_revision(s, workshop_id=10_000) == 0
        both = revisions(s, workshop_ids=[bottrop[1], bottrop[3], 10_000])
    assert both[10_000] == 0 and set(both) == {bottrop[1], bottrop[3], 10_000}


def test_timer_event_and_phase_advance_once(live) -> None:
    advances_once(live, lambda s: record_event(s, workshop_id=live["wid"], kind="start", actor="mod", now=NOW))
    advances_once(live, lambda s: set_phase_override(s, workshop_id=live["wid"], override=None, actor="mod", now=NOW))


def test_several_changes_in_one_transaction_advance_once(live) -> None:
    def many(s: Session) -> None:
        record_event(s, workshop_id=live["wid"], kind="start", actor="mod", now=NOW)
        s.flush()
        m.set_pinned(s, workshop_id=live["wid"], contribution_id=live["ids"][0], pinned=True, actor="mod", now=NOW)
        s.flush()
        m.create_theme(s, workshop_id=live["wid"], name="Zeit", actor="mod", now=NOW)

    advances_once(live, many)


def test_participant_changes_advance_once(live) -> None:
    later = NOW.replace(second=30)
    advances_once(live, lambda s: c.post(s, token=live["anna"], category="challenge", text="Mehr Daten", now=later))
    advances_once(live, lambda s: c.vote(s, token=live["anna"], contribution_id=live["ids"][1], now=NOW))
    # Taking a dot back is a bulk DELETE that never passes the flush.
    advances_once(live, lambda s: c.unvote(s, token=live["anna"], contribution_id=live["ids"][1], now=NOW))
    advances_once(live, lambda s: c.withdraw(s, token=live["ben"], contribution_id=live["ids"][1], now=NOW))
    advances_once(live, lambda s: p.set_display_name(s, token=live["anna"], name="Anna"))


def test_moderation_steps_advance_once(live) -> None:
    wid, (first, second) = live["wid"], live["ids"]
    kw = {"workshop_id": wid, "actor": "mod", "now": NOW}
    advances_once(live, lambda s: m.hide(s, contribution_id=first, reason="doppelt", **kw))
    advances_once(live, lambda s: m.unhide(s, contribution_id=first, **kw))
    advances_once(live, lambda s: m.set_pinned(s, contribution_id=first, pinned=True, **kw))
    with live["sf"].begin() as s:
        theme = m.create_theme(s, workshop_id=wid, name="Zeit", actor="mod", now=NOW)
    advances_once(live, lambda s: m.set_theme(s, contribution_id=first, theme_id=theme, **kw))
    advances_once(live, lambda s: m.merge(s, source_id=second, target_id=first, **kw))
    advances_once(
        live, lambda s: p.set_groups(s, workshop_id=wid, names=["Gruppe 1", "Gruppe 2"], actor="mod", now=NOW)
    )
    advances_once(live, lambda s: p.set_dots(s, workshop_id=wid, dots=5, actor="mod", now=NOW))


def test_publication_advances_once(live) -> None:
    advances_once(live, lambda s: publish(s, workshop_id=live["wid"], actor="orga", now=NOW))
    advances_once(live, lambda s: unpublish(s, workshop_id=live["wid"], actor="orga", now=NOW))  # bulk DELETE


def test_registration_does_not_touch_live_screens(live) -> None:
    sf, wid = live["sf"], live["wid"]
    before = rev(sf, wid)
    applicant = Applicant(
        first_name="Rita", last_name="Rau", email="rita@example.org", organisation="", stakeholder_group="",
        networking_consent=False, privacy_consent=True,
    )  # fmt: skip
    with sf.begin() as s:
        register(s, applicant=applicant, workshop_ids=[wid], now=NOW, source="organizer", actor="orga")
    assert rev(sf, wid) == before


def test_commit_publishes_the_new_revision_and_rollback_publishes_nothing(live, published) -> None:
    sf, wid = live["sf"], live["wid"]
    before = rev(sf, wid)
    with pytest.raises(RuntimeError), sf.begin() as s:
        record_event(s, workshop_id=wid, kind="start", actor="mod", now=NOW)
        raise RuntimeError("abgebrochen")
    assert published == [] and rev(sf, wid) == before
    with sf.begin() as s:
        record_event(s, workshop_id=wid, kind="start", actor="mod", now=NOW)
        assert published == []  # not before the commit
    assert published == [(wid, before + 1)]


def test_concurrent_writers_end_with_one_revision_per_commit(live) -> None:
    sf, wid = live["sf"], live["wid"]
    before = rev(sf, wid)
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            with sf.begin() as s:
                m.set_pinned(s, workshop_id=wid, contribution_id=live["ids"][n % 2], pinned=n % 3 == 0,
                             actor="mod", now=NOW)  # fmt: skip
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert rev(sf, wid) == before + 20


@pytest.mark.parametrize("engine", [BACKENDS[1]], indirect=True)  # NOTIFY is PostgreSQL's; SQLite: in-process bus
def test_postgresql_notifies_every_process_at_commit_and_never_on_rollback(live) -> None:
    sf, wid = live["sf"], live["wid"]
    import random

    import psycopg

    unique = random.randint(10**8, 10**9)  # other test runs share the server: our payload is unmistakable
    with sf.begin() as s:
        s.execute(update(LiveRevision).where(LiveRevision.workshop_id == wid).values(revision=unique))
    url = sf.kw["bind"].url.set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        with pytest.raises(RuntimeError), sf.begin() as s:
            record_event(s, workshop_id=wid, kind="start", actor="mod", now=NOW)
            raise RuntimeError("abgebrochen")
        with sf.begin() as s:
            record_event(s, workshop_id=wid, kind="start", actor="mod", now=NOW)
        payloads = [n.payload for n in listener.notifies(timeout=2, stop_after=200)]
    # Once: the rolled-back transaction's bump (the same number) was never announced.
    assert payloads.count(f"{wid}:{unique + 1}") == 1
