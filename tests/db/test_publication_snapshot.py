"""Publication is a snapshot: /ergebnisse does not change while input goes on, until republished."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.seed_data import seed_workshop
from werkstatt.errors import WerkstattError
from werkstatt.results.publication import input_since_publication, publish, published_workshops, set_next_step
from werkstatt.session.contributions import post, vote
from werkstatt.session.moderation import hide
from werkstatt.session.participants import join


@pytest.fixture
def seeded(session_factory, bottrop) -> dict:
    return seed_workshop(session_factory, bottrop[2], actor="mod")


def test_results_stay_put_while_input_goes_on_until_republished(session_factory, seeded) -> None:
    wid, ids = seeded["wid"], seeded["ids"]
    published_at = seeded["now"]
    with session_factory.begin() as s:
        publish(s, workshop_id=wid, actor=seeded["orga"], now=published_at)
    with session_factory() as s:
        before = published_workshops(s)
    late = published_at + timedelta(minutes=1)
    with session_factory.begin() as s:  # input is still open: a late post, late dots, a late note
        newcomer = join(s, code=seeded["code"], now=late)
        new_id = post(s, token=newcomer, category="barrier", text="Nach der Veröffentlichung", now=late)
        vote(s, token=newcomer, contribution_id=ids["a"], now=late)
        hide(s, workshop_id=wid, contribution_id=ids["c"], reason="nachträglich", actor="mod", now=late)
        set_next_step(s, workshop_id=wid, theme_id=None, text="Geändert", actor=seeded["orga"], now=late)
    with session_factory() as s:
        assert published_workshops(s) == before  # the public page shows exactly the published state
        staff_hint = input_since_publication(s, workshop_id=wid)
    assert staff_hint is not None and (staff_hint.contributions, staff_hint.votes) == (1, 1)

    with session_factory.begin() as s:
        publish(s, workshop_id=wid, actor=seeded["orga"], now=late + timedelta(minutes=1), again=True)
    with session_factory() as s:
        (after,) = published_workshops(s)
    assert after.published_at == late + timedelta(minutes=1)
    assert new_id in [c.id for c in after.contributions] and ids["c"] not in [c.id for c in after.contributions]
    assert next(c for c in after.contributions if c.id == ids["a"]).votes == 3
    assert after.next_step == "Geändert"


def test_republish_needs_a_publication(session_factory, seeded) -> None:
    with pytest.raises(WerkstattError, match="noch nicht veröffentlicht"), session_factory.begin() as s:
        publish(s, workshop_id=seeded["wid"], actor=seeded["orga"], now=seeded["now"], again=True)
