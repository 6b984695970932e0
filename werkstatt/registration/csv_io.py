"""CSV import of registrations, CSV/XLSX export of a workshop's list.

Import: each row is its own savepoint, so a bad row is reported with its line
number and nothing of it is written, while the good rows are kept.
Export: cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy.orm import Session

from werkstatt import audit
from werkstatt.clock import BERLIN
from werkstatt.errors import WerkstattError
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.queries import roster, waitlist_position
from werkstatt.registration.services import Outcome, register
from werkstatt.text.collation import sort_key
from werkstatt.text.tabular import csv_bytes, xlsx_bytes

# Documented on the organizer page; header names are matched case-insensitively.
CSV_COLUMNS = {
    "vorname": "first_name",
    "nachname": "last_name",
    "e-mail": "email",
    "organisation": "organisation",
    "gruppe": "stakeholder_group",
    "werkstatt": "workshops",
}
_ALIASES = {"email": "e-mail", "mail": "e-mail", "organization": "organisation", "werkstätten": "werkstatt"}
REQUIRED = ("vorname", "nachname", "e-mail", "werkstatt")
MAX_IMPORT_BYTES = 2_000_000
MAX_IMPORT_ROWS = 5_000


@dataclass(frozen=True)
class CsvRow:
    line: int
    applicant: Applicant
    workshop_numbers: tuple[int, ...]


@dataclass
class ImportReport:
    imported: list[tuple[int, list[Outcome]]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def changed(self) -> int:
        """Rows that registered someone new (not only "already registered")."""
        return sum(1 for _, outcomes in self.imported if any(not o.status.startswith("already_") for o in outcomes))

    @property
    def unchanged(self) -> int:
        return len(self.imported) - self.changed

    @property
    def summary(self) -> str:
        def rows(n: int) -> str:
            return "1 Zeile" if n == 1 else f"{n} Zeilen"

        parts = [f"{rows(self.changed)} importiert"]
        if self.unchanged:
            parts.append(f"{rows(self.unchanged)} ohne Änderung (bereits angemeldet)")
        parts.append(f"{rows(len(self.errors))} mit Fehlern")
        return ", ".join(parts) + "."


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM); files saved by a German Excel are often Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_csv(text: str) -> tuple[list[CsvRow], list[tuple[int, str]]]:
    """Rows and (line, German reason) errors; raises WerkstattError when the file itself is unusable."""
    if len(text) > MAX_IMPORT_BYTES:
        raise WerkstattError("Die Datei ist zu groß (höchstens 2 MB).")
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise WerkstattError("Die Datei ist leer.")
    names = [_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise WerkstattError(
            "Es fehlen Spalten: " + ", ".join(m.capitalize() for m in missing) + ". Erwartet: "
            "Vorname;Nachname;E-Mail;Organisation;Gruppe;Werkstatt"
        )
    rows: list[CsvRow] = []
    errors: list[tuple[int, str]] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(rows) + len(errors) >= MAX_IMPORT_ROWS:
            errors.append((line, f"mehr als {MAX_IMPORT_ROWS} Zeilen; der Rest wurde nicht gelesen"))
            break
        if len(cells) != len(names):
            errors.append((line, f"{len(cells)} statt {len(names)} Spalten (Trennzeichen „{delimiter}“)"))
            continue
        values = {CSV_COLUMNS[n]: v for n, v in zip(names, cells, strict=True) if n in CSV_COLUMNS}
        numbers = tuple(sorted({int(n) for n in re.findall(r"\d+", values.pop("workshops", ""))}))
        if not numbers:
            errors.append((line, "keine Werkstatt-Nummer in der Spalte „Werkstatt“"))
            continue
        applicant = Applicant(
            first_name=values.get("first_name", ""),
            last_name=values.get("last_name", ""),
            email=values.get("email", ""),
            organisation=values.get("organisation", ""),
            stakeholder_group=values.get("stakeholder_group", ""),
        )
        rows.append(CsvRow(line, applicant, numbers))
    return rows, errors


def import_registrations(
    session: Session, *, text: str, workshops_by_number: Mapping[int, int], actor: str, now: datetime
) -> ImportReport:
    """Register every good row (same rules as the form, mails included); report the bad ones.

    Organizers only; the whole import is one audit row."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="Anmeldungen importieren")
    rows, errors = parse_csv(text)
    report = ImportReport(errors=list(errors))
    for row in rows:
        unknown = [n for n in row.workshop_numbers if n not in workshops_by_number]
        if unknown:
            report.errors.append((row.line, f"Werkstatt {unknown[0]} gibt es in dieser Reihe nicht"))
            continue
        try:
            with session.begin_nested():
                outcomes = register(
                    session,
                    applicant=row.applicant,
                    workshop_ids=[workshops_by_number[n] for n in row.workshop_numbers],
                    now=now,
                    source="import",
                    actor=actor,
                )
        except WerkstattError as err:
            report.errors.append((row.line, err.message))
            continue
        report.imported.append((row.line, outcomes))
    report.errors.sort()
    audit.record(
        session,
        actor=user,
        action="import",
        object_type="series",
        object_id="",
        now=now,
        detail=report.summary,
    )
    return report


# --- export ------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "Status",
    "Wartelistenplatz",
    "Vorname",
    "Nachname",
    "E-Mail",
    "Organisation",
    "Gruppe",
    "Vernetzung erlaubt",
    "Eingecheckt",
    "Angemeldet am",
)
STATUS_DE = {"confirmed": "bestätigt", "waitlisted": "Warteliste", "cancelled": "storniert"}


def _local(moment: datetime | None, tz: ZoneInfo = BERLIN) -> str:
    return moment.astimezone(tz).strftime("%d.%m.%Y %H:%M") if moment else ""


def export_rows(session: Session, *, workshop_id: int) -> list[dict[str, object]]:
    """The list of one workshop: confirmed in German name order, then the waitlist; times in the series' zone."""
    rows: list[dict[str, object]] = []
    regs = roster(session, workshop_id=workshop_id)
    order = {"confirmed": 0, "waitlisted": 1, "cancelled": 2}
    regs = sorted(
        regs,
        key=lambda r: (
            order[r.status],
            r.queue_no or 0,
            sort_key(f"{r.person.last_name}, {r.person.first_name}"),
        ),
    )
    tz = ZoneInfo(regs[0].workshop.series.timezone) if regs else BERLIN
    for r in regs:
        p = r.person
        rows.append(
            {
                "Status": STATUS_DE[r.status],
                "Wartelistenplatz": waitlist_position(session, r) or "",
                "Vorname": p.first_name,
                "Nachname": p.last_name,
                "E-Mail": p.email,
                "Organisation": p.organisation,
                "Gruppe": p.stakeholder_group,
                "Vernetzung erlaubt": "ja" if p.networking_consent else "nein",
                "Eingecheckt": _local(r.checked_in_at, tz),
                "Angemeldet am": _local(r.created_at, tz),
            }
        )
    return rows


def _frame(rows: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    return pd.DataFrame([[row.get(c, "") for c in EXPORT_COLUMNS] for row in rows], columns=list(EXPORT_COLUMNS))


def to_csv(rows: Sequence[Mapping[str, object]]) -> bytes:
    return csv_bytes(_frame(rows))


def to_xlsx(rows: Sequence[Mapping[str, object]], *, title: str = "Anmeldungen") -> bytes:
    return xlsx_bytes(_frame(rows), sheet=title)
