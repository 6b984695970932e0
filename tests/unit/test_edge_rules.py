"""One-line helpers for mail headers and calendar lines, and the series-file edges of the agenda."""

from __future__ import annotations

import copy
import tomllib
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from werkstatt.mail.ics import one_line, workshop_event_ics
from werkstatt.series.file import BUNDLED_SERIES, parse_series
from werkstatt.series.reader import SeriesFileError


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        ("Werkstatt\r\nBcc: x@y.de", "Werkstatt Bcc: x@y.de"),
        ("a\rb\nc\td\x0be\x0cf", "a b c d e f"),
        ("  viele   Leerzeichen  ", "viele Leerzeichen"),
        ("\u2028Zeilen\u2029trenner\x85", "Zeilen trenner"),
        ("", ""),
        (None, ""),
    ],
)
def test_one_line_leaves_no_line_break_of_any_kind(raw, line) -> None:
    assert one_line(raw) == line


def test_calendar_file_has_no_injected_line_and_keeps_the_zone() -> None:
    ics = workshop_event_ics(
        uid="werkstatt-1-2@bottrop\r\nX-INJECTED:1",
        summary="Werkstatt 1\r\nATTENDEE:mailto:evil@x.de",
        description="Zeile 1\nZeile 2",
        start=datetime(2021, 11, 9, 9, 0, tzinfo=UTC),
        end=datetime(2021, 11, 9, 11, 0, tzinfo=UTC),
        url="https://meet.example.org/w\r\nLOCATION:anderswo",
        now=datetime(2021, 10, 1, tzinfo=UTC),
    )
    lines = ics.decode().split("\r\n")
    assert not [line for line in lines if line.startswith(("ATTENDEE", "X-INJECTED", "LOCATION:anderswo"))]
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["summary"]) == "Werkstatt 1 ATTENDEE:mailto:evil@x.de"
    assert str(event["description"]) == "Zeile 1\nZeile 2"  # escaped by icalendar, one line in the file
    assert "DTSTART;TZID=Europe/Berlin:20211109T100000" in lines  # 10:00 CET in winter


@pytest.fixture
def raw() -> dict:
    return tomllib.loads(BUNDLED_SERIES.read_text(encoding="utf-8"))


def _problem(raw: dict, mutate) -> SeriesFileError:
    bad = copy.deepcopy(raw)
    mutate(bad["workshops"][0])
    with pytest.raises(SeriesFileError) as err:
        parse_series(bad, "stadt.toml")
    return err.value


def test_two_agenda_items_at_the_same_time_are_refused(raw) -> None:
    err = _problem(raw, lambda w: w["agenda"][4].update(start=w["agenda"][3]["start"]))
    assert (err.field, "aufsteigen" in err.problem) == ("workshops[0].agenda[4].start", True)


@pytest.mark.parametrize("first", ["10:05", "09:55"])
def test_first_item_not_at_the_workshop_start_is_refused(raw, first: str) -> None:
    err = _problem(raw, lambda w: w["agenda"][0].update(start=first))
    assert err.field == "workshops[0].agenda[0].start" and "mit der Werkstatt beginnen" in err.problem


@pytest.mark.parametrize("last", ["12:00", "12:30"])
def test_last_item_at_or_after_the_end_is_refused(raw, last: str) -> None:
    err = _problem(raw, lambda w: w["agenda"][-1].update(start=last))
    assert err.field == "workshops[0].agenda[7].start" and "vor dem Ende" in err.problem


@pytest.mark.parametrize("end", ["10:00", "09:00"])
def test_end_not_after_the_start_is_refused(raw, end: str) -> None:
    err = _problem(raw, lambda w: w.update(end=end))
    assert err.field == "workshops[0].end" and "nach dem Beginn" in err.problem


def test_an_item_one_minute_after_the_previous_and_before_the_end_is_fine(raw) -> None:
    good = copy.deepcopy(raw)
    good["workshops"][0]["agenda"][1]["start"] = "10:01"
    good["workshops"][0]["agenda"][-1]["start"] = "11:59"
    spec = parse_series(good, "stadt.toml")
    assert [a.start.strftime("%H:%M") for a in spec.workshops[0].agenda][:2] == ["10:00", "10:01"]
