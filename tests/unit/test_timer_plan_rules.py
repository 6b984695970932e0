"""The idle timer (before the start, after the end, no agenda): what the beamer, the badge and the phones' clock
read when nothing runs. The countdown gets 0 left of 0, no item title and no next item, in both modes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.unit.test_timer import AG, T0, Log
from werkstatt.session.timer import compute_timer

IDLE = {"index": None, "title": "", "elapsed_s": 0, "left_s": 0, "duration_s": 0, "next_index": None}


def _idle_fields(v) -> dict[str, object]:
    return {
        "index": v.index,
        "title": v.title,
        "elapsed_s": v.elapsed_s,
        "left_s": v.left_s,
        "duration_s": v.duration_s,
        "next_index": v.next_index,
    }


@pytest.mark.parametrize("mode", ["live", "planned"])
def test_before_the_start_nothing_counts_and_no_item_is_named(mode: str) -> None:
    log = Log(T0 - timedelta(hours=1)).at(0, "mode", value=mode)
    v = log.view(30)  # 9:30, the workshop starts at 10:00
    assert (v.mode, v.state, v.kind) == (mode, "not_started", "before")
    assert _idle_fields(v) == IDLE
    assert v.next_title == ""


def test_planned_mode_after_the_last_item_is_idle_and_after() -> None:
    end = AG[-1].end
    v = Log(T0).at(0, "mode", value="planned").view((end - T0).total_seconds() / 60 + 5)
    assert (v.state, v.kind, v.finished_at) == ("finished", "after", end)
    assert _idle_fields(v) == IDLE
    assert v.next_title == ""


def test_without_an_agenda_the_timer_is_idle_before() -> None:
    v = compute_timer([], [], T0)
    assert (v.mode, v.state, v.kind) == ("live", "not_started", "before")
    assert _idle_fields(v) == IDLE
    assert v.next_title == "" and v.projected_end is None and v.drift_s is None
