"""The newest mark (revision, timer key) per workshop in this process, and the event streams waiting for it.

Lives on the server's event loop (werkstatt/live/listener.py feeds it). Every stream of a
workshop wakes once per newer mark, reads the newest and sends it: several changes in a row
coalesce into one event, since a screen only needs to know that it is behind.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

from werkstatt.live.topics import Mark


class Hub:
    def __init__(self) -> None:
        self._latest: dict[int, Mark] = {}
        self._waiting: dict[int, set[asyncio.Event]] = {}
        self.closing = False

    def latest(self, workshop_id: int) -> Mark:
        return self._latest.get(workshop_id, Mark())

    def watched(self) -> list[int]:
        """Workshops with at least one open stream in this process."""
        return [w for w, events in self._waiting.items() if events]

    def stream_count(self) -> int:
        return sum(len(events) for events in self._waiting.values())

    def update(self, workshop_id: int, mark: Mark) -> None:
        """Remember a newer mark and wake the streams of that workshop."""
        if workshop_id in self._latest and mark <= self._latest[workshop_id]:
            return
        self._latest[workshop_id] = mark
        for event in self._waiting.get(workshop_id, ()):
            event.set()

    @contextmanager
    def watch(self, workshop_id: int) -> Iterator[asyncio.Event]:
        event = asyncio.Event()
        self._waiting.setdefault(workshop_id, set()).add(event)
        try:
            yield event
        finally:
            self._waiting[workshop_id].discard(event)

    def open(self) -> None:
        self.closing = False

    def close(self) -> None:
        """Server shutdown: every stream ends, so the server need not wait for browsers to leave."""
        self.closing = True
        for events in self._waiting.values():
            for event in events:
                event.set()


HUB = Hub()  # one per process
