"""Parts shown on many screens redraw further apart, so one process serves any number of phones.

Every change of a workshop asks every screen showing a revision part to redraw it. With N phones
showing the same list, one post costs N list runs; with 200 phones posting every 30 s that asks
for more runs than one process can make, and the posters' own answers queue behind them
(bench/session_load.py, docs/performance.md). So the redraws of one part (per workshop and key)
are spaced by the number of sessions showing it: in total at most `REDRAWS_PER_S` per second and
process. A part on one screen (the shared screen, the moderator's board) keeps its own gap; a
phone's list among 20 phones keeps its 1.5 s; among 200 phones it redraws every ~13 s.
"""

from __future__ import annotations

import threading

REDRAWS_PER_S = 15.0  # per part and process: about a fifth of a core at ~15 ms per list redraw
FORGET_S = 900.0  # a session that has not drawn the part for this long no longer counts


class Viewers:
    """Which sessions showed a part lately (thread-safe: every script thread draws parts)."""

    def __init__(self, forget_s: float = FORGET_S) -> None:
        self._forget_s = forget_s
        self._parts: dict[str, dict[str, float]] = {}
        self._lock = threading.Lock()
        self._pruned = 0.0

    def drawn(self, part: str, session: str, now: float) -> int:
        """Note that `session` drew `part` at `now` (monotonic seconds); return how many sessions show it."""
        with self._lock:
            if now - self._pruned > 60:
                self._prune(now)
            sessions = self._parts.setdefault(part, {})
            sessions[session] = now
            return len(sessions)

    def _prune(self, now: float) -> None:
        self._pruned = now
        for part in list(self._parts):
            sessions = {s: t for s, t in self._parts[part].items() if now - t < self._forget_s}
            if sessions:
                self._parts[part] = sessions
            else:
                del self._parts[part]


def crowd_gap(min_gap_s: float, viewers: int, per_s: float = REDRAWS_PER_S) -> float:
    """The least time between two redraws of a part on one screen, given how many screens show it."""
    return max(min_gap_s, viewers / per_s)


VIEWERS = Viewers()  # one per process
