"""Typed access to one table of a series file; every refusal names file, field and problem in German.

The low-level half of werkstatt/series/file.py (which builds the specs from it).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from werkstatt.errors import WerkstattError


class SeriesFileError(WerkstattError):
    def __init__(self, path: str, field_name: str, problem: str) -> None:
        super().__init__(f"{path}: Feld „{field_name}“: {problem}")
        self.path, self.field, self.problem = path, field_name, problem


class Reader:
    """Typed access to a TOML table that reports the full field path on error."""

    def __init__(self, path: str, data: dict[str, Any], prefix: str) -> None:
        self.path, self.data, self.prefix = path, data, prefix

    def fail(self, name: str, problem: str) -> SeriesFileError:
        return SeriesFileError(self.path, f"{self.prefix}{name}", problem)

    def raw(self, name: str, required: bool = True) -> Any:
        if name not in self.data:
            if required:
                raise self.fail(name, "fehlt")
            return None
        return self.data[name]

    def text(self, name: str, required: bool = True, max_len: int = 20000) -> str:
        value = self.raw(name, required)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(name, f"Text erwartet, gefunden: {type(value).__name__}")
        value = value.strip()
        if required and not value:
            raise self.fail(name, "darf nicht leer sein")
        if len(value) > max_len:
            raise self.fail(name, f"ist länger als {max_len} Zeichen")
        return value

    def integer(self, name: str, minimum: int, maximum: int) -> int:
        value = self.raw(name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(name, f"ganze Zahl erwartet, gefunden: {value!r}")
        if not minimum <= value <= maximum:
            raise self.fail(name, f"muss zwischen {minimum} und {maximum} liegen, ist {value}")
        return value

    def clock(self, name: str) -> time:
        value = self.text(name)
        try:
            return datetime.strptime(value, "%H:%M").time()
        except ValueError:
            raise self.fail(name, f"„{value}“ ist keine Uhrzeit (erwartet HH:MM)") from None

    def moment(self, name: str, tz: ZoneInfo) -> datetime | None:
        """An optional local date-time (TOML `2021-06-01T09:00`) in the series' zone, as UTC."""
        value = self.raw(name, required=False)
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is not None:
            raise self.fail(name, f"Datum mit Uhrzeit ohne Zeitzone erwartet (JJJJ-MM-TTTHH:MM), gefunden: {value!r}")
        return self.existing(name, value.date(), value.time(), tz)

    def existing(self, name: str, day: date, clock: time, tz: ZoneInfo) -> datetime:
        """The instant of a local time; refuses times the clock skips (spring DST gap)."""
        local = datetime.combine(day, clock, tzinfo=tz)
        back = local.astimezone(UTC).astimezone(tz)
        if (back.date(), back.time()) != (day, clock):
            raise self.fail(
                name,
                f"{day:%d.%m.%Y} {clock:%H:%M} gibt es in der Zeitzone {tz.key} nicht (Zeitumstellung); "
                "bitte eine andere Uhrzeit wählen",
            )
        return local.astimezone(UTC)

    def day(self, name: str) -> date:
        value = self.raw(name)
        if isinstance(value, datetime) or not isinstance(value, date):
            raise self.fail(name, f"Datum erwartet (JJJJ-MM-TT), gefunden: {value!r}")
        return value

    def texts(self, name: str, required: bool = True) -> tuple[str, ...]:
        value = self.raw(name, required)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(name, "Liste von nicht leeren Texten erwartet")
        return tuple(v.strip() for v in value)

    def table(self, name: str, required: bool = True) -> dict[str, Any]:
        value = self.raw(name, required)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(name, "Tabelle erwartet")
        return value

    def tables(self, name: str) -> list[dict[str, Any]]:
        value = self.raw(name)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self.fail(name, "nicht leere Liste von Tabellen erwartet")
        return value

    def sub(self, name: str, data: dict[str, Any]) -> Reader:
        return Reader(self.path, data, f"{self.prefix}{name}.")
