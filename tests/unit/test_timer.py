"""The pure timer model: what the moderator, the beamer and the phones read at `now`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from werkstatt.clock import BERLIN, fmt_time, local_to_utc
from werkstatt.errors import WerkstattError
from werkstatt.series.file import BUNDLED_SERIES, parse_series_file
from werkstatt.series.programme import AgendaRow
from werkstatt.session.phase import phase_of
from werkstatt.session.timer import compute_timer
from werkstatt.session.timer_checks import check_event
from werkstatt.session.timer_format import fmt_countdown, fmt_drift

SPEC = parse_series_file(BUNDLED_SERIES)


def agenda(number: int = 1) -> list[AgendaRow]:
    """The real Bottrop agenda of workshop `number` in UTC, as agenda_rows() gives it."""
    w = next(w for w in SPEC.workshops if w.number == number)
    starts = [local_to_utc(w.day, a.start) for a in w.agenda]
    ends = [*starts[1:], local_to_utc(w.day, w.end)]
    return [
        AgendaRow(position=i, start=s, end=e, kind=a.kind, title=a.title)
        for i, (a, s, e) in enumerate(zip(w.agenda, starts, ends, strict=True))
    ]


@dataclass
class Ev:
    seq: int
    kind: str
    created_at: datetime
    minutes: int | None = None
    item: int | None = None
    value: str | None = None


class Log:
    """Builds an event log against a base moment (the planned 10:00 of workshop 1)."""

    def __init__(self, base: datetime) -> None:
        self.base, self.events = base, []

    def at(self, minute: float, kind: str, **kw) -> Log:
        t = self.base + timedelta(minutes=minute)
        self.events.append(Ev(len(self.events) + 1, kind, t, **kw))
        return self

    def view(self, minute: float, rows=None):
        return compute_timer(rows or AG, self.events, self.base + timedelta(minutes=minute))


AG = agenda(1)
T0 = AG[0].start  # 10:00 Berlin on 30.6.2021 = 08:00 UTC


def test_before_start_shows_not_started_and_first_item_next():
    v = compute_timer(AG, [], T0 - timedelta(minutes=5))
    assert v.state == "not_started" and v.index is None
    assert v.drift_s is None
    assert all(i.status == "upcoming" for i in v.items)
    assert fmt_time(v.planned_end, BERLIN) == "12:00"
    assert phase_of(v).kind == "before" and not phase_of(v).input_open


def test_start_runs_first_item_with_its_planned_length():
    v = Log(T0).at(0, "start").view(5)
    assert v.state == "running" and v.index == 0
    assert v.title == "Begrüßung und Vorstellungsrunde"
    assert v.elapsed_s == 300 and v.left_s == 600 and v.duration_s == 900
    assert v.next_title.startswith("Forschungsergebnisse")
    assert fmt_countdown(v.left_s) == "10:00"
    assert v.drift_s == 0 and fmt_drift(v.drift_s) == "im Plan"


@pytest.mark.parametrize(
    ("minute", "stage"),
    [(0, "normal"), (11.9, "normal"), (12, "warn"), (14.24, "warn"), (14.25, "critical"), (15, "critical")],
)
def test_colour_stage_turns_at_20_and_5_percent_left(minute, stage):
    # 15-minute item: 20 % = 3 min left (12:00 in), 5 % = 45 s left (14:15 in).
    assert Log(T0).at(0, "start").view(minute).stage == stage


def test_overrun_counts_up_and_never_advances_by_itself():
    log = Log(T0).at(0, "start")
    v = log.view(17.5)
    assert v.index == 0 and v.left_s == -150 and v.overrun and v.stage == "overrun"
    assert fmt_countdown(v.left_s) == "+02:30"
    assert fmt_drift(v.drift_s) == "+2 min"  # the rest of the day is pushed back
    assert fmt_time(v.projected_end, BERLIN) == "12:02"


def test_each_next_moves_exactly_one_boundary_and_records_actual_times():
    log = Log(T0).at(0, "start")
    for k, row in enumerate(AG[1:], start=1):
        log.at((row.start - T0).total_seconds() / 60, "next")
        v = log.view((row.start - T0).total_seconds() / 60 + 0.5)
        assert v.index == k and v.title == row.title and v.elapsed_s == 30
    v = log.view(115)
    assert [i.status for i in v.items] == ["done"] * 7 + ["current"]
    assert all(i.actual_start == i.planned_start for i in v.items)
    assert v.items[0].actual_end == AG[1].start
    assert v.next_index is None and v.next_title == ""


def test_next_on_last_item_finishes_and_prev_brings_it_back():
    log = Log(T0).at(0, "start").at(1, "jump", item=7).at(3, "next")
    v = log.view(10)
    assert v.state == "finished" and v.index is None and v.kind == "after"
    assert phase_of(v).kind == "after"
    log.at(11, "prev")
    v = log.view(12)
    assert v.state == "running" and v.index == 7


def test_after_the_end_finished_drift_is_actual_end_minus_planned_end():
    log = Log(T0).at(0, "start")
    for row in AG[1:]:
        log.at((row.start - T0).total_seconds() / 60 + 4, "next")  # the first item ran 4 min over
    log.at(124, "next")
    v = log.view(200)
    assert v.state == "finished" and v.finished_at == T0 + timedelta(minutes=124)
    assert fmt_drift(v.drift_s) == "+4 min"
    assert [i.status for i in v.items] == ["done"] * 8


def test_pause_stops_the_clock_across_the_planned_item_boundary():
    # Pause at 10:14 (1 min left), resume at 10:20: one minute is still left.
    log = Log(T0).at(0, "start").at(14, "pause")
    v = log.view(18)
    assert v.state == "paused" and v.left_s == 60 and v.index == 0
    assert v.paused_since == T0 + timedelta(minutes=14)
    assert fmt_drift(v.drift_s) == "+4 min"  # paused time pushes the end
    log.at(20, "resume")
    v = log.view(20.5)
    assert v.state == "running" and v.index == 0 and v.left_s == 30
    assert log.view(22).overrun


def test_next_while_paused_stays_paused_in_the_new_item():
    log = Log(T0).at(0, "start").at(10, "pause").at(11, "next")
    v = log.view(30)
    assert v.state == "paused" and v.index == 1 and v.elapsed_s == 0
    log.at(31, "resume")
    assert log.view(33).elapsed_s == 120


def test_extend_adds_minutes_to_the_current_item_only():
    log = Log(T0).at(0, "start").at(10, "extend", minutes=5)
    v = log.view(16)
    assert v.duration_s == 20 * 60 and v.left_s == 4 * 60 and not v.overrun
    assert v.items[0].extra_minutes == 5 and v.items[1].extra_minutes == 0
    assert fmt_drift(v.drift_s) == "+5 min"


def test_skip_forward_and_back_keeps_each_items_own_time():
    log = Log(T0).at(0, "start").at(5, "next").at(6, "prev")
    v = log.view(7)
    assert v.index == 0 and v.elapsed_s == 6 * 60  # 5 min before + 1 min after returning
    assert v.items[1].elapsed_s == 60 and v.items[1].status == "upcoming"
    assert v.items[0].actual_start == T0 and v.items[0].actual_end is None


def test_jump_forward_marks_skipped_items():
    log = Log(T0).at(0, "start").at(2, "jump", item=5)
    v = log.view(3)
    assert v.index == 5 and v.kind == "group_discussion" and v.elapsed_s == 60
    assert [i.status for i in v.items[:5]] == ["done", "skipped", "skipped", "skipped", "skipped"]
    assert phase_of(v).input_open and not phase_of(v).show_results
    # skipping 53 planned minutes pulls the projected end forward
    assert v.drift_s < 0 and fmt_drift(v.drift_s).startswith("−")


def test_reset_starts_over_and_clears_the_phase_override():
    log = Log(T0).at(0, "start").at(1, "phase", value="results").at(3, "next").at(4, "reset")
    v = log.view(5)
    assert v.state == "not_started" and v.phase_override is None
    log.at(6, "start")
    v = log.view(7)
    assert v.index == 0 and v.elapsed_s == 60 and v.started_at == T0 + timedelta(minutes=6)


def test_mode_survives_reset_and_planned_mode_follows_the_clock():
    log = Log(T0).at(0, "start").at(1, "mode", value="planned").at(2, "reset")
    v = log.view(61)  # 11:01
    assert v.mode == "planned" and v.kind == "group_discussion" and v.elapsed_s == 60
    assert v.left_s == 29 * 60


def test_phase_defaults_and_overrides():
    log = Log(T0).at(0, "start").at(1, "jump", item=6)
    p = phase_of(log.view(2))
    assert p.kind == "conclusion" and p.show_results and not p.input_open and p.override is None
    log.at(3, "phase", value="input")
    p = phase_of(log.view(4))
    assert p.input_open and not p.show_results and p.override == "input"
    log.at(5, "phase", value="closed")
    assert not phase_of(log.view(6)).input_open
    log.at(7, "phase", value=None)
    assert phase_of(log.view(8)).show_results


def test_rehearsal_on_another_day_measures_drift_against_its_own_start():
    rehearsal = datetime(2021, 6, 28, 14, 0, tzinfo=UTC)
    log = Log(rehearsal).at(0, "start")
    v = log.view(20)
    assert v.index == 0 and fmt_drift(v.drift_s) == "+5 min"
    assert v.planned_start == rehearsal and v.items[1].planned_start == rehearsal + timedelta(minutes=15)


def test_odd_log_entries_are_ignored_not_fatal():
    log = Log(T0).at(0, "next").at(1, "pause").at(2, "start").at(3, "start").at(4, "jump", item=99)
    log.at(5, "extend", minutes=None).at(6, "bogus")
    v = log.view(7)
    assert v.state == "running" and v.index == 0 and v.elapsed_s == 5 * 60


def test_events_after_now_are_not_applied():
    log = Log(T0).at(0, "start").at(10, "next")
    assert log.view(5).index == 0


def test_empty_agenda_is_not_started():
    v = compute_timer([], [], T0)
    assert v.state == "not_started" and v.items == ()


@pytest.mark.parametrize(
    ("number", "utc_hour", "summer"), [(1, 8, True), (2, 8, True), (3, 9, False)], ids=["W1", "W2", "W3"]
)
def test_dst_planned_mode_uses_berlin_wall_clock(number, utc_hour, summer):
    rows = agenda(number)
    start = rows[0].start
    assert start.hour == utc_hour  # 10:00 Berlin = 08:00 UTC in summer, 09:00 UTC in winter
    assert (start.astimezone(BERLIN).utcoffset() == timedelta(hours=2)) is summer
    log = Log(start).at(-30, "mode", value="planned")
    v = log.view(60 + 10, rows)  # 11:10 Berlin
    assert v.kind == "group_discussion" and fmt_time(v.projected_end, BERLIN) == "12:00"
    assert v.left_s == 20 * 60
    assert log.view(-1, rows).state == "not_started" and log.view(120, rows).state == "finished"
    assert log.view(119.9, rows).kind == "networking"


def test_dst_live_mode_shows_berlin_times_in_winter():
    rows = agenda(3)
    log = Log(rows[0].start).at(2, "start")
    v = log.view(3, rows)
    assert fmt_time(v.items[0].actual_start, BERLIN) == "10:02"
    assert fmt_time(v.projected_end, BERLIN) == "12:02"


@pytest.mark.parametrize(
    ("seconds", "text"), [(600, "10:00"), (0.2, "00:01"), (0, "00:00"), (-0.5, "+00:00"), (-61, "+01:01")]
)
def test_countdown_format(seconds, text):
    assert fmt_countdown(seconds) == text


def test_drift_format():
    assert fmt_drift(None) == "–" and fmt_drift(20) == "im Plan"
    assert fmt_drift(240) == "+4 min" and fmt_drift(-120) == "−2 min"


# Refusals (the same rules the service applies before writing).


def refused(log: Log, minute: float, kind: str, **kw) -> str:
    with pytest.raises(WerkstattError) as err:
        check_event(log.view(minute), kind, minutes=kw.get("minutes"), item=kw.get("item"))
    return err.value.message


def test_refusals_are_german_and_specific():
    fresh = Log(T0)
    assert "bereits" not in refused(fresh, 0, "next")  # not started yet
    assert "noch nicht begonnen" in refused(fresh, 0, "pause")
    running = Log(T0).at(0, "start")
    assert "läuft bereits" in refused(running, 1, "start")
    assert "läuft bereits" in refused(running, 1, "resume")
    assert "mindestens 1 Minute" in refused(running, 1, "extend", minutes=0)
    assert "mindestens 1 Minute" in refused(running, 1, "extend", minutes=-5)
    assert "Höchstens 60" in refused(running, 1, "extend", minutes=61)
    assert "ganze Zahl" in refused(running, 1, "extend", minutes=None)
    assert "gibt es nicht" in refused(running, 1, "jump", item=8)
    assert "gibt es nicht" in refused(running, 1, "jump", item=-1)
    assert "läuft bereits" in refused(running, 1, "jump", item=0)
    assert "erste Programmpunkt" in refused(running, 1, "prev")
    assert "Inzwischen" in refused(running, 1, "next", item=3)  # stale click
    assert "Unbekannte" in refused(running, 1, "explode")
    paused = Log(T0).at(0, "start").at(1, "pause")
    assert "bereits pausiert" in refused(paused, 2, "pause")
    done = Log(T0).at(0, "start").at(1, "jump", item=7).at(2, "next")
    assert "beendet" in refused(done, 3, "next")
    assert "beendet" in refused(done, 3, "extend", minutes=5)
    planned = Log(T0).at(0, "mode", value="planned")
    assert "wie geplant" in refused(planned, 1, "start")


def test_allowed_events_pass():
    running = Log(T0).at(0, "start")
    allowed = [("next", {"item": 0}), ("extend", {"minutes": 60}), ("jump", {"item": 7}), ("reset", {})]
    for kind, kw in allowed:
        check_event(running.view(1), kind, minutes=kw.get("minutes"), item=kw.get("item"))
    done = Log(T0).at(0, "start").at(1, "jump", item=7).at(2, "next")
    check_event(done.view(3), "prev", minutes=None, item=None)


def test_every_countdown_stage_keeps_a_contrast_of_at_least_4_5_to_1() -> None:
    """WCAG 2.1 AA for normal text: the browser switches these colours on every screen."""
    from werkstatt.ui.timer_common import STAGE_COLOURS

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for stage, (fg, bg) in STAGE_COLOURS.items():
        high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
        assert (high + 0.05) / (low + 0.05) >= 4.5, stage
