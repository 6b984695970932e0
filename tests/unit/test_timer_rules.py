"""Timer rules that single examples missed: repeated pause/extend, the first item, the projection before start,
and a property test of the whole clock against a plain reference model."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.budget import examples
from tests.unit.test_timer import AG, T0, Log
from werkstatt.clock import BERLIN, fmt_time
from werkstatt.errors import WerkstattError
from werkstatt.session.timer import compute_timer
from werkstatt.session.timer_checks import check_event
from werkstatt.session.timer_format import fmt_countdown, fmt_drift


def test_pausing_twice_counts_only_the_running_minutes() -> None:
    # Runs 0-1, paused 1-2, runs 2-3, paused 3-4, runs 4-7: 1 + 1 + 3 = 5 minutes of the welcome.
    log = Log(T0).at(0, "start").at(1, "pause").at(2, "resume").at(3, "pause").at(4, "resume")
    v = log.view(7)
    assert v.state == "running" and v.elapsed_s == 5 * 60
    assert v.left_s == 10 * 60
    assert fmt_drift_minutes(v) == 2  # two paused minutes push the rest of the day


def test_extending_twice_adds_both_extensions() -> None:
    log = Log(T0).at(0, "start").at(2, "extend", minutes=5).at(3, "extend", minutes=5)
    v = log.view(4)
    assert v.duration_s == 25 * 60 and v.left_s == 21 * 60
    assert v.items[0].extra_minutes == 10
    assert fmt_time(v.projected_end, BERLIN) == "12:10"


def test_extension_stays_with_its_item_after_moving_on_and_back() -> None:
    log = Log(T0).at(0, "start").at(1, "extend", minutes=5).at(2, "next").at(3, "extend", minutes=3).at(4, "prev")
    v = log.view(5)
    assert v.index == 0 and v.duration_s == 20 * 60
    assert [i.extra_minutes for i in v.items[:3]] == [5, 3, 0]


def test_jump_back_to_the_first_item_is_allowed_and_keeps_its_time() -> None:
    log = Log(T0).at(0, "start").at(4, "next").at(6, "next")
    check_event(log.view(8), "jump", minutes=None, item=0)  # item 0 is a real item, not "none"
    log.at(8, "jump", item=0)
    v = log.view(9)
    assert v.index == 0 and v.title == AG[0].title
    assert v.elapsed_s == 5 * 60  # 4 minutes before, 1 after the jump back
    assert v.items[1].elapsed_s == 2 * 60 and v.items[2].elapsed_s == 2 * 60


def test_prev_from_the_second_item_reaches_the_first() -> None:
    log = Log(T0).at(0, "start").at(3, "next")
    check_event(log.view(4), "prev", minutes=None, item=1)
    log.at(4, "prev")
    assert log.view(5).index == 0


@pytest.mark.parametrize("minutes_before", [60, 1])
def test_projected_end_before_the_start_is_the_planned_end(minutes_before: int) -> None:
    v = compute_timer(AG, [], T0 - timedelta(minutes=minutes_before))
    assert v.state == "not_started"
    assert v.projected_end == AG[-1].end
    assert fmt_time(v.projected_end, BERLIN) == "12:00"


def test_projected_end_when_the_start_is_late_moves_by_the_delay() -> None:
    v = compute_timer(AG, [], T0 + timedelta(minutes=7))
    assert v.state == "not_started" and fmt_time(v.projected_end, BERLIN) == "12:07"


def test_extend_by_exactly_the_limit_and_one_minute_pass() -> None:
    running = Log(T0).at(0, "start").view(1)
    for minutes in (1, 60):
        check_event(running, "extend", minutes=minutes, item=None)
    with pytest.raises(WerkstattError, match="Höchstens 60"):
        check_event(running, "extend", minutes=61, item=None)


def fmt_drift_minutes(v) -> int:
    return round(v.drift_s / 60)


# Property: the clock against a plain reference model.


@dataclass
class Model:
    """What the moderator expects: an item's clock runs only while it is current and running."""

    n: int
    state: str = "running"
    index: int | None = 0
    elapsed: list[float] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.elapsed, self.extra = [0.0] * self.n, [0] * self.n

    def tick(self, seconds: float) -> None:
        if self.state == "running" and self.index is not None:
            self.elapsed[self.index] += seconds

    def apply(self, kind: str, value: int | None) -> None:
        if kind == "pause":
            self.state = "paused"
        elif kind == "resume":
            self.state = "running"
        elif kind == "extend":
            self.extra[self.index] += value
        elif kind == "jump":
            self.index = value
        elif kind == "next":
            if self.index + 1 < self.n:
                self.index += 1
            else:
                self.state, self.index = "finished", None
        elif kind == "prev":
            if self.state == "finished":
                self.state, self.index = "running", self.n - 1
            else:
                self.index -= 1


action = st.one_of(
    st.tuples(st.sampled_from(["pause", "resume", "next", "prev"]), st.none()),
    st.tuples(st.just("extend"), st.integers(1, 60)),
    st.tuples(st.just("jump"), st.integers(0, len(AG) - 1)),
)
step = st.tuples(st.integers(0, 20 * 60), action)


@settings(max_examples=examples(300), deadline=None)
@given(steps=st.lists(step, max_size=25), tail=st.integers(0, 30 * 60))
def test_timer_matches_reference_model(steps, tail) -> None:
    log, model, t = Log(T0).at(0, "start"), Model(len(AG)), 0.0
    for gap, (kind, value) in steps:
        t += gap
        model.tick(gap)
        minutes = value if kind == "extend" else None
        item = value if kind == "jump" else None
        try:  # the service's own refusal: a refused click changes nothing
            check_event(log.view(t / 60), kind, minutes=minutes, item=item)
        except WerkstattError:
            continue
        log.at(t / 60, kind, minutes=minutes, item=item)
        model.apply(kind, value)
    model.tick(tail)
    v = log.view((t + tail) / 60)
    assert v.state == model.state and v.index == model.index
    for j, item_view in enumerate(v.items):
        assert item_view.elapsed_s == pytest.approx(model.elapsed[j], abs=1e-6)  # pauses never count
        assert item_view.extra_minutes == model.extra[j]
    if v.index is not None:
        planned = (AG[v.index].end - AG[v.index].start).total_seconds()
        assert v.elapsed_s + v.left_s == pytest.approx(planned + 60 * model.extra[v.index])
        assert v.duration_s == pytest.approx(planned + 60 * model.extra[v.index])
        assert v.projected_end >= T0 + timedelta(seconds=t + tail)


# Planned mode ("wie geplant"): the whole view follows the clock on the workshop's date.


def planned(minute: float):
    return Log(T0).at(-30, "mode", value="planned").view(minute)


def test_planned_mode_in_the_second_item_reads_like_the_plan() -> None:
    v = planned(20)  # 10:20, "Forschungsergebnisse" 10:15-10:25
    assert (v.mode, v.state, v.index, v.title, v.kind) == ("planned", "running", 1, AG[1].title, AG[1].kind)
    assert (v.elapsed_s, v.left_s, v.duration_s) == (300, 300, 600)
    assert (v.next_index, v.next_title) == (2, AG[2].title)
    assert v.drift_s == 0.0 and v.projected_end == AG[-1].end
    assert (v.planned_start, v.planned_end, v.started_at, v.finished_at) == (T0, AG[-1].end, T0, None)
    assert [i.index for i in v.items] == list(range(8))
    assert [i.status for i in v.items] == ["done", "current"] + ["upcoming"] * 6
    assert [i.planned_minutes for i in v.items] == [15, 10, 15, 15, 5, 30, 10, 20]
    assert [i.extra_minutes for i in v.items] == [0] * 8
    assert [i.title for i in v.items] == [r.title for r in AG] and [i.kind for i in v.items] == [r.kind for r in AG]
    assert [i.planned_start for i in v.items] == [r.start for r in AG]
    assert [i.planned_end for i in v.items] == [r.end for r in AG]
    assert [i.actual_start for i in v.items[:3]] == [AG[0].start, AG[1].start, None]
    assert [i.actual_end for i in v.items[:3]] == [AG[0].end, None, None]
    assert [i.elapsed_s for i in v.items[:3]] == [900, 300, 0]


def test_planned_mode_switches_items_exactly_at_their_start() -> None:
    v = planned(15)  # 10:15:00 sharp
    assert v.index == 1 and v.elapsed_s == 0 and v.items[0].status == "done"
    first = planned(0)  # 10:00:00 sharp: the workshop has begun
    assert first.state == "running" and first.index == 0 and first.drift_s == 0.0


def test_planned_mode_before_and_after() -> None:
    before = planned(-1)
    assert (before.state, before.index, before.kind, before.drift_s, before.started_at) == (
        "not_started", None, "before", None, None,
    )  # fmt: skip
    assert before.planned_start == T0 and all(i.status == "upcoming" for i in before.items)
    last = planned(119)
    assert (last.index, last.next_index, last.next_title) == (7, None, "")
    after = planned(121)
    assert (after.state, after.kind, after.finished_at, after.index) == ("finished", "after", AG[-1].end, None)
    assert all(i.status == "done" for i in after.items)


@pytest.mark.parametrize(("seconds", "text"), [(3600, "60:00"), (-3600, "+60:00"), (-3599.5, "+59:59")])
def test_countdown_of_an_hour(seconds: float, text: str) -> None:
    assert fmt_countdown(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), [(3600, "+60 min"), (-3600, "−60 min"), (60, "+1 min"), (-60, "−1 min")])
def test_drift_of_an_hour_and_a_minute(seconds: float, text: str) -> None:
    assert fmt_drift(seconds) == text


def test_planned_mode_at_an_exact_boundary_and_before_the_last_item() -> None:
    v = planned(15)
    assert v.items[1].actual_start == AG[1].start and v.items[0].actual_end == AG[0].end
    penultimate = planned(35 + 60)  # 11:35, "Fazit" 11:30-11:40
    assert (penultimate.index, penultimate.next_index, penultimate.next_title) == (6, 7, AG[7].title)


def test_planned_mode_keeps_the_phase_override() -> None:
    log = Log(T0).at(-30, "mode", value="planned").at(-20, "phase", value="input")
    assert log.view(20).phase_override == "input"


def test_planned_minutes_of_a_long_item() -> None:
    rows = [replace(AG[0], end=AG[0].start + timedelta(minutes=90)), replace(AG[1], start=AG[0].start)]
    rows[1] = replace(rows[1], start=rows[0].end, end=rows[0].end + timedelta(minutes=30))
    v = compute_timer(rows, [], rows[0].start - timedelta(minutes=1))
    assert [i.planned_minutes for i in v.items] == [90, 30]
    assert Log(T0).at(-30, "mode", value="planned").view(10, rows).items[0].planned_minutes == 90


def test_a_workshop_without_agenda_refuses_every_clock_action() -> None:
    empty = compute_timer([], [], T0)
    for kind in ("start", "pause", "next", "reset"):
        with pytest.raises(WerkstattError) as err:
            check_event(empty, kind, minutes=None, item=None)
        assert err.value.message == "Diese Werkstatt hat kein Programm; der Timer kann nicht laufen."
    check_event(empty, "phase", minutes=None, item=None)  # settings still work
