"""Activities are data in the series file: per kind for the series, per agenda item, checked like every field."""

from __future__ import annotations

import tomllib

import pytest

from werkstatt.series.file import BUNDLED_SERIES, parse_series
from werkstatt.series.reader import SeriesFileError


@pytest.fixture
def raw() -> dict:
    return tomllib.loads(BUNDLED_SERIES.read_text(encoding="utf-8"))


def test_bottrop_maps_every_agenda_item_to_its_activity_and_werkstatt_1_has_two_guiding_questions(raw) -> None:
    spec = parse_series(raw)
    assert [a.activity for a in spec.workshops[0].agenda] == [
        "checkin", "questions", "questions", "questions", "none", "contributions", "results", "networking",
    ]  # fmt: skip
    assert spec.workshops[0].prompts == tuple(spec.workshops[0].guiding_questions)
    assert spec.workshops[1].prompts == ()  # one prompt: the discussion's own


def test_an_agenda_item_can_name_its_own_activity(raw) -> None:
    raw["workshops"][0]["agenda"][4]["activity"] = "networking"  # networking during the break
    assert parse_series(raw).workshops[0].agenda[4].activity == "networking"


def test_an_unknown_activity_is_refused_with_the_field(raw) -> None:
    raw["workshops"][0]["agenda"][1]["activity"] = "quiz"
    with pytest.raises(SeriesFileError, match=r"workshops\[0\]\.agenda\[1\]\.activity.*„quiz“ unbekannt"):
        parse_series(raw)
    raw["workshops"][0]["agenda"][1].pop("activity")
    raw["series"]["activities"]["pause"] = "none"
    with pytest.raises(SeriesFileError, match=r"series\.activities\.pause"):
        parse_series(raw)
