"""Every participant action follows the phase (taking a dot back too); the winter workshop's times read in CET."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.models import User
from db.models.participation import Contribution, Vote
from tests.db.test_contributions import NOW, _join, _post, live  # noqa: F401  (fixture)
from werkstatt.errors import WerkstattError
from werkstatt.results.frames import timeline_frame
from werkstatt.results.report import report_markdown
from werkstatt.session import contributions as c
from werkstatt.session import participants as p
from werkstatt.session.phase import set_phase_override
from werkstatt.session.timer_log import record_event
from werkstatt.session.timer_model import MODE, NEXT, START


def _votes(sf) -> int:
    with sf() as s:
        return int(s.scalar(select(func.count()).select_from(Vote)))


def _texts(sf) -> list[str]:
    with sf() as s:
        return list(s.scalars(select(Contribution.text).order_by(Contribution.id)))


@pytest.mark.parametrize("override", ["closed", "results"])
def test_no_participant_action_changes_anything_while_input_is_not_open(live, override: str) -> None:  # noqa: F811
    sf, wid, code = live
    token = _join(sf, code)
    voted, other = _post(sf, token, "eins"), _post(sf, token, "zwei", now=NOW + timedelta(seconds=6))
    with sf.begin() as s:
        c.vote(s, token=token, contribution_id=voted, now=NOW)
        set_phase_override(s, workshop_id=wid, override=override, actor="mod", now=NOW)
    later = NOW + timedelta(minutes=1)
    with pytest.raises(WerkstattError, match="Eingabe ist gerade geschlossen"):
        _post(sf, token, "drei", now=later)
    with sf.begin() as s, pytest.raises(WerkstattError, match="Abstimmung ist gerade geschlossen"):
        c.vote(s, token=token, contribution_id=other, now=later)
    with sf.begin() as s, pytest.raises(WerkstattError, match="Punkte bleiben, wo sie sind"):
        c.unvote(s, token=token, contribution_id=voted, now=later)
    assert _texts(sf) == ["eins", "zwei"] and _votes(sf) == 1
    with sf.begin() as s:  # opened again: the dot can be taken back
        set_phase_override(s, workshop_id=wid, override="input", actor="mod", now=later)
    with sf.begin() as s:
        c.unvote(s, token=token, contribution_id=voted, now=later)
    assert _votes(sf) == 0


def test_the_agenda_closes_input_in_the_break_for_every_action(session_factory, bottrop) -> None:
    sf, wid = session_factory, bottrop[1]
    with sf.begin() as s:
        s.add(User(username="mod", name="M", password_hash="-", role="moderator"))
        s.flush()
        record_event(s, workshop_id=wid, kind=MODE, actor="mod", now=NOW - timedelta(hours=2), value="planned")
        code = p.get_workshop(s, workshop_id=wid).join_code
    token = _join(sf, code)
    cid = _post(sf, token, "in der Gruppendiskussion")  # 11:05, open
    with sf.begin() as s:
        c.vote(s, token=token, contribution_id=cid, now=NOW)
    brk = NOW - timedelta(minutes=8)  # 10:57, the break
    with pytest.raises(WerkstattError, match="geschlossen"):
        _post(sf, token, "in der Pause", now=brk)
    with sf.begin() as s, pytest.raises(WerkstattError, match="geschlossen"):
        c.unvote(s, token=token, contribution_id=cid, now=brk)
    assert _votes(sf) == 1 and _texts(sf) == ["in der Gruppendiskussion"]


# Werkstatt 3 is on 9 November 2021: Berlin is UTC+1 then (CET), not UTC+2.
WINTER_10_00 = datetime(2021, 11, 9, 9, 0, tzinfo=UTC)


def test_winter_workshop_timeline_and_report_read_in_cet(session_factory, bottrop) -> None:
    sf, wid = session_factory, bottrop[3]
    with sf.begin() as s:
        s.add(User(username="mod", name="M", password_hash="-", role="moderator"))
        s.flush()
        record_event(s, workshop_id=wid, kind=START, actor="mod", now=WINTER_10_00)
        record_event(s, workshop_id=wid, kind=NEXT, actor="mod", now=WINTER_10_00 + timedelta(minutes=17))
        set_phase_override(s, workshop_id=wid, override="input", actor="mod", now=WINTER_10_00)
        code = p.get_workshop(s, workshop_id=wid).join_code
    post_at = WINTER_10_00 + timedelta(hours=1, minutes=2)  # 11:02 in Bottrop
    with sf.begin() as s:
        token = p.join(s, code=code, now=post_at)
        c.post(s, token=token, category=_first_category(s, wid), text="Schneller antworten", now=post_at)
    with sf() as s:
        timeline = timeline_frame(s, workshop_id=wid)
        report = report_markdown(s, workshop_id=wid, now=post_at)
    assert timeline.values.tolist() == [["11:00", 1]]
    assert "Dienstag, 09. November 2021, 10:00–12:00 Uhr" in report
    assert "| 10:00 | 10:00–10:17 | " in report
    assert "| 10:15 | ab 10:17 | " in report


def _first_category(session, wid: int) -> str:
    return p.get_workshop(session, workshop_id=wid).categories[0].key


def test_a_post_over_500_characters_is_refused_and_the_earlier_one_stays(live) -> None:  # noqa: F811
    sf, _, code = live
    token = _join(sf, code)
    _post(sf, token, "Der erste Beitrag bleibt")
    with pytest.raises(WerkstattError, match="mit 501 Zeichen zu lang; erlaubt sind höchstens 500"):
        _post(sf, token, "ä" * 501, now=NOW + timedelta(seconds=10))
    _post(sf, token, "ö" * 500, now=NOW + timedelta(seconds=20))  # exactly the limit is fine
    assert [len(t) for t in _texts(sf)] == [24, 500]


def test_one_participant_posting_from_many_tabs_at_once_gets_one_post(live) -> None:  # noqa: F811
    """Eight simultaneous posts by one person: the row lock makes the 5-second rule hold (PostgreSQL too)."""
    sf, _, code = live
    token = _join(sf, code)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def run(i: int) -> None:
        barrier.wait()
        try:
            _post(sf, token, f"Tab {i}")
            outcomes.append("ok")
        except WerkstattError as err:
            outcomes.append(err.message)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outcomes.count("ok") == 1
    assert all("nächste Beitrag ist in 5 s möglich" in o for o in outcomes if o != "ok")
    assert len(_texts(sf)) == 1


def test_a_dot_only_goes_to_a_visible_contribution_of_the_own_workshop(live, bottrop) -> None:  # noqa: F811
    sf, _, code = live
    voter, author = _join(sf, code), _join(sf, code)
    withdrawn = _post(sf, author, "zurückgezogen")
    with sf.begin() as s:
        c.withdraw(s, token=author, contribution_id=withdrawn, now=NOW)
        other_code = p.get_workshop(s, workshop_id=bottrop[2]).join_code
        set_phase_override(s, workshop_id=bottrop[2], override="input", actor="mod", now=NOW)
    stranger = _join(sf, other_code)
    elsewhere = _post(sf, stranger, "anderswo", category="barrier")
    for cid in (withdrawn, elsewhere, 999_999):
        with sf.begin() as s, pytest.raises(WerkstattError, match="Diesen Beitrag gibt es nicht"):
            c.vote(s, token=voter, contribution_id=cid, now=NOW)
    assert _votes(sf) == 0


@pytest.mark.parametrize(("after_s", "wait_s"), [(0.5, 5), (4.2, 1), (4.999, 1)])
def test_the_wait_until_the_next_post_is_rounded_up(live, after_s: float, wait_s: int) -> None:  # noqa: F811
    sf, _, code = live
    token = _join(sf, code)
    _post(sf, token, "erster")
    with pytest.raises(WerkstattError, match=rf"nächste Beitrag ist in {wait_s} s möglich"):
        _post(sf, token, "zweiter", now=NOW + timedelta(seconds=after_s))
