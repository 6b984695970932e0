"""The background lane (werkstatt/live/lanes.py): redraws that only follow a change take turns."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tests.slot_holder import hold_slot
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
    release, hog = hold_slot(lane)
    with lane.slot() as turn:
        assert lane.running == 2
    assert (turn, lane.gave_up) == ("late", 1)
    release.set()
    hog.join()
    assert _run_many(lane, 3, 0.01) == 1  # the run without a slot did not give one back


def test_a_slot_given_back_wakes_the_longest_waiter() -> None:
    """As threading.Semaphore (a run asking just then may take the slot first: werkstatt/live/lanes.py)."""
    lane = BackgroundLane(slots=1, max_wait_s=30)
    release, hog = hold_slot(lane)
    waited = threading.Event()

    def waiter() -> None:
        with lane.slot():
            waited.set()

    t = threading.Thread(target=waiter)
    t.start()
    time.sleep(0.05)  # queued
    release.set()
    hog.join(10)
    assert waited.wait(5)  # the longest waiter got the slot given back
    t.join(5)
    assert (lane.running, lane.gave_up, lane.made_way) == (0, 0, 0)
    assert _run_many(lane, 4, 0.01) == 1  # still exactly one slot


def test_a_redraw_whose_person_acted_stops_waiting_and_the_queue_goes_on() -> None:
    lane = BackgroundLane(slots=1, max_wait_s=30)
    release, hog = hold_slot(lane)

    @contextmanager
    def person(wake: Callable[[], None]) -> Iterator[None]:
        timer = threading.Timer(0.1, wake)  # the person posts 0.1 s into the wait
        timer.start()
        yield
        timer.cancel()

    started = time.monotonic()
    with lane.slot(person=person):  # ahead without the slot: the person's post comes right after
        assert lane.running == 2
    assert 0.1 <= time.monotonic() - started < 2  # not the 30 s of max_wait_s
    assert (lane.made_way, lane.gave_up) == (1, 0)
    release.set()
    hog.join(10)
    assert _run_many(lane, 3, 0.01) == 1  # the run that left the queue took no slot and gave none back
