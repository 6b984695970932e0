"""The shared screen's frequent terms: the top 15 with the columns charts and report read, a bounded cache,
and every contribution counted in a workshop of over 5000 (texts are read in chunks)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert

from db.models.participation import Contribution
from tests.db.test_contributions import NOW, _join, _post, live  # noqa: F401  (fixture)
from werkstatt.results import frames
from werkstatt.session import participants as p
from werkstatt.session.phase import set_phase_override

# Sixteen nouns, each its own term; "Radweg" is in two posts, so it ranks first.
NOUNS = [
    "Ampel", "Bahnhof", "Brücke", "Friseur", "Garten", "Hafen", "Kirche", "Markt",
    "Museum", "Radweg", "Rathaus", "Schule", "Spielplatz", "Theater", "Tunnel", "Zoo",
]  # fmt: skip


def _post_each(sf, code: str, texts: list[str], category: str = "challenge") -> None:
    token = _join(sf, code)
    for i, text in enumerate(texts):
        _post(sf, token, text, now=NOW + timedelta(seconds=6 * i), category=category)


def test_the_top_fifteen_terms_with_the_columns_the_charts_read(live) -> None:  # noqa: F811
    sf, wid, code = live
    _post_each(sf, code, [*NOUNS, "Radweg fehlt"])
    with sf() as s:
        terms = frames.terms_frame(s, workshop_id=wid)
    assert list(terms.columns) == ["Begriff", "Beiträge"]
    assert len(terms) == 15
    assert terms.iloc[0].tolist() == ["Radweg", 2]
    assert "Zoo" not in set(terms["Begriff"])  # the 16th, alphabetically last of the ones posted once


def test_the_term_cache_is_cleared_when_full_and_the_terms_stay_right(live, bottrop, monkeypatch) -> None:  # noqa: F811
    sf, wid, code = live
    monkeypatch.setattr(frames, "_TERMS_LIMIT", 3)
    _post_each(sf, code, ["Ampel", "Bahnhof", "Brücke"])
    other = bottrop[2]
    with sf.begin() as s:
        set_phase_override(s, workshop_id=other, override="input", actor="mod", now=NOW)
        other_code = p.get_workshop(s, workshop_id=other).join_code
        other_category = p.get_workshop(s, workshop_id=other).categories[0].key
    _post_each(sf, other_code, ["Theater"], other_category)
    with sf() as s:
        assert sorted(frames.terms_frame(s, workshop_id=wid)["Begriff"]) == ["Ampel", "Bahnhof", "Brücke"]
        assert frames.terms_frame(s, workshop_id=other)["Begriff"].tolist() == ["Theater"]
        cache = frames._TERMS[frames.engine_of(s)]
    assert len(cache) <= 3  # full: cleared, then only the other workshop's text read


def test_over_five_thousand_contributions_are_all_counted(live) -> None:  # noqa: F811
    sf, wid, code = live
    token = _join(sf, code)
    with sf.begin() as s:
        participant = p.participant_by_token(s, token=token)
        rows = [
            {"workshop_id": wid, "participant_id": participant.id, "category_key": "challenge", "text": "Radweg",
             "created_at": NOW}
            for _ in range(5001)
        ]  # fmt: skip
        s.execute(insert(Contribution), rows)
    with sf() as s:
        assert frames.terms_frame(s, workshop_id=wid).values.tolist() == [["Radweg", 5001]]


@pytest.fixture(autouse=True)
def _fresh_term_cache():
    """Engines of earlier tests may be reused by address; the cache must start empty for the size check."""
    frames._TERMS.clear()
    yield
    frames._TERMS.clear()
