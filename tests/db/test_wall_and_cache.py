"""The shared screen's wall stays small at any size; the cached conclusion follows every change."""

from __future__ import annotations

from datetime import timedelta

from tests.seed_data import T0, seed_workshop
from werkstatt.results.conclusion import compute_conclusion, conclusion
from werkstatt.session.contributions import post, vote
from werkstatt.session.moderation import hide, merge, set_pinned, unhide
from werkstatt.session.participants import join
from werkstatt.session.wall import wall

NOW = T0 + timedelta(minutes=64)


def test_wall_shows_at_most_twelve_per_column_pinned_then_newest(session_factory, bottrop) -> None:
    data = seed_workshop(session_factory, bottrop[2])
    wid = data["wid"]
    with session_factory.begin() as s:
        tokens = [join(s, code=data["code"], now=NOW) for _ in range(15)]
        ids = [post(s, token=t, category="success_factor", text=f"Idee {i}", now=NOW) for i, t in enumerate(tokens)]
        set_pinned(s, workshop_id=wid, contribution_id=ids[-1], pinned=True, actor="seedmod", now=NOW)
        vote(s, token=tokens[0], contribution_id=ids[3], now=NOW)
    with session_factory() as s:
        board = wall(s, workshop_id=wid)
    columns = {key: items for key, _, items in board.columns}
    assert board.totals == {"barrier": 1, "success_factor": 16}
    assert len(columns["success_factor"]) == 12
    # pinned, then the newest: a participant sees their post arrive
    assert [i.id for i in columns["success_factor"]] == [ids[-1], *reversed(ids[3:14])]
    assert board.visible_count == 17 and board.hidden_count == 1 and board.merged_count == 1


def test_cached_conclusion_follows_posts_votes_hides_and_merges(session_factory, bottrop) -> None:
    data = seed_workshop(session_factory, bottrop[2])
    wid, ids = data["wid"], data["ids"]

    def check() -> None:
        with session_factory() as s:
            cached, fresh = conclusion(s, workshop_id=wid), compute_conclusion(s, workshop_id=wid)
        assert (cached.contributions, cached.votes, cached.moderation) == (
            fresh.contributions,
            fresh.votes,
            fresh.moderation,
        )
        assert cached.top.equals(fresh.top) and cached.terms.equals(fresh.terms)

    check()
    with session_factory.begin() as s:
        token = join(s, code=data["code"], now=NOW)
        new = post(s, token=token, category="barrier", text="Vertrauen fehlt", now=NOW)
    check()
    with session_factory.begin() as s:
        vote(s, token=token, contribution_id=new, now=NOW)
    check()
    with session_factory.begin() as s:
        hide(s, workshop_id=wid, contribution_id=new, reason="Doppelt", actor="seedmod", now=NOW)
    check()
    with session_factory.begin() as s:
        unhide(s, workshop_id=wid, contribution_id=new, actor="seedmod", now=NOW)
        merge(s, workshop_id=wid, source_id=new, target_id=ids["a"], actor="seedmod", now=NOW)
    check()
