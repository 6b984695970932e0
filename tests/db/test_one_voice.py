"""One person, one voice: scripted joins cannot stuff the ballot; moderation never breaks the dot budget."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from db.models import User, Workshop
from db.models.participation import Contribution, Participant, Vote
from db.models.trust import ThrottleEvent
from werkstatt.errors import WerkstattError
from werkstatt.session import contributions as c
from werkstatt.session import moderation, personal_link
from werkstatt.session import participants as p
from werkstatt.session.dot_budget import voters_over_budget
from werkstatt.session.join_guard import guarded_join
from werkstatt.session.phase import set_phase_override

NOW = datetime(2021, 6, 30, 9, 5, tzinfo=UTC)  # inside workshop 1's group discussion


@pytest.fixture
def live(session_factory, bottrop):
    wid = bottrop[1]
    with session_factory.begin() as s:
        s.add(User(username="mod", name="Moritz", password_hash="-", role="moderator"))
        s.flush()
        set_phase_override(s, workshop_id=wid, override="input", actor="mod", now=NOW)
        code = p.get_workshop(s, workshop_id=wid).join_code
    return session_factory, wid, code


def test_fifty_scripted_joins_from_one_client_cannot_add_fifty_dots(live) -> None:
    sf, _, code = live
    tokens, refusals = [], []
    for i in range(50):
        with sf.begin() as s:
            outcome = guarded_join(s, code=code, client="203.0.113.77", now=NOW + timedelta(seconds=i))
        (tokens if outcome.token else refusals).append(outcome.token or outcome.message)
    assert len(tokens) == 25  # the whole room of 20 seats plus five second devices, from one address
    assert "Von diesem Anschluss sind schon sehr viele Teilnahmen angelegt worden" in refusals[0]
    with sf.begin() as s:
        target = c.post(s, token=tokens[0], category="challenge", text="Bitte alle hierher", now=NOW)
    for token in tokens:
        with sf.begin() as s:
            c.vote(s, token=token, contribution_id=target, now=NOW)
    with sf() as s:
        assert s.scalar(select(func.count()).select_from(Vote)) == 25
    # someone else in another place still gets in
    with sf.begin() as s:
        assert guarded_join(s, code=code, client="198.51.100.1", now=NOW).token


def test_guessing_codes_is_slowed_down_per_client(live) -> None:
    sf, _, code = live
    messages = []
    for i in range(12):
        with sf.begin() as s:
            messages.append(guarded_join(s, code=f"ZZZZ{i:02d}", client="203.0.113.9", now=NOW).message)
    assert messages[0] == "Zu diesem Code gibt es keine Werkstatt. Bitte prüfen Sie die Eingabe."
    assert messages[-1].startswith("Zu viele ungültige Codes. Bitte versuchen Sie es in")
    with sf.begin() as s:  # even the right code waits now
        assert guarded_join(s, code=code, client="203.0.113.9", now=NOW).token is None
    with sf.begin() as s:
        assert guarded_join(s, code=code, client="203.0.113.9", now=NOW + timedelta(minutes=16)).token


@pytest.mark.parametrize("code", ["\x00", "%00", "A\x00B", "x" * 500])
def test_odd_codes_are_refused_in_german(live, code: str) -> None:
    sf, _, _ = live
    with sf.begin() as s:
        outcome = guarded_join(s, code=code, client="x", now=NOW)
    assert outcome.token is None and "keine Werkstatt" in outcome.message


def test_hide_then_unhide_does_not_give_a_fourth_dot(live) -> None:
    """The finding: 3 dots given, one item hidden, the freed dot given elsewhere, unhide -> 4 of 3."""
    sf, wid, code = live
    author = guarded_join_token(sf, code, "a")
    voter = guarded_join_token(sf, code, "b")
    items = [_post(sf, author, f"Beitrag {i}") for i in range(4)]
    for item in items[:3]:
        _call(sf, c.vote, token=voter, contribution_id=item)
    _mod(sf, moderation.hide, workshop_id=wid, contribution_id=items[0], reason="doppelt")
    _call(sf, c.vote, token=voter, contribution_id=items[3])
    _mod(sf, moderation.unhide, workshop_id=wid, contribution_id=items[0])
    with sf() as s:
        assert voters_over_budget(s, workshop_id=wid) == []
        assert s.scalar(select(func.count()).select_from(Vote).where(Vote.contribution_id == items[0])) == 0


def guarded_join_token(sf, code: str, client: str) -> str:
    with sf.begin() as s:
        token = guarded_join(s, code=code, client=client, now=NOW).token
    assert token
    return token


def _post(sf, token: str, text: str) -> int:
    with sf.begin() as s:
        contribution = Contribution(
            workshop_id=p.participant_by_token(s, token=token).workshop_id,
            participant_id=p.participant_by_token(s, token=token).id,
            category_key="challenge",
            text=text,
            created_at=NOW,
        )
        s.add(contribution)
        s.flush()
        return contribution.id


def _call(sf, action, **kw) -> bool:
    try:
        with sf.begin() as s:
            action(s, now=NOW, **kw)
    except WerkstattError:
        return False
    return True


def _mod(sf, action, **kw) -> bool:
    return _call(sf, action, actor="mod", **kw)


OPS = st.lists(
    st.tuples(
        st.sampled_from(["vote", "unvote", "hide", "unhide", "merge"]),
        st.integers(0, 1),  # voter
        st.integers(0, 2),  # contribution
        st.integers(0, 2),  # merge target
    ),
    min_size=1,
    max_size=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
@example(ops=[("vote", 0, 0, 0), ("hide", 0, 0, 0), ("vote", 0, 1, 0), ("unhide", 0, 0, 0)])  # the finding
def test_no_voter_is_ever_above_budget_whatever_moderation_does(live, ops) -> None:
    sf, wid, code = live
    with sf.begin() as s:  # a fresh board for every example
        s.execute(delete(Participant).where(Participant.workshop_id == wid))
        s.execute(delete(ThrottleEvent))  # the workshop's flood brake counts across examples
        s.get(Workshop, wid).dots_per_participant = 1  # small budget: violations need few steps
    author, *voters = [guarded_join_token(sf, code, f"198.51.100.{n}") for n in range(3)]
    items = [_post(sf, author, f"Idee {n}") for n in range(3)]
    for op, who, item, other in ops:
        if op == "vote":
            _call(sf, c.vote, token=voters[who], contribution_id=items[item])
        elif op == "unvote":
            _call(sf, c.unvote, token=voters[who], contribution_id=items[item])
        elif op == "hide":
            _mod(sf, moderation.hide, workshop_id=wid, contribution_id=items[item], reason="Test")
        elif op == "unhide":
            _mod(sf, moderation.unhide, workshop_id=wid, contribution_id=items[item])
        else:
            _mod(sf, moderation.merge, workshop_id=wid, source_id=items[item], target_id=items[other])
        with sf() as s:
            assert voters_over_budget(s, workshop_id=wid) == [], (op, who, item, other)


def _registration(sf, wid: int, email: str, status: str = "confirmed") -> int:
    from db.models import Person, Registration

    with sf.begin() as s:
        person = Person(email=email, first_name="Eva", last_name="Beispiel", created_at=NOW)
        s.add(person)
        s.flush()
        reg = Registration(
            person_id=person.id, workshop_id=wid, status=status, cancel_token=f"storno-{email}", created_at=NOW
        )
        s.add(reg)
        s.flush()
        return reg.id


def test_personal_link_gives_one_identity_on_every_device(live) -> None:
    sf, wid, _ = live
    reg = _registration(sf, wid, "eva@example.org")
    with sf() as s:
        ticket = personal_link.ticket_for(s, registration_id=reg)
    with sf.begin() as s:
        phone = personal_link.join_personal(s, ticket=ticket, now=NOW)
    with sf.begin() as s:
        laptop = personal_link.join_personal(s, ticket=ticket, now=NOW + timedelta(minutes=5))
    assert phone == laptop
    with sf() as s:
        assert personal_link.turnout(s, workshop_id=wid) == personal_link.Turnout(1, 1, 1, 0)
        voter = p.participant_by_token(s, token=phone)
        assert voter.workshop_id == wid


@pytest.mark.parametrize("ticket", ["", "\x00", "1.abc", "99999.0123456789abcdef0123456789abcdef", "1." + "0" * 32])
def test_forged_personal_links_are_refused_in_german(live, ticket: str) -> None:
    sf, wid, _ = live
    _registration(sf, wid, "eva@example.org")
    with pytest.raises(WerkstattError, match="persönliche Link ist ungültig"), sf.begin() as s:
        personal_link.join_personal(s, ticket=ticket, now=NOW)


def test_waitlisted_and_cancelled_registrations_have_no_voice(live) -> None:
    sf, wid, _ = live
    for status, message in (("waitlisted", "Warteliste"), ("cancelled", "storniert")):
        reg = _registration(sf, wid, f"{status}@example.org", status=status)
        with sf() as s:
            ticket = personal_link.ticket_for(s, registration_id=reg)
        with pytest.raises(WerkstattError, match=message), sf.begin() as s:
            personal_link.join_personal(s, ticket=ticket, now=NOW)


def test_personal_mode_closes_the_open_code_and_a_browser_keeps_its_identity(live) -> None:
    sf, wid, code = live
    with sf.begin() as s:
        first = guarded_join(s, code=code, client="203.0.113.1", now=NOW).token
    with sf.begin() as s:  # the same browser (its cookie) joins again: no second identity
        again = guarded_join(s, code=code, client="203.0.113.1", now=NOW, browser_token=first).token
    assert again == first
    with sf.begin() as s:
        personal_link.set_join_mode(s, workshop_id=wid, mode=personal_link.PERSONAL)
    with sf.begin() as s:
        refused = guarded_join(s, code=code, client="198.51.100.3", now=NOW)
    assert refused.token is None and "nur mit Ihrem persönlichen Link" in refused.message
    with sf() as s:
        assert personal_link.turnout(s, workshop_id=wid).identities == 1


@pytest.mark.parametrize("cookie", [None, "", "\x00", "kurz", "x" * 500, 42, "unbekannt-unbekannt-1234"])
def test_any_browser_cookie_value_is_just_ignored(live, cookie) -> None:
    sf, _, code = live
    with sf.begin() as s:
        assert guarded_join(s, code=code, client="203.0.113.4", now=NOW, browser_token=cookie).token


def test_a_room_behind_one_address_joins_and_a_flood_from_many_addresses_is_braked(live) -> None:
    """One venue Wi-Fi: the 20 seats plus second devices get in at once; many addresses at once meet the brake."""
    sf, wid, code = live
    with sf.begin() as s:
        p.get_workshop(s, workshop_id=wid).capacity = 40
    joined = 0
    for i in range(45):
        with sf.begin() as s:
            joined += bool(guarded_join(s, code=code, client="192.0.2.10", now=NOW + timedelta(seconds=i)).token)
    assert joined == 45  # a 40-seat room plus five second devices
    with sf.begin() as s:
        refused = guarded_join(s, code=code, client="192.0.2.10", now=NOW + timedelta(seconds=46))
    assert refused.token is None and "Von diesem Anschluss" in refused.message
    messages = []
    for i in range(20):  # 15 more from other addresses fill the workshop's 60 in five minutes
        with sf.begin() as s:
            outcome = guarded_join(s, code=code, client=f"198.51.100.{i + 2}", now=NOW + timedelta(seconds=50 + i))
        messages.append(outcome.message)
    assert messages[:15] == [""] * 15
    assert "Gerade treten sehr viele Personen auf einmal bei" in messages[15]
