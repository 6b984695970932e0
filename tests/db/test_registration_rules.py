"""Seat and waitlist rules that single examples missed: fairness after leaving and returning, capacity equal
to the confirmed count, purge by age (past only) with its tally and report; a property test of the queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from db.models import OutboxMail, Person, Registration, WorkshopTally
from tests.budget import examples
from tests.db.test_registration import NOW, ORGA, orga, person  # noqa: F401  (orga: autouse account)
from werkstatt.errors import WerkstattError
from werkstatt.privacy.persons import purge_past
from werkstatt.registration.queries import seats, waitlist
from werkstatt.registration.services import register
from werkstatt.registration.staff import cancel_registration, set_capacity, set_checked_in
from werkstatt.results.report import report_markdown


def _register(sf, wid: int, i: int, **kw):
    with sf.begin() as s:
        return register(s, applicant=person(i, **kw), workshop_ids=[wid], now=NOW)[0]


def _cancel(sf, registration_id: int) -> list[str]:
    with sf.begin() as s:
        return [r.person.email for r in cancel_registration(s, registration_id=registration_id, actor=ORGA, now=NOW)]


def _queue(sf, wid: int) -> list[str]:
    with sf() as s:
        return [r.person.email for r in waitlist(s, workshop_id=wid)]


def _capacity(sf, wid: int, capacity: int) -> list[str]:
    with sf.begin() as s:
        return [r.person.email for r in set_capacity(s, workshop_id=wid, capacity=capacity, actor=ORGA, now=NOW)]


def test_leaving_the_waitlist_and_returning_joins_at_the_end(session_factory, bottrop) -> None:
    sf, wid = session_factory, bottrop[1]
    _capacity(sf, wid, 1)
    seated = _register(sf, wid, 0)
    b, _c, _d = (_register(sf, wid, i) for i in (1, 2, 3))
    assert (seated.status, b.position) == ("confirmed", 1)
    _cancel(sf, b.registration_id)  # B leaves the waitlist ...
    back = _register(sf, wid, 1)  # ... and comes back: behind everyone who kept waiting
    assert back.status == "waitlisted" and back.position == 3
    assert _queue(sf, wid) == ["person2@beispiel.de", "person3@beispiel.de", "person1@beispiel.de"]
    assert _cancel(sf, seated.registration_id) == ["person2@beispiel.de"]  # the longest waiting moves up
    assert _queue(sf, wid) == ["person3@beispiel.de", "person1@beispiel.de"]


def test_capacity_may_be_set_exactly_to_the_confirmed_count(session_factory, bottrop) -> None:
    sf, wid = session_factory, bottrop[1]
    for i in range(3):
        _register(sf, wid, i)
    assert _capacity(sf, wid, 3) == []
    with session_factory() as s:
        assert (seats(s)[wid].capacity, seats(s)[wid].left) == (3, 0)
    assert _register(sf, wid, 3).status == "waitlisted"
    with pytest.raises(WerkstattError, match="bereits 3 Personen bestätigt"):
        _capacity(sf, wid, 2)
    assert _capacity(sf, wid, 4) == ["person3@beispiel.de"]


def _count(sf, model, *where) -> int:
    with sf() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)))


def test_purge_by_age_deletes_only_long_past_workshops_and_keeps_a_tally_by_status(session_factory, bottrop) -> None:
    sf = session_factory
    w1, w2, w3 = bottrop[1], bottrop[2], bottrop[3]  # 30.06., 14.09., 09.11.2021
    _capacity(sf, w1, 2)
    regs = [_register(sf, w1, i, stakeholder_group=g) for i, g in enumerate(["Verwaltung", "Wirtschaft"] + [""] * 3)]
    _cancel(sf, regs[3].registration_id)  # one waitlisted person leaves: cancelled
    with sf.begin() as s:
        set_checked_in(s, registration_id=regs[0].registration_id, present=True, actor=ORGA, now=NOW)
    _register(sf, w2, 0)  # the workshop that ended 17 days ago
    _register(sf, w3, 7)  # the upcoming workshop
    with sf.begin() as s:
        result = purge_past(s, older_than=timedelta(days=30), now=datetime(2021, 10, 1, tzinfo=UTC))
    assert (result.workshops, result.registrations, result.persons) == (1, 5, 4)
    assert _count(sf, Registration, Registration.workshop_id == w1) == 0
    assert _count(sf, Registration, Registration.workshop_id == w2) == 1  # ended less than 30 days ago
    assert _count(sf, Registration, Registration.workshop_id == w3) == 1  # still ahead
    assert _count(sf, Person) == 2 and _count(sf, OutboxMail, OutboxMail.workshop_id == w1) == 0
    with sf() as s:
        tally = s.get(WorkshopTally, w1)
        counts = (tally.confirmed, tally.waitlisted, tally.cancelled, tally.checked_in)
        assert counts == (2, 2, 1, 1)
        assert tally.by_group == {"Verwaltung": 1, "Wirtschaft": 1}
        assert s.get(WorkshopTally, w2) is None and s.get(WorkshopTally, w3) is None
        report = report_markdown(s, workshop_id=w1, now=NOW)
    assert "- Bestätigte Anmeldungen: 2 von 2 Plätzen" in report
    assert "- Warteliste: 2" in report
    assert "- Eingecheckt: 1" in report
    with sf.begin() as s:  # a second run finds nothing more and keeps the counts
        again = purge_past(s, older_than=timedelta(days=30), now=datetime(2021, 10, 1, tzinfo=UTC))
    assert (again.workshops, again.registrations) == (0, 0)
    with sf() as s:
        assert s.get(WorkshopTally, w1).confirmed == 2


def test_purge_with_zero_days_keeps_the_workshop_that_has_not_ended(session_factory, bottrop) -> None:
    sf, w3 = session_factory, bottrop[3]
    _register(sf, w3, 0)
    during = datetime(2021, 11, 9, 9, 30, tzinfo=UTC)  # 10:30 Berlin, workshop 3 is running
    with sf.begin() as s:
        assert purge_past(s, older_than=timedelta(0), now=during).workshops == 0
    with sf.begin() as s:
        assert purge_past(s, older_than=timedelta(0), now=during + timedelta(hours=2)).workshops == 1


# Property: the waitlist is first come, first served, whatever people do.

PEOPLE = 6
op = st.tuples(st.sampled_from(["register", "cancel"]), st.integers(0, PEOPLE - 1))


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
@settings(
    max_examples=examples(25, under_mutation=10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=st.lists(op, max_size=18), capacity=st.integers(1, 3))
def test_waitlist_order_matches_a_fifo_model(session_factory, bottrop, ops, capacity) -> None:
    sf, wid = session_factory, bottrop[1]
    with sf.begin() as s:
        for table in (OutboxMail, Registration, Person):
            s.execute(delete(table))
    _capacity(sf, wid, capacity)
    seated: set[int] = set()
    queue: list[int] = []
    ids: dict[int, int] = {}
    for kind, i in ops:
        if kind == "register" and i not in seated and i not in queue:
            outcome = _register(sf, wid, i)
            ids[i] = outcome.registration_id
            if len(seated) < capacity:
                seated.add(i)
                assert outcome.status == "confirmed"
            else:
                queue.append(i)
                assert (outcome.status, outcome.position) == ("waitlisted", len(queue))
        elif kind == "cancel" and (i in seated or i in queue):
            promoted = _cancel(sf, ids[i])
            if i in seated:
                seated.remove(i)
                moved = queue[:1]
                queue = queue[1:]
                seated.update(moved)
                assert promoted == [f"person{m}@beispiel.de" for m in moved]
            else:
                queue.remove(i)
                assert promoted == []
        assert _queue(sf, wid) == [f"person{q}@beispiel.de" for q in queue]
    with sf() as s:
        assert seats(s)[wid].confirmed == len(seated)
