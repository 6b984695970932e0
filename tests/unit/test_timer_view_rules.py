"""What the agenda table and the beamer read from the live timer: each row's title and times, the next item,
the end after the last item and after going back, the projection after jumping around, and odd logs."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.test_timer import AG, T0, Ev, Log
from werkstatt.session.timer import compute_timer, current_mode, phase_override
from werkstatt.session.timer_model import REHEARSAL_GAP

LAST = len(AG) - 1  # 8 items: 15, 10, 15, 15, 5, 30, 10 and 20 minutes from 10:00


def _through(log: Log, minute: float, items: int) -> Log:
    """Start at 0 and press "next" once a minute, `items` times."""
    log.at(0, "start")
    for k in range(items):
        log.at(minute + k, "next")
    return log


def test_each_row_names_its_item_and_its_planned_times() -> None:
    v = Log(T0).at(0, "start").view(1)
    assert v.mode == "live"
    assert [(i.index, i.title, i.kind) for i in v.items] == [(j, r.title, r.kind) for j, r in enumerate(AG)]
    assert [(i.planned_start, i.planned_end) for i in v.items] == [(r.start, r.end) for r in AG]


def test_a_late_start_moves_every_planned_end_later() -> None:
    late = T0 + REHEARSAL_GAP + timedelta(hours=1)  # a rehearsal the evening before would be far more
    v = compute_timer(AG, [Ev(1, "start", late)], late + timedelta(minutes=1))
    shift = late - T0
    assert [i.planned_end for i in v.items] == [r.end + shift for r in AG]


def test_a_start_exactly_the_rehearsal_gap_early_does_not_move_the_plan() -> None:
    early = T0 - REHEARSAL_GAP
    v = compute_timer(AG, [Ev(1, "start", early)], early + timedelta(minutes=1))
    assert v.planned_start == T0 and v.items[0].planned_end == AG[0].end


def test_the_next_item_is_named_up_to_the_last() -> None:
    log = _through(Log(T0), 1, LAST - 1)  # on the second to last item
    v = log.view(LAST + 1)
    assert (v.index, v.next_index, v.next_title) == (LAST - 1, LAST, AG[LAST].title)
    log.at(LAST + 2, "next")
    v = log.view(LAST + 3)
    assert (v.index, v.next_index, v.next_title) == (LAST, None, "")


def test_after_the_last_item_it_has_its_end_and_going_back_reopens_only_it() -> None:
    log = _through(Log(T0), 1, LAST + 1)  # finished at minute LAST + 1
    finished = T0 + timedelta(minutes=LAST + 1)
    v = log.view(LAST + 5)
    assert (v.state, v.kind, v.projected_end) == ("finished", "after", finished)
    assert v.items[LAST].actual_end == finished
    log.at(LAST + 6, "prev")
    v = log.view(LAST + 7)
    assert v.index == LAST and v.items[LAST].actual_end is None
    assert v.items[LAST - 1].actual_end == T0 + timedelta(minutes=LAST)


def test_the_projection_counts_what_is_left_of_an_item_already_visited() -> None:
    # Item 2 (15 min) runs 4 minutes after a jump, then back to item 0: 11 minutes of it are left.
    log = Log(T0).at(0, "start").at(1, "jump", item=2).at(5, "jump", item=0)
    v = log.view(5)
    left_total = sum(r.minutes for r in AG) * 60 - 5 * 60  # 1 minute of item 0 and 4 of item 2 are behind
    assert v.projected_end == T0 + timedelta(minutes=5, seconds=left_total)
    # An item overrun while visited counts as nothing left, not as a second more.
    log = Log(T0).at(0, "start").at(1, "jump", item=4).at(8, "jump", item=0)  # the 5-minute break ran 7
    v = log.view(8)
    rest = sum(r.minutes for j, r in enumerate(AG) if j not in (0, 4)) * 60
    assert v.projected_end == T0 + timedelta(minutes=8, seconds=14 * 60 + rest)


def test_a_jump_past_the_last_item_is_ignored() -> None:
    v = Log(T0).at(0, "start").at(1, "jump", item=len(AG)).view(2)
    assert (v.state, v.index) == ("running", 0)


def test_odd_settings_in_the_log_are_ignored() -> None:
    log = Log(T0).at(0, "mode", value="planned").at(1, "mode", value="schnell").at(2, "phase", value="quatsch")
    assert current_mode(log.events) == "planned"
    assert phase_override(log.events) is None
    assert current_mode([]) == "live"


def test_without_an_agenda_the_settings_still_show() -> None:
    log = Log(T0).at(0, "mode", value="planned").at(1, "phase", value="input")
    v = compute_timer([], log.events, T0)
    assert (v.mode, v.phase_override) == ("planned", "input")


def test_before_the_start_nothing_is_paused_or_finished() -> None:
    v = Log(T0).view(0)
    assert (v.state, v.paused_since, v.finished_at) == ("not_started", None, None)
