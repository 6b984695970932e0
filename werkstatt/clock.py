"""Time zones and formatting. Stored times are UTC; people read Europe/Berlin."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")

WEEKDAYS_DE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
MONTHS_DE = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def utc_now() -> datetime:
    """The wall clock; only the UI and the CLI call this, services take `now`."""
    return datetime.now(UTC)


def local_to_utc(day: date, hhmm: time, tz: ZoneInfo = BERLIN) -> datetime:
    return datetime.combine(day, hhmm, tzinfo=tz).astimezone(UTC)


def to_local(moment: datetime, tz: ZoneInfo = BERLIN) -> datetime:
    return moment.astimezone(tz)


def fmt_time(moment: datetime, tz: ZoneInfo = BERLIN) -> str:
    return to_local(moment, tz).strftime("%H:%M")


def fmt_date_long(moment: datetime, tz: ZoneInfo = BERLIN) -> str:
    """'Mittwoch, 30. Juni 2021'."""
    local = to_local(moment, tz)
    return f"{WEEKDAYS_DE[local.weekday()]}, {local.day:02d}. {MONTHS_DE[local.month - 1]} {local.year}"


def fmt_span(start: datetime, end: datetime, tz: ZoneInfo = BERLIN) -> str:
    """'Mittwoch, 30. Juni 2021, 10:00–12:00 Uhr'."""
    return f"{fmt_date_long(start, tz)}, {fmt_time(start, tz)}–{fmt_time(end, tz)} Uhr"
