"""The conclusion's frames as the report, the Fazit screen and the beamer read them: contributions and dots per
theme (largest theme first, equal ones by name, unthemed ones as "ohne Thema", hidden ones nowhere, the workshop
beside it nowhere); the series comparison per workshop, a purged one from its anonymous tally."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.models import WorkshopTally
from tests.db.test_contributions import NOW, _join, _post, live  # noqa: F401  (fixture)
from tests.db.test_privacy_rules import _register
from tests.db.test_registration import NOW as REG_NOW
from tests.db.test_registration import ORGA
from tests.db.test_tallies_rules import _hide, _second_workshop, _vote
from werkstatt.accounts.users import add_user
from werkstatt.privacy.persons import purge_past
from werkstatt.registration.staff import set_capacity, set_checked_in
from werkstatt.results.conclusion import (
    COMPARISON_COUNTS,
    NO_THEME,
    conclusion,
    group_frame,
    series_comparison,
    theme_frame,
)
from werkstatt.series.store import get_workshop
from werkstatt.session import moderation
from werkstatt.session import participants as p
from werkstatt.session.participants import join


def _theme(sf, wid: int, name: str) -> int:
    with sf.begin() as s:
        return moderation.create_theme(s, workshop_id=wid, name=name, actor="mod", now=NOW)


def _file(sf, wid: int, cid: int, theme: int | None) -> None:
    with sf.begin() as s:
        moderation.set_theme(s, workshop_id=wid, contribution_id=cid, theme_id=theme, actor="mod", now=NOW)


def test_contributions_and_dots_per_theme(live, bottrop) -> None:  # noqa: F811
    sf, wid, code = live
    author = _join(sf, code)
    posts = [_post(sf, author, f"Beitrag {i}", now=NOW + timedelta(minutes=i)) for i in range(8)]
    zeit, raeume, arbeit = (_theme(sf, wid, name) for name in ("Zeit", "Räume", "Arbeit"))
    for cid, theme in zip(posts, [zeit, zeit, zeit, raeume, arbeit, None, None, zeit], strict=True):
        _file(sf, wid, cid, theme)
    voters = [_join(sf, code) for _ in range(2)]
    for voter in voters:
        _vote(sf, voter, posts[0])
    _vote(sf, voters[0], posts[1])
    _vote(sf, voters[0], posts[3])
    _vote(sf, voters[1], posts[5])
    _vote(sf, voters[1], posts[7])
    with sf.begin() as s:  # a hidden contribution counts nowhere, nor its dot
        moderation.hide(s, workshop_id=wid, contribution_id=posts[7], reason="Werbung", actor="mod", now=NOW)
    # the workshop beside it has a theme of the same name, with a contribution and a dot
    other = bottrop[2]
    other_code = _second_workshop(sf, other)
    x = _post(sf, _join(sf, other_code), "Anderswo", category="barrier")
    _file(sf, other, x, _theme(sf, other, "Zeit"))
    _vote(sf, _join(sf, other_code), x)

    with sf() as s:
        frame = theme_frame(s, workshop_id=wid)
    assert list(frame.columns) == ["Thema", "Beiträge", "Punkte"]
    # "Zeit" is largest, though last by name; "Arbeit" and "Räume" tie and go by name
    assert frame.values.tolist() == [["Zeit", 3, 3], [NO_THEME, 2, 1], ["Arbeit", 1, 0], ["Räume", 1, 1]]
    assert [str(t) for t in frame.dtypes[1:]] == ["int64", "int64"]


def test_series_comparison_counts_each_workshop_apart_and_a_purged_one_from_its_tally(session_factory, bottrop) -> None:
    sf = session_factory
    w1, w2, w3 = bottrop[1], bottrop[2], bottrop[3]
    with sf.begin() as s:
        add_user(s, username=ORGA, role="organizer", password="orga-passwort-1")
        set_capacity(s, workshop_id=w1, capacity=2, actor=ORGA, now=REG_NOW)
        set_capacity(s, workshop_id=w2, capacity=1, actor=ORGA, now=REG_NOW)
    first = _register(sf, [w1], 0)[0].registration_id
    _register(sf, [w1], 1)
    _register(sf, [w1], 2)  # waiting: registered, but no seat
    third = _register(sf, [w2], 3)[0].registration_id
    _register(sf, [w2], 4)  # waiting
    with sf.begin() as s:
        set_checked_in(s, registration_id=first, present=True, actor=ORGA, now=datetime(2021, 6, 30, 8, tzinfo=UTC))
        set_checked_in(s, registration_id=third, present=True, actor=ORGA, now=datetime(2021, 9, 14, 8, tzinfo=UTC))
        join(s, code=get_workshop(s, workshop_id=w1).join_code, now=datetime(2021, 6, 30, 8, tzinfo=UTC))
        series_id = get_workshop(s, workshop_id=w1).series_id
        topics = [get_workshop(s, workshop_id=w).topic for w in (w1, w2, w3)]
    with sf.begin() as s:  # mid August only workshop 1 is over 30 days past: its registrations go, its tally stays
        purge_past(s, older_than=timedelta(days=30), now=datetime(2021, 8, 15, tzinfo=UTC))
    with sf() as s:
        assert s.get(WorkshopTally, w1) is not None and s.get(WorkshopTally, w2) is None
        frame = series_comparison(s, series_id=series_id)
    assert list(frame.columns) == ["Werkstatt", "Thema", "Angemeldet", "Eingecheckt", "Live beigetreten",
                                   "Kategorie", "Beiträge"]  # fmt: skip
    people = frame[["Werkstatt", "Thema", *COMPARISON_COUNTS]].drop_duplicates().values.tolist()
    assert people == [
        ["Werkstatt 1", topics[0], 2, 1, 1],  # from the tally: two seated, one checked in
        ["Werkstatt 2", topics[1], 1, 1, 0],
        ["Werkstatt 3", topics[2], 0, 0, 0],
    ]
    assert all(topics) and len(frame) == 6 and frame["Beiträge"].tolist() == [0] * 6


def test_contributions_per_group_largest_first_equal_ones_by_name(live) -> None:  # noqa: F811
    sf, wid, code = live
    with sf.begin() as s:
        groups = p.set_groups(s, workshop_id=wid, names=p.numbered_groups(3), actor="mod", now=NOW)
    # "Gruppe 3" has more than "Gruppe 1" and "Gruppe 2", which tie; three people never chose a group
    for group, posts in ((None, 3), (groups[2].id, 2), (groups[1].id, 1), (groups[0].id, 1)):
        token = _join(sf, code)
        if group is not None:
            with sf.begin() as s:
                p.set_group(s, token=token, group_id=group)
        for i in range(posts):
            _post(sf, token, f"Beitrag {i}", now=NOW + timedelta(minutes=i))
    with sf() as s:
        frame = group_frame(s, workshop_id=wid)
    assert list(frame.columns) == ["Gruppe", "Beiträge"]
    assert frame.values.tolist() == [["ohne Gruppe", 3], ["Gruppe 3", 2], ["Gruppe 1", 1], ["Gruppe 2", 1]]


def test_the_cached_conclusion_follows_a_join_a_hide_of_number_1_and_a_removed_group_1(live) -> None:  # noqa: F811
    sf, wid, code = live
    with sf.begin() as s:
        groups = p.set_groups(s, workshop_id=wid, names=["Nord", "Süd"], actor="mod", now=NOW)
    alone, member = _join(sf, code), _join(sf, code)
    with sf.begin() as s:
        p.set_group(s, token=member, group_id=groups[0].id)
    first = _post(sf, alone, "Erster Beitrag")
    _post(sf, alone, "Zweiter Beitrag", now=NOW + timedelta(minutes=1))
    north = [_post(sf, member, f"Aus dem Norden {i}", now=NOW + timedelta(minutes=i)) for i in range(2)]
    assert first == 1 and groups[0].id == 1 and min(north) > 1
    with sf() as s:
        shown = conclusion(s, workshop_id=wid)
        assert conclusion(s, workshop_id=wid) is shown  # nothing changed: not computed again
    assert (shown.contributions, shown.participants) == (4, 2)
    _join(sf, code)  # someone joins without posting: the count of people moves
    with sf() as s:
        assert conclusion(s, workshop_id=wid).participants == 3
    # the first contribution (number 1) is hidden: the conclusion counts it no more
    _hide(sf, wid, first, "Werbung")
    with sf() as s:
        hidden = conclusion(s, workshop_id=wid)
    assert (hidden.contributions, hidden.moderation.hidden) == (3, 1)
    assert hidden.groups.values.tolist() == [["Nord", 2], ["ohne Gruppe", 1]]
    # the moderator removes the group "Nord" (number 1): its contributions count as "ohne Gruppe" at once
    with sf.begin() as s:
        p.set_groups(s, workshop_id=wid, names=["Süd"], actor="mod", now=NOW)
    with sf() as s:
        assert conclusion(s, workshop_id=wid).groups.values.tolist() == [["ohne Gruppe", 3]]
