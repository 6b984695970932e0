"""The moderator board's plain-row read gives exactly the Items of the ORM read, on both backends."""

from __future__ import annotations

from datetime import timedelta

from werkstatt.session import contributions as c
from werkstatt.session import moderation, views
from werkstatt.session import participants as p
from werkstatt.session.moderation_items import moderator_items

from .test_contributions import NOW, _join, _post, live  # noqa: F401  (the fixture)


def test_plain_rows_equal_the_orm_items_in_every_state(live) -> None:  # noqa: F811
    sf, wid, code = live
    with sf.begin() as s:
        groups = p.set_groups(s, workshop_id=wid, names=["Gruppe 1", "Gruppe 2"], actor="mod", now=NOW)
        theme = moderation.create_theme(s, workshop_id=wid, name="Zeit", actor="mod", now=NOW)
    anna, ben, voter = _join(sf, code), _join(sf, code), _join(sf, code)
    with sf.begin() as s:
        p.set_display_name(s, token=anna, name="Anna")
        p.set_group(s, token=anna, group_id=groups[1].id)
    later = NOW + timedelta(seconds=6)
    kept = _post(sf, anna, "bleibt", facet="Reallabor")
    spam = _post(sf, ben, "Werbung", category="value_add")
    dup = _post(sf, anna, "doppelt", now=later)
    gone = _post(sf, ben, "zurück", now=later)
    for cid in (kept, dup, spam):
        with sf.begin() as s:
            c.vote(s, token=voter, contribution_id=cid, now=NOW)
    with sf.begin() as s:
        moderation.set_theme(s, workshop_id=wid, contribution_id=kept, theme_id=theme, actor="mod", now=NOW)
        moderation.set_pinned(s, workshop_id=wid, contribution_id=kept, pinned=True, actor="mod", now=NOW)
        moderation.hide(s, workshop_id=wid, contribution_id=spam, reason="Werbung", actor="mod", now=NOW)
        moderation.merge(s, workshop_id=wid, source_id=dup, target_id=kept, actor="mod", now=NOW)
        c.withdraw(s, token=ben, contribution_id=gone, now=later)
    with sf() as s:
        items = moderator_items(s, workshop_id=wid)
        assert items == views.list_for_moderator(s, workshop_id=wid)
    assert [i.status for i in items] == ["withdrawn", "merged", "hidden", "visible"]
    top = items[-1]  # the merged-in dot of the same voter counts once
    assert (top.author, top.group_name, top.theme_name, top.pinned, top.votes) == ("Anna", "Gruppe 2", "Zeit", True, 1)
    assert (items[2].author, items[2].votes, items[2].category_label) == ("Anonym", 0, "Mehrwert")
