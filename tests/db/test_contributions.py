"""Participation services on SQLite and PostgreSQL: join, post, vote, moderate, list."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.models import User
from db.models.participation import Contribution, Participant, Vote
from werkstatt.errors import WerkstattError
from werkstatt.session import contributions as c
from werkstatt.session import moderation, views, wall
from werkstatt.session import participants as p
from werkstatt.session.phase import set_phase_override
from werkstatt.session.timer_log import record_event
from werkstatt.session.timer_model import MODE

# Werkstatt 1 is on 2021-06-30; 11:05 Berlin (09:05 UTC) is inside the group discussion.
NOW = datetime(2021, 6, 30, 9, 5, tzinfo=UTC)


@pytest.fixture
def live(session_factory, bottrop):
    """Workshop 1 with a staff user and input opened by the moderator; returns (factory, id, code)."""
    wid = bottrop[1]
    with session_factory.begin() as s:
        s.add(User(username="mod", name="Moritz", password_hash="-", role="moderator"))
        s.flush()
        set_phase_override(s, workshop_id=wid, override="input", actor="mod", now=NOW)
        code = p.get_workshop(s, workshop_id=wid).join_code
    return session_factory, wid, code


def _join(sf, code: str) -> str:
    with sf.begin() as s:
        return p.join(s, code=code, now=NOW)


def _post(sf, token: str, text: str = "Zu wenig Zeit bei Unternehmen", *, now=NOW, **kw) -> int:
    kw.setdefault("category", "challenge")
    with sf.begin() as s:
        return c.post(s, token=token, text=text, now=now, **kw)


def _count(sf, model) -> int:
    with sf() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_join_by_code_gives_a_token_and_stores_only_its_hash(live) -> None:
    sf, wid, code = live
    token = _join(sf, code.lower())  # codes are typed on phones: case does not matter
    with sf() as s:
        stored = s.scalars(select(Participant)).one()
        assert stored.workshop_id == wid
        assert stored.token_hash == p.hash_token(token) != token
        assert p.participant_by_token(s, token=token).id == stored.id


def test_unknown_code_and_forged_token_are_refused_in_german(live) -> None:
    sf, _, code = live
    with sf.begin() as s, pytest.raises(WerkstattError, match="Zu diesem Code gibt es keine Werkstatt"):
        p.join(s, code="XXXXXX", now=NOW)
    token = _join(sf, code)
    _post(sf, token)
    for forged in ("", "x" * 24, token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 500):
        with pytest.raises(WerkstattError, match="Teilnahme-Kennung ist ungültig"):
            _post(sf, forged, now=NOW + timedelta(minutes=1))
        with sf.begin() as s, pytest.raises(WerkstattError, match="ungültig"):
            views.board_for_participant(s, token=forged)
    assert _count(sf, Contribution) == 1


def test_post_shows_on_my_board_with_category_facet_stakeholder_and_group(live) -> None:
    sf, wid, code = live
    with sf.begin() as s:
        groups = p.set_groups(s, workshop_id=wid, names=p.numbered_groups(3), actor="mod", now=NOW)
    token = _join(sf, code)
    with sf.begin() as s:
        p.set_group(s, token=token, group_id=groups[1].id)
        p.set_display_name(s, token=token, name="  Anna ")
    number = _post(sf, token, "Mehrwert: <b>neue</b> Kontakte 🎉", category="value_add",
                   facet="Reallabor", stakeholder="Wirtschaft")  # fmt: skip
    with sf() as s:
        board = views.board_for_participant(s, token=token)
    (item,) = board.mine
    assert item.id == number and board.visible == [item]
    assert (item.category_label, item.facet, item.stakeholder) == ("Mehrwert", "Reallabor", "Wirtschaft")
    assert (item.group_name, item.author, item.text) == (
        "Gruppe 2",
        "Anna",
        "Mehrwert: <b>neue</b> Kontakte 🎉",
    )
    assert (board.dots_total, board.dots_left) == (3, 3)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"category": "nope"}, "Bitte wählen Sie eine Kategorie"),
        ({"category": "barrier"}, "Bitte wählen Sie eine Kategorie"),  # Werkstatt 2's category
        ({"facet": "digital"}, "Diese Auswahl für »Format« gibt es nicht"),
        ({"stakeholder": "Mond"}, "Diese Akteursgruppe gibt es nicht"),
        ({"text": "   "}, "Bitte schreiben Sie einen Text"),
        ({"text": "x" * 501}, "zu lang"),
    ],
)
def test_invalid_posts_are_refused_and_leave_nothing(live, kw, message) -> None:
    sf, _, code = live
    token = _join(sf, code)
    with pytest.raises(WerkstattError, match=message):
        _post(sf, token, **kw)
    assert _count(sf, Contribution) == 0
    _post(sf, token)  # a refusal does not start the rate-limit clock


def test_posting_while_input_is_closed_is_refused(live) -> None:
    sf, wid, code = live
    token = _join(sf, code)
    _post(sf, token)
    with sf.begin() as s:
        set_phase_override(s, workshop_id=wid, override="closed", actor="mod", now=NOW)
    later = NOW + timedelta(minutes=1)
    with pytest.raises(WerkstattError, match="Die Eingabe ist gerade geschlossen"):
        _post(sf, token, "zu spät", now=later)
    first = _count(sf, Contribution)
    with sf.begin() as s, pytest.raises(WerkstattError, match="Abstimmung ist gerade geschlossen"):
        c.vote(s, token=token, contribution_id=1, now=later)
    assert first == 1


def test_input_follows_the_agenda_without_override(session_factory, bottrop) -> None:
    """No override, planned mode: open during the group discussion, closed in the break."""
    sf, wid = session_factory, bottrop[1]
    with sf.begin() as s:
        s.add(User(username="mod", name="M", password_hash="-", role="moderator"))
        s.flush()
        record_event(s, workshop_id=wid, kind=MODE, actor="mod", now=NOW - timedelta(hours=2), value="planned")
        code = p.get_workshop(s, workshop_id=wid).join_code
    token = _join(sf, code)
    with pytest.raises(WerkstattError, match="geschlossen"):
        _post(sf, token, now=NOW - timedelta(minutes=8))  # 10:57, the break
    _post(sf, token, now=NOW)


def test_one_post_per_five_seconds_per_participant(live) -> None:
    sf, _, code = live
    flood, other = _join(sf, code), _join(sf, code)
    _post(sf, flood, "erster")
    with pytest.raises(WerkstattError, match=r"nächste Beitrag ist in 3 s möglich"):
        _post(sf, flood, "zweiter", now=NOW + timedelta(seconds=2))
    _post(sf, other, "jemand anderes", now=NOW + timedelta(seconds=2))
    _post(sf, flood, "dritter", now=NOW + timedelta(seconds=5))
    with sf() as s:
        assert [i.text for i in views.board_for_participant(s, token=flood).mine] == ["dritter", "erster"]


def test_withdraw_only_own_and_only_until_the_conclusion(live) -> None:
    sf, wid, code = live
    author, stranger = _join(sf, code), _join(sf, code)
    first = _post(sf, author, "eins")
    second = _post(sf, author, "zwei", now=NOW + timedelta(seconds=10))
    with sf.begin() as s, pytest.raises(WerkstattError, match="nur Ihre eigenen"):
        c.withdraw(s, token=stranger, contribution_id=first, now=NOW)
    with sf.begin() as s:
        c.withdraw(s, token=author, contribution_id=first, now=NOW)
    with sf.begin() as s, pytest.raises(WerkstattError, match="bereits zurückgezogen"):
        c.withdraw(s, token=author, contribution_id=first, now=NOW)
    # Planned mode, no override, 11:45 = networking after the conclusion: too late.
    with sf.begin() as s:
        set_phase_override(s, workshop_id=wid, override=None, actor="mod", now=NOW)
        record_event(s, workshop_id=wid, kind=MODE, actor="mod", now=NOW, value="planned")
    with sf.begin() as s, pytest.raises(WerkstattError, match="Nach dem Fazit"):
        c.withdraw(s, token=author, contribution_id=second, now=NOW + timedelta(minutes=40))
    with sf.begin() as s:  # during the conclusion it still works
        c.withdraw(s, token=author, contribution_id=second, now=NOW + timedelta(minutes=30))
    with sf() as s:
        board = views.board_for_participant(s, token=author)
    assert [i.trace for i in board.mine] == ["zurückgezogen", "zurückgezogen"]
    assert board.visible == []


def test_dots_limit_one_per_contribution_and_movable(live) -> None:
    sf, _, code = live
    voter = _join(sf, code)
    ids = [_post(sf, _join(sf, code), f"Beitrag {i}") for i in range(5)]

    def vote(cid: int, *, back: bool = False) -> None:
        with sf.begin() as s:
            (c.unvote if back else c.vote)(s, token=voter, contribution_id=cid, now=NOW)

    for cid in ids[:3]:
        vote(cid)
    with pytest.raises(WerkstattError, match="alle 3 Punkte vergeben"):
        vote(ids[3])
    with pytest.raises(WerkstattError, match="schon ein Punkt von Ihnen"):
        vote(ids[0])
    vote(ids[0], back=True)
    with pytest.raises(WerkstattError, match="kein Punkt von Ihnen"):
        vote(ids[0], back=True)
    vote(ids[3])  # the dot moved
    with sf() as s:
        board = views.board_for_participant(s, token=voter)
        assert board.dots_left == 0
        assert {i.id: i.votes for i in board.visible} == {
            ids[0]: 0,
            ids[1]: 1,
            ids[2]: 1,
            ids[3]: 1,
            ids[4]: 0,
        }
        assert {i.id for i in board.visible if i.my_vote} == set(ids[1:4])
        assert s.scalar(select(func.count(Vote.id))) == 3


def test_dots_per_workshop_can_be_changed(live) -> None:
    sf, wid, code = live
    with sf.begin() as s:
        p.set_dots(s, workshop_id=wid, dots=1, actor="mod", now=NOW)
    with sf.begin() as s, pytest.raises(WerkstattError, match="zwischen 1 und 10"):
        p.set_dots(s, workshop_id=wid, dots=0, actor="mod", now=NOW)
    voter = _join(sf, code)
    a, b = _post(sf, _join(sf, code), "a"), _post(sf, _join(sf, code), "b")
    with sf.begin() as s:
        c.vote(s, token=voter, contribution_id=a, now=NOW)
    with sf.begin() as s, pytest.raises(WerkstattError, match="alle 1 Punkte"):
        c.vote(s, token=voter, contribution_id=b, now=NOW)


def test_hide_with_reason_counts_on_the_wall_and_frees_dots(live) -> None:
    sf, wid, code = live
    voter = _join(sf, code)
    keep, spam = _post(sf, _join(sf, code), "bleibt"), _post(sf, _join(sf, code), "Werbung")
    with sf.begin() as s:
        c.vote(s, token=voter, contribution_id=spam, now=NOW)
    with sf.begin() as s, pytest.raises(WerkstattError, match="»Grund« aus"):
        moderation.hide(s, workshop_id=wid, contribution_id=spam, reason="  ", actor="mod", now=NOW)
    with sf.begin() as s:
        moderation.hide(s, workshop_id=wid, contribution_id=spam, reason="Werbung", actor="mod", now=NOW)
    with sf() as s:
        shown = wall.wall(s, workshop_id=wid)
        assert (shown.hidden_count, shown.hidden_reasons, shown.visible_count) == (1, ["Werbung"], 1)
        assert [i.id for i in shown.columns[0][2]] == [keep]
        assert views.board_for_participant(s, token=voter).dots_left == 3
        mod = {i.id: i for i in views.list_for_moderator(s, workshop_id=wid)}
        assert mod[spam].trace == "ausgeblendet: Werbung" and mod[spam].votes == 0
    with sf.begin() as s:
        moderation.unhide(s, workshop_id=wid, contribution_id=spam, actor="mod", now=NOW)
    with sf() as s:
        assert wall.wall(s, workshop_id=wid).hidden_count == 0
        assert {i.id: i.votes for i in views.list_for_moderator(s, workshop_id=wid)}[spam] == 1


def test_merge_leaves_a_trace_and_each_voter_counts_once(live) -> None:
    sf, wid, code = live
    a, b, both = _join(sf, code), _join(sf, code), _join(sf, code)
    dup = _post(sf, _join(sf, code), "Zeitmangel")
    target = _post(sf, _join(sf, code), "Keine Zeit")
    for token, cids in ((a, [dup]), (b, [target]), (both, [dup, target])):
        for cid in cids:
            with sf.begin() as s:
                c.vote(s, token=token, contribution_id=cid, now=NOW)
    with sf.begin() as s:
        moderation.merge(s, workshop_id=wid, source_id=dup, target_id=target, actor="mod", now=NOW)
    with sf() as s:
        items = {i.id: i for i in views.list_for_moderator(s, workshop_id=wid)}
        assert items[target].votes == 3  # a, b, both: once each
        assert items[dup].trace == f"zusammengeführt mit #{target}"
        assert views.board_for_participant(s, token=both).dots_left == 2  # the doubled dot is free again
        assert wall.wall(s, workshop_id=wid).merged_count == 1
    with sf.begin() as s, pytest.raises(WerkstattError, match="zwei sichtbaren"):
        moderation.merge(s, workshop_id=wid, source_id=dup, target_id=target, actor="mod", now=NOW)
    with sf.begin() as s, pytest.raises(WerkstattError, match="mit sich selbst"):
        moderation.merge(s, workshop_id=wid, source_id=target, target_id=target, actor="mod", now=NOW)


def test_pin_and_themes(live, bottrop) -> None:
    sf, wid, code = live
    low = _post(sf, _join(sf, code), "wenig Punkte")
    high = _post(sf, _join(sf, code), "viele Punkte")
    with sf.begin() as s:
        c.vote(s, token=_join(sf, code), contribution_id=high, now=NOW)
    with sf() as s:
        assert [i.id for i in wall.wall(s, workshop_id=wid).columns[0][2]] == [high, low]
    with sf.begin() as s:
        moderation.set_pinned(s, workshop_id=wid, contribution_id=low, pinned=True, actor="mod", now=NOW)
        theme = moderation.create_theme(s, workshop_id=wid, name="Zeit", actor="mod", now=NOW)
        moderation.set_theme(s, workshop_id=wid, contribution_id=high, theme_id=theme, actor="mod", now=NOW)
    with sf.begin() as s, pytest.raises(WerkstattError, match="gibt es schon"):
        moderation.create_theme(s, workshop_id=wid, name=" Zeit ", actor="mod", now=NOW)
    with sf.begin() as s, pytest.raises(WerkstattError, match="gibt es in dieser Werkstatt nicht"):
        moderation.set_pinned(s, workshop_id=bottrop[2], contribution_id=low, pinned=True, actor="mod", now=NOW)
    with sf() as s:
        column = wall.wall(s, workshop_id=wid).columns[0][2]
        assert [(i.id, i.pinned, i.theme_name) for i in column] == [(low, True, ""), (high, False, "Zeit")]


def test_groups_can_be_renamed_and_changed_by_participants(live, bottrop) -> None:
    sf, wid, code = live
    with sf.begin() as s:
        first = p.set_groups(s, workshop_id=wid, names=["Rot", "Blau", "Rot", " "], actor="mod", now=NOW)
    assert [g.name for g in first] == ["Rot", "Blau"]
    token = _join(sf, code)
    with sf.begin() as s:
        p.set_group(s, token=token, group_id=first[1].id)
        p.set_groups(s, workshop_id=wid, names=["Grün", "Blau"], actor="mod", now=NOW)
        other = p.set_groups(s, workshop_id=bottrop[2], names=["Fremd"], actor="mod", now=NOW)
    with sf.begin() as s, pytest.raises(WerkstattError, match="Gruppe gibt es in dieser Werkstatt nicht"):
        p.set_group(s, token=token, group_id=other[0].id)
    with sf() as s:
        assert p.participant_by_token(s, token=token).group.name == "Blau"
        assert views.groups_of(s, workshop_id=wid)[0][1] == "Grün"


def test_fifty_participants_post_and_vote_at_once(live) -> None:
    """50 threads join, post and vote at the same moment: no lost write, exact counts."""
    sf, wid, code = live
    n = 50
    tokens = [_join(sf, code) for _ in range(n)]
    errors: list[Exception] = []
    ids: dict[int, int] = {}

    def run_all(work) -> None:
        barrier = threading.Barrier(n)

        def run(i: int) -> None:
            barrier.wait()
            try:
                work(i)
            except Exception as err:
                errors.append(err)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)

    def post_one(i: int) -> None:
        ids[i] = _post(sf, tokens[i], f"Beitrag von Nummer {i}")

    refused: list[int] = []

    def vote_four(i: int) -> None:
        for k in (1, 2, 3, 4):  # the fourth dot must be refused
            try:
                with sf.begin() as s:
                    c.vote(s, token=tokens[i], contribution_id=ids[(i + k) % n], now=NOW)
            except WerkstattError:
                refused.append(k)

    run_all(post_one)
    run_all(vote_four)
    assert errors == []
    assert refused == [4] * n
    with sf() as s:
        items = views.list_for_moderator(s, workshop_id=wid)
        assert len(items) == n and len({i.text for i in items}) == n
        assert all(i.votes == 3 for i in items)
        assert s.scalar(select(func.count(Vote.id))) == 3 * n
        assert wall.wall(s, workshop_id=wid).participant_count == n


def test_one_participant_voting_from_many_tabs_at_once_gets_exactly_their_dots(live) -> None:
    """Ten simultaneous votes by the same person (ten tabs): the row lock lets exactly three through."""
    sf, _, code = live
    voter = _join(sf, code)
    ids = [_post(sf, _join(sf, code), f"Beitrag {i}") for i in range(10)]
    barrier = threading.Barrier(len(ids))
    outcomes: list[str] = []

    def run(cid: int) -> None:
        barrier.wait()
        try:
            with sf.begin() as s:
                c.vote(s, token=voter, contribution_id=cid, now=NOW)
            outcomes.append("ok")
        except WerkstattError as err:
            outcomes.append(err.message)

    threads = [threading.Thread(target=run, args=(cid,)) for cid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outcomes.count("ok") == 3
    assert all("alle 3 Punkte" in o for o in outcomes if o != "ok")
    assert _count(sf, Vote) == 3


def test_every_moderation_step_is_logged_and_only_staff_moderate(live) -> None:
    sf, wid, code = live
    token = _join(sf, code)
    first = _post(sf, token, "Ergebnisse versanden")
    second = _post(sf, token, "Keine Rückmeldung", now=NOW + timedelta(seconds=6))
    with pytest.raises(WerkstattError, match="Nur Moderation oder Organisation"), sf.begin() as s:
        moderation.hide(s, workshop_id=wid, contribution_id=first, reason="Werbung", actor="", now=NOW)
    with pytest.raises(WerkstattError, match="Nur Moderation oder Organisation"), sf.begin() as s:
        moderation.hide(
            s, workshop_id=wid, contribution_id=first, reason="Werbung", actor=token, now=NOW
        )  # a participant
    later = NOW + timedelta(minutes=1)
    with sf.begin() as s:
        moderation.hide(s, workshop_id=wid, contribution_id=first, reason="Werbung", actor="mod", now=later)
        moderation.unhide(s, workshop_id=wid, contribution_id=first, actor="mod", now=later)
        moderation.set_pinned(s, workshop_id=wid, contribution_id=first, pinned=True, actor="mod", now=later)
        moderation.merge(s, workshop_id=wid, source_id=second, target_id=first, actor="mod", now=later)
    with sf() as s:
        log = [(e.contribution_id, e.action, e.detail, e.actor) for e in views.moderation_log(s, workshop_id=wid)]
    assert log == [
        (first, "hide", "Werbung", "mod"),
        (first, "unhide", "Werbung", "mod"),  # the reason survives the unhide
        (first, "pin", "", "mod"),
        (second, "merge", f"mit #{first}", "mod"),
    ]
