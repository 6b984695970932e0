"""In-process notices "workshop W is now at revision R", published after each commit.

Thread-safe and minimal: subscribers are plain callables, called on the committing
thread; a subscriber that raises is logged and never breaks the commit that published.
Across processes the same notice travels as PostgreSQL NOTIFY (werkstatt/live/revision.py).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

Listener = Callable[[int, int], None]

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_listeners: list[Listener] = []


def subscribe(callback: Listener) -> Callable[[], None]:
    """Call `callback(workshop_id, revision)` after every commit that changed a workshop; returns unsubscribe."""
    with _lock:
        _listeners.append(callback)

    def unsubscribe() -> None:
        with _lock:
            if callback in _listeners:
                _listeners.remove(callback)

    return unsubscribe


def publish(workshop_id: int, revision: int) -> None:
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(workshop_id, revision)
        except Exception:  # a broken screen must not fail the writer
            _log.exception("live listener failed for workshop %s", workshop_id)
