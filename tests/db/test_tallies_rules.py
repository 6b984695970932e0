"""The shared counts of the conclusion, the wall and the published snapshot: the hide reasons (most frequent first,
then by name) and the dots per contribution, each of one workshop only, even when the workshop beside it is busy."""

from __future__ import annotations

from datetime import timedelta

from tests.db.test_contributions import NOW, _join, _post, live  # noqa: F401  (fixture)
from werkstatt.results.tallies import moderation_summary, vote_counts
from werkstatt.session import contributions as c
from werkstatt.session import moderation
from werkstatt.session import participants as p
from werkstatt.session.phase import set_phase_override


def _second_workshop(sf, wid: int) -> str:
    """Workshop `wid` (of the same series) opened for input; returns its join code."""
    with sf.begin() as s:
        set_phase_override(s, workshop_id=wid, override="input", actor="mod", now=NOW)
        return p.get_workshop(s, workshop_id=wid).join_code


def _hide(sf, wid: int, cid: int, reason: str) -> None:
    with sf.begin() as s:
        moderation.hide(s, workshop_id=wid, contribution_id=cid, reason=reason, actor="mod", now=NOW)


def _vote(sf, token: str, cid: int) -> None:
    with sf.begin() as s:
        c.vote(s, token=token, contribution_id=cid, now=NOW)


def test_hide_reasons_most_frequent_first_and_only_of_this_workshop(live, bottrop) -> None:  # noqa: F811
    sf, wid, code = live
    other = bottrop[2]
    posts = [_post(sf, _join(sf, code), f"Beitrag {i}") for i in range(5)]
    # alphabetical order ("Beleidigung" < "Werbung") differs from the order by frequency
    _hide(sf, wid, posts[0], "Werbung")
    _hide(sf, wid, posts[1], "Beleidigung")
    _hide(sf, wid, posts[2], "Werbung")
    with sf.begin() as s:
        moderation.merge(s, workshop_id=wid, source_id=posts[3], target_id=posts[4], actor="mod", now=NOW)
    # the workshop beside it hides with a reason of its own and one of ours
    other_code = _second_workshop(sf, other)
    elsewhere = [_post(sf, _join(sf, other_code), f"Anderswo {i}", category="barrier") for i in range(3)]
    _hide(sf, other, elsewhere[0], "Off-Topic")
    _hide(sf, other, elsewhere[1], "Beleidigung")
    _hide(sf, other, elsewhere[2], "Beleidigung")
    with sf() as s:
        m = moderation_summary(s, workshop_id=wid)
        assert (m.hidden, m.reasons, m.merged) == (3, [("Werbung", 2), ("Beleidigung", 1)], 1)
        m = moderation_summary(s, workshop_id=other)
        assert (m.hidden, m.reasons, m.merged) == (3, [("Beleidigung", 2), ("Off-Topic", 1)], 0)


def test_equally_frequent_reasons_are_listed_by_name(live) -> None:  # noqa: F811
    sf, wid, code = live
    posts = [_post(sf, _join(sf, code), f"Beitrag {i}") for i in range(3)]
    for cid, reason in zip(posts, ["Werbung", "Doppelt", "Beleidigung"], strict=True):
        _hide(sf, wid, cid, reason)
    with sf() as s:
        assert moderation_summary(s, workshop_id=wid).reasons == [("Beleidigung", 1), ("Doppelt", 1), ("Werbung", 1)]


def test_dots_per_contribution_of_one_workshop_or_only_the_asked_ones(live, bottrop) -> None:  # noqa: F811
    sf, wid, code = live
    author = _join(sf, code)
    a = _post(sf, author, "Zu wenig Zeit")
    b = _post(sf, author, "Keine Räume", now=NOW + timedelta(minutes=1))
    voters = [_join(sf, code) for _ in range(2)]
    for voter in voters:
        _vote(sf, voter, a)
    _vote(sf, voters[0], b)
    other_code = _second_workshop(sf, bottrop[2])
    x = _post(sf, _join(sf, other_code), "Anderswo", category="barrier")
    _vote(sf, _join(sf, other_code), x)
    with sf() as s:
        assert vote_counts(s, workshop_id=wid) == {a: 2, b: 1}
        assert vote_counts(s, workshop_id=wid, ids=[a]) == {a: 2}
        assert vote_counts(s, workshop_id=wid, ids=[x]) == {}
        assert vote_counts(s, workshop_id=bottrop[2]) == {x: 1}
