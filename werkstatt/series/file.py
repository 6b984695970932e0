"""Parse and validate a series file (TOML). Pure: no database, no streamlit.

Every refusal names the file, the field and the problem, in German.
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from werkstatt.legal import LegalSpec
from werkstatt.series.activities import ACTIVITY_LABELS, resolve_activity
from werkstatt.series.reader import Reader, SeriesFileError

AGENDA_KINDS: dict[str, str] = {
    "welcome": "Begrüßung",
    "research": "Forschung",
    "practice": "Praxis",
    "external_input": "Externer Input",
    "break": "Pause",
    "group_discussion": "Gruppendiskussion",
    "conclusion": "Fazit",
    "networking": "Vernetzung",
}

BUNDLED_SERIES = Path(__file__).resolve().parents[1] / "data" / "bottrop-2018.toml"


@dataclass(frozen=True)
class AgendaSpec:
    start: time
    kind: str
    title: str
    activity: str = ""  # resolved: the item's entry, the series' entry for its kind, or the kind's default


@dataclass(frozen=True)
class CategorySpec:
    key: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class WorkshopSpec:
    number: int
    title: str
    subtitle: str
    topic: str
    guiding_questions: tuple[str, ...]
    description: str
    day: date
    start: time
    end: time
    capacity: int
    format: str
    external_registration_url: str
    agenda: tuple[AgendaSpec, ...]
    discussion_prompt: str
    categories: tuple[CategorySpec, ...]
    facet_label: str = ""
    facet_options: tuple[str, ...] = ()
    prompts: tuple[str, ...] = ()  # guiding questions of the discussion; () = just discussion_prompt
    registration_opens: datetime | None = None  # aware (UTC); None: open now
    registration_closes: datetime | None = None  # aware (UTC); None: at the start
    reminder_minutes: tuple[int, ...] | None = None  # None: 1 day and 1 hour before


@dataclass(frozen=True)
class SeriesSpec:
    slug: str
    title: str
    headline: str
    subtitle: str
    organizers: tuple[str, ...]
    timezone: str
    invitation: str
    registration_note: str
    join_note: str
    workshops: tuple[WorkshopSpec, ...] = field(default_factory=tuple)
    legal: LegalSpec = field(default_factory=LegalSpec)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def parse_series_file(path: str | Path) -> SeriesSpec:
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SeriesFileError(str(path), "-", "Datei nicht gefunden") from None
    except UnicodeDecodeError:
        raise SeriesFileError(str(path), "-", "Datei ist nicht UTF-8-kodiert") from None
    except tomllib.TOMLDecodeError as err:
        raise SeriesFileError(str(path), "-", f"kein gültiges TOML ({err})") from None
    return parse_series(raw, str(path))


def parse_series(raw: dict[str, Any], path: str = "<series>") -> SeriesSpec:
    top = Reader(path, raw, "")
    s = top.sub("series", top.table("series"))
    tz_name = s.text("timezone", required=False) or "Europe/Berlin"
    try:
        ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise s.fail("timezone", f"unbekannte Zeitzone „{tz_name}“") from None
    slug = s.text("slug", max_len=80)
    if not slug.replace("-", "").replace("_", "").isalnum():
        raise s.fail("slug", "nur Buchstaben, Ziffern, '-' und '_' erlaubt")
    activities = _parse_activities(s)
    tz = ZoneInfo(tz_name)
    workshops = tuple(
        _parse_workshop(top.sub(f"workshops[{i}]", w), activities, tz) for i, w in enumerate(top.tables("workshops"))
    )
    legal = s.sub("legal", s.table("legal", required=False))
    numbers = [w.number for w in workshops]
    if len(set(numbers)) != len(numbers):
        raise top.fail("workshops", f"Nummern doppelt vergeben: {numbers}")
    return SeriesSpec(
        slug=slug,
        title=s.text("title", max_len=200),
        headline=s.text("headline", required=False, max_len=300),
        subtitle=s.text("subtitle", required=False, max_len=300),
        organizers=s.texts("organizers"),
        timezone=tz_name,
        invitation=s.text("invitation", required=False),
        registration_note=s.text("registration_note", required=False),
        join_note=s.text("join_note", required=False),
        workshops=workshops,
        legal=LegalSpec(
            contact_email=legal.text("contact_email", required=False, max_len=320),
            impressum=legal.text("impressum", required=False),
            privacy=legal.text("privacy", required=False),
            accessibility=legal.text("accessibility", required=False),
        ),
    )


def _parse_activities(s: Reader) -> dict[str, str]:
    """[series.activities]: agenda kind -> activity, for the whole series (optional)."""
    table = s.sub("activities", s.table("activities", required=False))
    for kind in table.data:
        if kind not in AGENDA_KINDS:
            raise table.fail(kind, f"„{kind}“ ist keine Art von Programmpunkt; erlaubt: {', '.join(AGENDA_KINDS)}")
        _check_activity(table, kind)
    return {kind: table.text(kind) for kind in table.data}


def _check_activity(r: Reader, name: str) -> None:
    value = r.text(name, required=False, max_len=20)
    if value and value not in ACTIVITY_LABELS:
        raise r.fail(name, f"„{value}“ unbekannt; erlaubt: {', '.join(ACTIVITY_LABELS)}")


def _parse_workshop(w: Reader, activities: dict[str, str], tz: ZoneInfo) -> WorkshopSpec:
    start, end = w.clock("start"), w.clock("end")
    if end <= start:
        raise w.fail("end", "muss nach dem Beginn liegen")
    day = w.day("date")
    w.existing("start", day, start, tz)
    w.existing("end", day, end, tz)
    opens, closes = w.moment("registration_opens", tz), w.moment("registration_closes", tz)
    if opens is not None and closes is not None and closes <= opens:
        raise w.fail("registration_closes", "muss nach dem Beginn der Anmeldung liegen")
    agenda = tuple(
        _parse_agenda_item(w.sub(f"agenda[{i}]", item), activities) for i, item in enumerate(w.tables("agenda"))
    )
    if agenda[0].start != start:
        raise w.fail("agenda[0].start", "der erste Programmpunkt muss mit der Werkstatt beginnen")
    for i, (a, b) in enumerate(itertools.pairwise(agenda), start=1):
        if b.start <= a.start:
            raise w.fail(f"agenda[{i}].start", "Programmpunkte müssen zeitlich aufsteigen")
    if agenda[-1].start >= end:
        raise w.fail(f"agenda[{len(agenda) - 1}].start", "liegt nicht vor dem Ende der Werkstatt")
    d = w.sub("discussion", w.table("discussion"))
    categories = tuple(
        CategorySpec(
            key=c.text("key", max_len=40),
            label=c.text("label", max_len=100),
            hint=c.text("hint", required=False, max_len=300),
        )
        for c in (d.sub(f"categories[{i}]", t) for i, t in enumerate(d.tables("categories")))
    )
    keys = [c.key for c in categories]
    if len(set(keys)) != len(keys):
        raise d.fail("categories", f"Schlüssel doppelt vergeben: {keys}")
    facet = d.sub("facet", d.table("facet", required=False))
    return WorkshopSpec(
        number=w.integer("number", 1, 999),
        title=w.text("title", max_len=300),
        subtitle=w.text("subtitle", required=False, max_len=300),
        topic=w.text("topic", required=False, max_len=200),
        guiding_questions=w.texts("guiding_questions", required=False),
        description=w.text("description", required=False),
        day=day,
        start=start,
        end=end,
        capacity=w.integer("capacity", 1, 100000),
        format=w.text("format", required=False, max_len=20) or "online",
        external_registration_url=w.text("external_registration_url", required=False, max_len=500),
        agenda=agenda,
        discussion_prompt=d.text("prompt", max_len=300),
        categories=categories,
        facet_label=facet.text("label", required=False, max_len=100) if facet.data else "",
        facet_options=facet.texts("options") if facet.data else (),
        prompts=tuple(p[:300] for p in d.texts("prompts", required=False)),
        registration_opens=opens,
        registration_closes=closes,
        reminder_minutes=_reminders(w),
    )


def _reminders(w: Reader) -> tuple[int, ...] | None:
    """`reminder_minutes = [1440, 60]`: minutes before the start; `[]` sends none."""
    value = w.raw("reminder_minutes", required=False)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(m, int) and 0 < m <= 60 * 24 * 60 for m in value):
        raise w.fail("reminder_minutes", "Liste von Minuten vor dem Beginn erwartet, z. B. [1440, 60]")
    return tuple(sorted(set(value), reverse=True))


def _parse_agenda_item(a: Reader, activities: dict[str, str]) -> AgendaSpec:
    kind = a.text("kind", max_len=32)
    if kind not in AGENDA_KINDS:
        raise a.fail("kind", f"„{kind}“ unbekannt; erlaubt: {', '.join(AGENDA_KINDS)}")
    _check_activity(a, "activity")
    activity = resolve_activity(kind, a.text("activity", required=False), activities)
    return AgendaSpec(start=a.clock("start"), kind=kind, title=a.text("title", max_len=300), activity=activity)
