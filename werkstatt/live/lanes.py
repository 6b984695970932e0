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
Nobody waits forever: after `max_wait_s` a run goes ahead without a slot. And a redraw never makes
its own person wait: Streamlit runs a session's next request (a post, a dot) only after the session's
current run, so a redraw waiting in the queue while its person acts goes ahead at once (`PersonWatch`;
docs/performance.md, "Round 8").
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Literal

# One: measured against two at 200 phones, post p95 0.48 vs 0.85 s, the shared screen and the phones' lists
# as fast (docs/performance.md, "Round 6"); the overlap of a second slot's database reads did not pay.
BACKGROUND_SLOTS = 1
MAX_WAIT_S = 15.0

Turn = Literal["", "late", "person"]
PersonWatch = Callable[[Callable[[], None]], AbstractContextManager[None]]
"""While open, calls its argument (from any thread) as soon as the run's person acts. No polling: a
waiting thread that wakes up every 0.1 s to look costs 2,000 GIL hand-overs a second at 200 phones
(measured: post p95 10 s instead of 1 s)."""


class _Waiter:
    def __init__(self) -> None:
        self.event = threading.Event()  # set when a slot is given back, or when the person acts
        self.acted = False

    def person_acted(self) -> None:
        self.acted = True
        self.event.set()


class BackgroundLane:
    def __init__(self, slots: int = BACKGROUND_SLOTS, max_wait_s: float = MAX_WAIT_S) -> None:
        self.max_wait_s = max_wait_s
        self._lock = threading.Lock()
        self._free = slots
        self._queue: deque[_Waiter] = deque()  # waiting runs, longest first
        self._held = threading.local()
        self.running = 0  # for tests and the bench: runs inside a slot right now
        self.runs = 0  # runs that asked for a slot
        self.waited_s = 0.0  # total time runs waited for a slot
        self.gave_up = 0  # runs that went ahead without a slot after max_wait_s
        self.made_way = 0  # runs that went ahead without a slot because their person acted

    @contextmanager
    def slot(self, person: PersonWatch | None = None) -> Iterator[Turn]:
        """Hold a slot for the block; `person` tells when this run's person acts while it waits.

        Yields how the run got its turn: with a slot (""), late ("late") or because its person acted
        ("person": the caller should let the person's request run first).
        """
        if getattr(self._held, "depth", 0):  # this thread already runs in a slot
            self._held.depth += 1
            try:
                yield ""
            finally:
                self._held.depth -= 1
            return
        start = time.monotonic()
        got, why = self._acquire(person)
        with self._lock:
            self.waited_s += time.monotonic() - start
            self.gave_up += why == "late"
            self.made_way += why == "person"
            self.runs += 1
            self.running += 1
        self._held.depth = 1
        try:
            yield why
        finally:
            self._held.depth = 0
            with self._lock:
                self.running -= 1
            if got:
                self._release()

    def _acquire(self, person: PersonWatch | None) -> tuple[bool, Turn]:
        # As threading.Semaphore: a free slot goes to whoever asks first, and a released one wakes the
        # longest waiter, which may find it taken and waits on. A page run that follows its own watch
        # (the agenda moved) thus gets the slot its watch just gave back instead of queueing behind 200
        # phones again (strictly in turn, 200 phones' switch took twice as long: docs/performance.md).
        with self._lock:
            if self._free:
                self._free -= 1
                return True, ""
            waiter = _Waiter()
            self._queue.append(waiter)
        deadline = time.monotonic() + self.max_wait_s
        with person(waiter.person_acted) if person else nullcontext():
            while True:
                waiter.event.wait(max(0.0, deadline - time.monotonic()))
                with self._lock:
                    waiter.event.clear()  # before looking: a wake-up that comes after the look is kept
                    if self._free:
                        self._free -= 1
                        self._queue.remove(waiter)
                        return True, ""
                    if waiter.acted or time.monotonic() >= deadline:
                        self._queue.remove(waiter)
                        return False, "person" if waiter.acted else "late"

    def _release(self) -> None:
        with self._lock:
            self._free += 1
            if self._queue:
                self._queue[0].event.set()


BACKGROUND = BackgroundLane()  # one per process: the GIL it shares is one per process
