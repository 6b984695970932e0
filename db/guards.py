"""Refuse NUL characters in bound parameters before they reach the database.

PostgreSQL rejects them with a technical DataError, SQLite stores them silently;
either way a NUL in a URL parameter (e.g. `?storno=%00`) must become a German
message, never an exception page. Text fields strip control characters earlier
(werkstatt/text/rules.py); this is the last wall for every other path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Engine, event

from db.errors import WerkstattError

NUL_REFUSED = "Die Eingabe enthält ein unzulässiges Steuerzeichen (NUL) und wurde nicht verarbeitet."


def _values(parameters: Any, executemany: bool) -> Iterable[Any]:
    rows = parameters if executemany else [parameters]
    for row in rows or ():
        if isinstance(row, Mapping):
            yield from row.values()
        elif isinstance(row, (list, tuple)):
            yield from row


def refuse_nul_parameters(engine: Engine) -> None:
    @event.listens_for(engine, "before_cursor_execute")
    def _no_nul(_conn, _cursor, _statement, parameters, _context, executemany) -> None:  # type: ignore[no-untyped-def]
        for value in _values(parameters, executemany):
            if isinstance(value, str) and "\x00" in value:
                raise WerkstattError(NUL_REFUSED)
