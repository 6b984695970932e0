"""A run that holds a background lane's slot (werkstatt/live/lanes.py), for the lane's tests."""

from __future__ import annotations

import threading

from werkstatt.live.lanes import BackgroundLane


def hold_slot(lane: BackgroundLane, hold_s: float = 10) -> tuple[threading.Event, threading.Thread]:
    """Start a thread that holds one of the lane's slots until the returned event is set (or hold_s)."""
    release, held = threading.Event(), threading.Event()

    def hog() -> None:
        with lane.slot():
            held.set()
            release.wait(hold_s)

    t = threading.Thread(target=hog)
    t.start()
    assert held.wait(5)
    return release, t
