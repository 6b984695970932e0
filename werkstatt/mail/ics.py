"""The .ics attachment: one event in the series' time zone (TZID) with its VTIMEZONE."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from werkstatt.clock import BERLIN


def one_line(text: str) -> str:
    # icalendar escapes commas/semicolons itself; line breaks we never let through.
    return " ".join((text or "").split())


def workshop_event_ics(
    *,
    uid: str,
    summary: str,
    description: str,
    start: datetime,
    end: datetime,
    url: str,
    now: datetime,
    tz: ZoneInfo = BERLIN,
    cancelled: bool = False,
) -> bytes:
    """A calendar file for one workshop; times carry their zone (never floating)."""
    cal = Calendar()
    cal.add("prodid", "-//Werkstatt//Anmeldung//DE")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", one_line(uid))
    event.add("dtstamp", now)
    event.add("dtstart", start.astimezone(tz))
    event.add("dtend", end.astimezone(tz))
    event.add("summary", one_line(summary))
    event.add("description", description)  # icalendar escapes newlines as \n
    if url:
        event.add("url", one_line(url))
        event.add("location", one_line(url))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
