"""The conclusion as the Fazit screen, the beamer and the report show it: "Meiste Punkte" lists the three
most-voted contributions of each category, the categories in the series file's order, equal dots by the earlier
contribution, a merged duplicate's dots on its target, nothing of another workshop (even one whose series file
reuses a category key); the numbers at the top (people, contributions, dots, hidden ones) count only this workshop."""

from __future__ import annotations

from datetime import timedelta

from db.models import Category
from tests.db.test_contributions import NOW, _join, _post, live  # noqa: F401  (fixture)
from tests.db.test_tallies_rules import _hide, _second_workshop, _vote
from werkstatt.results.conclusion import conclusion, top_frame
from werkstatt.session import moderation

COLUMNS = ["Kategorie", "Rang", "Nr", "Beitrag", "Punkte"]


def _share_key_with(sf, other: int) -> None:
    """Workshop `other` gets a category with the key "challenge" too, as a series file may reuse keys."""
    with sf.begin() as s:
        s.add(Category(workshop_id=other, key="challenge", label="Hürde in Werkstatt 2", position=2))


def test_top_three_per_category_in_the_series_order_equal_dots_by_the_earlier_one(live, bottrop) -> None:  # noqa: F811
    sf, wid, code = live
    author = _join(sf, code)
    at = (NOW + timedelta(minutes=i) for i in range(10))
    # "Mehrwert" (second in the series file) gets the earlier numbers; the list still starts with "Herausforderung"
    v0 = _post(sf, author, "Netzwerk wächst", category="value_add", now=next(at))
    v1 = _post(sf, author, "Neue Kontakte", category="value_add", now=next(at))
    c0, c1, c2, c3, c4 = (_post(sf, author, f"Hürde {i}", now=next(at)) for i in range(5))
    voters = [_join(sf, code) for _ in range(3)]  # three dots each
    for voter, cids in zip(voters, ([c2, c0, v1], [c2, c3, v1], [c2, c1, c4]), strict=True):
        for cid in cids:
            _vote(sf, voter, cid)
    with sf.begin() as s:  # c1 is a duplicate of c0: its dot moves over, so c0 has two
        moderation.merge(s, workshop_id=wid, source_id=c1, target_id=c0, actor="mod", now=NOW)
    # workshop 2 reuses the key "challenge", with a contribution and a dot of its own
    other = bottrop[2]
    other_code = _second_workshop(sf, other)
    _share_key_with(sf, other)
    elsewhere = _post(sf, _join(sf, other_code), "Anderswo", category="challenge")
    _vote(sf, _join(sf, other_code), elsewhere)

    with sf() as s:
        top = top_frame(s, workshop_id=wid)
        first_only = top_frame(s, workshop_id=wid, per_category=1)
        theirs = top_frame(s, workshop_id=other)
    assert list(top.columns) == COLUMNS
    # c3 and c4 have one dot each: c3 came first and takes the third place, c4 is left out
    assert top.values.tolist() == [
        ["Herausforderung", 1, c2, "Hürde 2", 3],
        ["Herausforderung", 2, c0, "Hürde 0", 2],
        ["Herausforderung", 3, c3, "Hürde 3", 1],
        ["Mehrwert", 1, v1, "Neue Kontakte", 2],
        ["Mehrwert", 2, v0, "Netzwerk wächst", 0],  # no dot yet: listed with 0
    ]
    assert [str(t) for t in top.dtypes[["Rang", "Nr", "Punkte"]]] == ["int64"] * 3
    assert first_only[["Kategorie", "Nr"]].values.tolist() == [["Herausforderung", c2], ["Mehrwert", v1]]
    assert theirs.values.tolist() == [["Hürde in Werkstatt 2", 1, elsewhere, "Anderswo", 1]]


def test_an_empty_workshop_has_no_top_contributions(live) -> None:  # noqa: F811
    sf, wid, _ = live
    with sf() as s:
        top = top_frame(s, workshop_id=wid)
    assert top.empty and list(top.columns) == COLUMNS


def test_the_conclusion_counts_only_its_own_workshop(live, bottrop) -> None:  # noqa: F811
    sf, wid, code = live
    # workshop 2 at the same time: more people, a contribution with a dot, a hidden one
    other = bottrop[2]
    other_code = _second_workshop(sf, other)
    theirs = [_join(sf, other_code) for _ in range(4)]
    busy = _post(sf, theirs[0], "Plattform Plattform", category="barrier")
    _vote(sf, theirs[1], busy)
    _hide(sf, other, _post(sf, theirs[2], "Plattform Werbung", category="barrier"), "Doppelt")

    author, voter, _idle = _join(sf, code), _join(sf, code), _join(sf, code)
    first = _post(sf, author, "Vertrauen fehlt", category="challenge")
    second = _post(sf, author, "Vertrauen wächst", category="value_add", now=NOW + timedelta(minutes=7))
    spam = _post(sf, voter, "Kauft Aktien", category="challenge")
    _vote(sf, voter, first)
    _vote(sf, voter, second)
    _vote(sf, author, first)
    _hide(sf, wid, spam, "Werbung")

    with sf() as s:
        mine = conclusion(s, workshop_id=wid)
        empty = conclusion(s, workshop_id=bottrop[3])
    assert (mine.participants, mine.contributions, mine.votes) == (3, 2, 3)
    assert mine.categories.values.tolist() == [["Herausforderung", 1], ["Mehrwert", 1]]
    assert mine.groups.values.tolist() == [["ohne Gruppe", 2]]
    assert mine.top[["Kategorie", "Nr", "Punkte"]].values.tolist() == [
        ["Herausforderung", first, 2],
        ["Mehrwert", second, 1],
    ]
    assert mine.terms.values.tolist()[0] == ["Vertrauen", 2] and "Plattform" not in set(mine.terms["Begriff"])
    assert mine.timeline["Beiträge"].sum() == 2 and len(mine.timeline) == 2  # 11:05 and 11:10 (Berlin)
    assert (mine.moderation.hidden, mine.moderation.reasons, mine.moderation.merged) == (1, [("Werbung", 1)], 0)
    # a workshop nobody has joined yet: zeros, not ones
    assert (empty.participants, empty.contributions, empty.votes, empty.moderation.hidden) == (0, 0, 0, 0)
    assert empty.top.empty and empty.terms.empty
