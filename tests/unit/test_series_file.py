"""The bundled series matches the invitation word for word; bad files are refused clearly."""

from __future__ import annotations

import copy
import tomllib
from datetime import date, time
from pathlib import Path

import pytest

from werkstatt.series.file import BUNDLED_SERIES, parse_series, parse_series_file
from werkstatt.series.reader import SeriesFileError

# The published invitation, shipped with the tests so the comparison runs on every machine.
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "bottrop-2018-werkstaetten.md"


@pytest.fixture(scope="module")
def spec():
    return parse_series_file(BUNDLED_SERIES)


@pytest.fixture
def raw() -> dict:
    return tomllib.loads(BUNDLED_SERIES.read_text(encoding="utf-8"))


def test_three_workshops_with_dates_times_and_capacity(spec) -> None:
    assert spec.title == "Bottrop 2018+"
    assert [(w.number, w.day, w.start, w.end, w.capacity) for w in spec.workshops] == [
        (1, date(2021, 6, 30), time(10), time(12), 20),
        (2, date(2021, 9, 14), time(10), time(12), 20),
        (3, date(2021, 11, 9), time(10), time(12), 20),
    ]
    assert spec.workshops[0].title == "Wie binde ich Unternehmen in die Arbeit der Wirtschaftsförderung ein?"
    assert spec.workshops[0].subtitle == "Neue Formate zur Beteiligung von Unternehmen"
    assert spec.workshops[1].title == "Transparenz in Beteiligungsprozessen"
    assert spec.workshops[2].title == "Die Wirtschaftsförderung der Zukunft"


def test_agenda_times_and_kinds(spec) -> None:
    starts = ["10:00", "10:15", "10:25", "10:40", "10:55", "11:00", "11:30", "11:40"]
    kinds = ["welcome", "research", "practice", "external_input", "break", "group_discussion",
             "conclusion", "networking"]  # fmt: skip
    for w in spec.workshops:
        assert [a.start.strftime("%H:%M") for a in w.agenda] == starts
        assert [a.kind for a in w.agenda] == kinds
    assert spec.workshops[1].agenda[5].title == "Gruppendiskussion – Woran scheitert Transparenz?"
    assert [c.key for c in spec.workshops[0].categories] == ["challenge", "value_add"]
    assert spec.workshops[2].discussion_prompt == "Wie soll die Wirtschaftsförderung der Zukunft aussehen?"


def test_every_agenda_line_and_description_is_in_the_invitation(spec) -> None:
    seed = SEED.read_text(encoding="utf-8")
    for w in spec.workshops:
        for a in w.agenda:
            assert f"{a.start.strftime('%H:%M')} | {a.title}" in seed, a.title
        assert w.description in seed
        assert w.external_registration_url in seed
    for paragraph in spec.invitation.split("\n\n"):
        assert (
            paragraph.replace("Bürger*innen", "Bürger\\*innen").replace("Die Frage, wie", "Die Frage, **wie**") in seed
        )


@pytest.mark.parametrize(
    ("mutate", "field", "problem"),
    [
        (lambda r: r["workshops"][1]["agenda"][2].update(start="25:99"), "workshops[1].agenda[2].start",
         "keine Uhrzeit"),
        (lambda r: r["workshops"][0].pop("title"), "workshops[0].title", "fehlt"),
        (lambda r: r["workshops"][2].update(capacity=0), "workshops[2].capacity", "zwischen"),
        (lambda r: r["workshops"][0]["agenda"][3].update(kind="party"), "workshops[0].agenda[3].kind",
         "unbekannt"),
        (lambda r: r["workshops"][0]["agenda"][4].update(start="10:20"), "workshops[0].agenda[4].start",
         "aufsteigen"),
        (lambda r: r["series"].update(timezone="Mars/Olympus"), "series.timezone", "unbekannte Zeitzone"),
        (lambda r: r["workshops"][1].update(number=1), "workshops", "doppelt"),
        (lambda r: r["workshops"][0].update(date="morgen"), "workshops[0].date", "Datum erwartet"),
    ],
)  # fmt: skip
def test_malformed_series_names_file_field_and_problem(raw, mutate, field, problem) -> None:
    bad = copy.deepcopy(raw)
    mutate(bad)
    with pytest.raises(SeriesFileError) as err:
        parse_series(bad, "stadt.toml")
    assert err.value.path == "stadt.toml"
    assert err.value.field == field
    assert problem in err.value.problem
    assert str(err.value).startswith("stadt.toml: Feld „")


def test_unreadable_files_are_refused(tmp_path) -> None:
    broken = tmp_path / "kaputt.toml"
    broken.write_text("[series\ntitle = 'x'", encoding="utf-8")
    with pytest.raises(SeriesFileError, match="kein gültiges TOML"):
        parse_series_file(broken)
    with pytest.raises(SeriesFileError, match="nicht gefunden"):
        parse_series_file(tmp_path / "fehlt.toml")
