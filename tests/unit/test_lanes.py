"""The background lane (werkstatt/live/lanes.py): redraws that only follow a change take turns."""

from __future__ import annotations

import threading
import time

from werkstatt.live.lanes import BackgroundLane


def _run_many(lane: BackgroundLane, n: int, hold_s: float) -> int:
    """n threads each hold a slot for hold_s; returns the most that ran at once."""
    inside, most, lock = 0, 0, threading.Lock()

    def work() -> None:
        nonlocal inside, most
        with lane.slot():
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(hold_s)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return most


def test_no_more_redraws_run_at_once_than_there_are_slots() -> None:
    lane = BackgroundLane(slots=2, max_wait_s=30)
    assert _run_many(lane, 8, 0.03) == 2
    assert lane.running == 0
    assert (lane.runs, lane.gave_up) == (8, 0)
    assert lane.waited_s > 0  # six of them queued


def test_a_page_run_holding_a_slot_runs_its_fragments_in_the_same_slot() -> None:
    lane = BackgroundLane(slots=1, max_wait_s=30)
    done = threading.Event()

    def page() -> None:
        with lane.slot(), lane.slot(), lane.slot():  # nested: no deadlock on the one slot
            assert lane.running == 1
        done.set()

    t = threading.Thread(target=page)
    t.start()
    assert done.wait(5)
    t.join()
    assert lane.running == 0
    assert _run_many(lane, 3, 0.01) == 1  # the slot was given back exactly once


def test_a_run_that_waited_too_long_goes_ahead_without_a_slot() -> None:
    lane = BackgroundLane(slots=1, max_wait_s=0.05)
    release = threading.Event()
    held = threading.Event()

    def hog() -> None:
        with lane.slot():
            held.set()
            release.wait(10)

    t = threading.Thread(target=hog)
    t.start()
    assert held.wait(5)
    with lane.slot():
        assert lane.running == 2
    assert lane.gave_up == 1
    release.set()
    t.join()
    assert _run_many(lane, 3, 0.01) == 1  # the run without a slot did not give one back
