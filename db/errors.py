"""The one exception db/ raises for the user: a German refusal.

It lives here because db/ is the bottom layer and imports nothing of werkstatt/;
werkstatt.errors re-exports it, so every `except WerkstattError` catches it too
(docs/architecture.md).
"""

from __future__ import annotations


class WerkstattError(Exception):
    """A refusal the user should read; `str(err)` is German and user-facing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
