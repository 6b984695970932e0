"""Withdrawing ends after the conclusion, whatever the agenda looks like; the refusals a participant reads, word
for word (the older tests match fragments)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from db.models import AgendaItem, Workshop
from tests.db.test_contributions import NOW, _join, _post, live  # noqa: F401  (fixture)
from werkstatt.errors import WerkstattError
from werkstatt.session import contributions as c
from werkstatt.session import participants as p
from werkstatt.session.phase import set_phase_override
from werkstatt.session.timer_log import record_event
from werkstatt.session.timer_model import MODE
from werkstatt.session.views import dots_used

START = datetime(2021, 6, 30, 8, 0, tzinfo=UTC)


def _workshop(*kinds: str) -> Workshop:
    """A workshop (not stored) whose agenda has these kinds, 15 minutes each."""
    items = [
        AgendaItem(position=i, planned_start=START + timedelta(minutes=15 * i), kind=kind, title=kind)
        for i, kind in enumerate(kinds)
    ]
    return Workshop(starts_at=START, ends_at=START + timedelta(minutes=15 * len(kinds)), agenda=items)


@pytest.mark.parametrize(
    ("kinds", "over"),
    [
        (("welcome", "group_discussion", "conclusion", "networking"), {"after", "networking"}),
        # the item before the conclusion is no "after": a break earlier in the day still allows withdrawing
        (("welcome", "break", "group_discussion", "break", "conclusion", "networking"), {"after", "networking"}),
        # no conclusion on the agenda: only the time after the workshop
        (("welcome", "group_discussion", "networking"), {"after"}),
        # a second discussion or a second conclusion after the conclusion keeps withdrawing open
        (("welcome", "conclusion", "group_discussion", "networking", "conclusion"), {"after", "networking"}),
    ],
)
def test_withdrawing_is_over_only_after_the_conclusion(kinds: tuple[str, ...], over: set[str]) -> None:
    assert c.kinds_after_conclusion(_workshop(*kinds)) == over


def _refusal(call) -> str:
    with pytest.raises(WerkstattError) as refused:
        call()
    return str(refused.value)


def _close(sf, wid: int) -> None:
    with sf.begin() as s:
        set_phase_override(s, workshop_id=wid, override="closed", actor="mod", now=NOW)


def _planned(sf, wid: int) -> None:
    """No override: the phase follows the agenda (workshop 1: 10:00–12:00 Berlin)."""
    with sf.begin() as s:
        set_phase_override(s, workshop_id=wid, override=None, actor="mod", now=NOW)
        record_event(s, workshop_id=wid, kind=MODE, actor="mod", now=NOW, value="planned")


def test_after_the_workshop_a_contribution_can_no_longer_be_withdrawn(live) -> None:  # noqa: F811
    sf, wid, code = live
    author = _join(sf, code)
    mine = _post(sf, author, "Mehr Zeit für Fragen")
    _planned(sf, wid)
    after = NOW + timedelta(hours=2)  # 13:05 in Bottrop, the workshop ended at 12:00
    with sf.begin() as s:
        message = _refusal(lambda: c.withdraw(s, token=author, contribution_id=mine, now=after))
    assert message == "Nach dem Fazit können Beiträge nicht mehr zurückgezogen werden."


def test_post_refusals_word_for_word(live) -> None:  # noqa: F811
    sf, _, code = live
    token = _join(sf, code)
    with sf.begin() as s:
        assert _refusal(lambda: c.post(s, token=token, category="gibt-es-nicht", text="Text", now=NOW)) == (
            "Bitte wählen Sie eine Kategorie für Ihren Beitrag."
        )
        assert _refusal(
            lambda: c.post(s, token=token, category="challenge", text="Text", stakeholder="Marsianer", now=NOW)
        ) == ("Diese Akteursgruppe gibt es nicht.")
    _post(sf, token, "Der erste Beitrag")
    with sf.begin() as s:
        soon = NOW + timedelta(seconds=2)
        assert _refusal(lambda: c.post(s, token=token, category="challenge", text="Zweiter", now=soon)) == (
            "Bitte einen Moment Geduld: Der nächste Beitrag ist in 3 s möglich "
            "(höchstens ein Beitrag alle 5 Sekunden). Ihr Text ist noch im Feld."
        )


def test_withdraw_and_unvote_refusals_word_for_word(live) -> None:  # noqa: F811
    sf, wid, code = live
    author, stranger = _join(sf, code), _join(sf, code)
    mine = _post(sf, author, "Mehr Zeit für Fragen")
    with sf.begin() as s:
        assert _refusal(lambda: c.withdraw(s, token=stranger, contribution_id=mine, now=NOW)) == (
            "Sie können nur Ihre eigenen Beiträge zurückziehen."
        )
        assert _refusal(lambda: c.unvote(s, token=stranger, contribution_id=mine, now=NOW)) == (
            "Auf diesem Beitrag liegt kein Punkt von Ihnen."
        )
    _close(sf, wid)
    with sf.begin() as s:
        assert _refusal(lambda: c.unvote(s, token=stranger, contribution_id=mine, now=NOW)) == (
            "Die Abstimmung ist gerade geschlossen; Punkte bleiben, wo sie sind."
        )


def test_taking_a_dot_back_leaves_the_other_participants_dots(live) -> None:  # noqa: F811
    sf, _, code = live
    author, first, second = _join(sf, code), _join(sf, code), _join(sf, code)
    target = _post(sf, author, "Mehr Zeit für Fragen")
    with sf.begin() as s:
        c.vote(s, token=first, contribution_id=target, now=NOW)
        c.vote(s, token=second, contribution_id=target, now=NOW)
        c.unvote(s, token=first, contribution_id=target, now=NOW)
    with sf() as s:
        assert dots_used(s, participant_id=p.participant_by_token(s, token=second).id) == 1
        assert dots_used(s, participant_id=p.participant_by_token(s, token=first).id) == 0
    with sf.begin() as s:  # the second voter can still take theirs back
        c.unvote(s, token=second, contribution_id=target, now=NOW)


def test_vote_refusals_word_for_word(live) -> None:  # noqa: F811
    sf, wid, code = live
    author, voter = _join(sf, code), _join(sf, code)
    target = _post(sf, author, "Mehr Zeit für Fragen")
    with sf.begin() as s:
        c.vote(s, token=voter, contribution_id=target, now=NOW)
    with sf.begin() as s:
        assert _refusal(lambda: c.vote(s, token=voter, contribution_id=target, now=NOW)) == (
            "Auf diesem Beitrag liegt schon ein Punkt von Ihnen (höchstens einer pro Beitrag)."
        )
        assert _refusal(lambda: c.vote(s, token=voter, contribution_id=target + 99, now=NOW)) == (
            "Diesen Beitrag gibt es nicht (mehr); Ihr Punkt wurde nicht vergeben."
        )
    _close(sf, wid)
    with sf.begin() as s:
        assert _refusal(lambda: c.vote(s, token=author, contribution_id=target, now=NOW)) == (
            "Die Abstimmung ist gerade geschlossen. Ihr Punkt wurde nicht vergeben."
        )
