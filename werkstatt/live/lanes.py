"""Two lanes for the script runs of one server process: what a person did, and what only follows a change.

Every browser tab is a Streamlit session with its own script thread, and all of them share one GIL.
When the agenda moves on, 200 phones redraw their whole page (~10 s of CPU together), and when people
post, every phone's list follows. Python hands the GIL around among all runnable threads, so a post or
a moderator's click that arrives then gets 1/200 of the interpreter and waits seconds (docs/performance.md,
"Round 6").

So runs that only follow a change (a phone's list or page redrawn because the workshop changed) take
the background slot first; runs a person started (a post, a dot, a click, the shared
screen, the moderator) never wait for a slot. The CPU work is the same; the person who acted gets
served first, and the background runs finish one after another instead of all at the end.

A slot is held per thread: a page run that holds one runs its fragments inside the same slot.
Nobody waits forever: after `max_wait_s` a run goes ahead without a slot.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

# One: measured against two at 200 phones, post p95 0.48 vs 0.85 s, the shared screen and the phones' lists
# as fast (docs/performance.md, "Round 6"); the overlap of a second slot's database reads did not pay.
BACKGROUND_SLOTS = 1
MAX_WAIT_S = 15.0


class BackgroundLane:
    def __init__(self, slots: int = BACKGROUND_SLOTS, max_wait_s: float = MAX_WAIT_S) -> None:
        self.max_wait_s = max_wait_s
        self._free = threading.Semaphore(slots)  # waiters are woken in arrival order
        self._held = threading.local()
        self._lock = threading.Lock()
        self.running = 0  # for tests and the bench: runs inside a slot right now
        self.runs = 0  # runs that asked for a slot
        self.waited_s = 0.0  # total time runs waited for a slot
        self.gave_up = 0  # runs that went ahead without a slot after max_wait_s

    @contextmanager
    def slot(self) -> Iterator[None]:
        if getattr(self._held, "depth", 0):  # this thread already runs in a slot
            self._held.depth += 1
            try:
                yield
            finally:
                self._held.depth -= 1
            return
        start = time.monotonic()
        got = self._free.acquire(timeout=self.max_wait_s)
        with self._lock:
            self.waited_s += time.monotonic() - start
            self.gave_up += not got
            self.runs += 1
            self.running += 1
        self._held.depth = 1
        try:
            yield
        finally:
            self._held.depth = 0
            with self._lock:
                self.running -= 1
            if got:
                self._free.release()


BACKGROUND = BackgroundLane()  # one per process: the GIL it shares is one per process
