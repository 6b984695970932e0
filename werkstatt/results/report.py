"""The results report of one workshop: agenda as run, attendance, input, moderation trace.

Markdown (readable as text, convertible to PDF by any Markdown tool), plus
CSV/XLSX of the contributions and chart images (vl-convert). No personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import vl_convert as vlc
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Registration, Workshop, WorkshopTally
from werkstatt.clock import fmt_span, fmt_time
from werkstatt.results.activities_report import activities_markdown
from werkstatt.results.charts import bar_chart, timeline_chart
from werkstatt.results.conclusion import conclusion, theme_frame
from werkstatt.results.publication import next_steps, traced_contributions
from werkstatt.series.store import get_workshop
from werkstatt.session.timer_log import timer_view
from werkstatt.session.views import MODERATION_LABELS, moderation_log
from werkstatt.text.markdown import escape_md_text as escape_md
from werkstatt.text.markdown import md_text_cell as md_cell


@dataclass(frozen=True)
class Attendance:
    confirmed: int
    waitlisted: int
    checked_in: int
    joined_live: int


def attendance(session: Session, *, workshop_id: int, joined_live: int) -> Attendance:
    """Anonymous counts; after a purge they come from the kept tally."""
    counts = dict(
        session.execute(
            select(Registration.status, func.count())
            .where(Registration.workshop_id == workshop_id)
            .group_by(Registration.status)
        ).all()
    )
    checked_in = session.scalar(
        select(func.count()).where(Registration.workshop_id == workshop_id, Registration.checked_in_at.is_not(None))
    )
    tally = session.get(WorkshopTally, workshop_id)
    if not counts and tally is not None:
        return Attendance(tally.confirmed, tally.waitlisted, tally.checked_in, joined_live)
    return Attendance(
        confirmed=int(counts.get("confirmed", 0)),
        waitlisted=int(counts.get("waitlisted", 0)),
        checked_in=int(checked_in or 0),
        joined_live=joined_live,
    )


def _agenda_as_run(session: Session, workshop: Workshop, now: datetime) -> list[str]:
    view = timer_view(session, workshop_id=workshop.id, now=now)
    lines = [
        "| Geplant | Tatsächlich | Programmpunkt | Dauer geplant | Dauer tatsächlich |",
        "|---|---|---|---|---|",
    ]
    for item in view.items:
        if item.actual_start and item.actual_end:
            actual = f"{fmt_time(item.actual_start)}–{fmt_time(item.actual_end)}"
            minutes = f"{round((item.actual_end - item.actual_start).total_seconds() / 60)} min"
        elif item.actual_start:
            actual, minutes = f"ab {fmt_time(item.actual_start)}", "läuft"
        else:
            actual, minutes = ("übersprungen", "–") if item.status == "skipped" else ("–", "–")
        planned = f"{fmt_time(item.planned_start)} | "
        lines.append(f"| {planned}{actual} | {md_cell(item.title)} | {item.planned_minutes} min | {minutes} |")
    if view.started_at is None:
        lines.append("")
        lines.append("_Der Timer wurde für diese Werkstatt nicht gestartet; es gibt nur die geplanten Zeiten._")
    return lines


def report_markdown(session: Session, *, workshop_id: int, now: datetime) -> str:
    workshop = get_workshop(session, workshop_id=workshop_id)
    data = conclusion(session, workshop_id=workshop_id)
    att = attendance(session, workshop_id=workshop_id, joined_live=data.participants)
    traced = traced_contributions(session, workshop_id=workshop_id)
    notes = next_steps(session, workshop_id=workshop_id)
    zone = ZoneInfo(workshop.series.timezone or "Europe/Berlin")
    out = [
        f"# Ergebnisbericht: Werkstatt {workshop.number}",
        "",
        f"**{escape_md(workshop.title)}**" + (f" – {escape_md(workshop.subtitle)}" if workshop.subtitle else ""),
        "",
        f"{escape_md(workshop.series.title)} · {fmt_span(workshop.starts_at, workshop.ends_at, zone)}"
        f" · {workshop.format.capitalize()}",
        "",
        "## Ablauf: geplant und tatsächlich",
        "",
        *_agenda_as_run(session, workshop, now),
        "",
        "## Teilnahme (anonym gezählt)",
        "",
        f"- Bestätigte Anmeldungen: {att.confirmed} von {workshop.capacity} Plätzen",
        f"- Warteliste: {att.waitlisted}",
        f"- Eingecheckt: {att.checked_in}",
        f"- Live beigetreten (Mitmachen): {att.joined_live}",
        "",
        f"## Beiträge: {data.contributions} gezählt, {data.votes} Punkte vergeben",
        "",
        f"Leitfrage der Gruppendiskussion: {escape_md(workshop.discussion_prompt)}",
        "",
        "| Kategorie | Beiträge |",
        "|---|---|",
        *[f"| {md_cell(k)} | {n} |" for k, n in data.categories.itertuples(index=False)],
        "",
    ]
    themes = theme_frame(session, workshop_id=workshop_id)
    if len(themes):
        out += ["### Nach Thema", "", "| Thema | Beiträge | Punkte |", "|---|---|---|"]
        out += [f"| {md_cell(t)} | {n} | {p} |" for t, n, p in themes.itertuples(index=False)]
        out.append("")
    for category in data.categories["Kategorie"]:
        items = sorted((t for t in traced if t.category == category), key=lambda t: (-t.votes, t.id))
        out += [f"### {escape_md(category)}", ""]
        if not items:
            out += ["_Keine Beiträge._", ""]
        for t in items:
            extra = []
            if t.theme:
                extra.append(f"Thema: {escape_md(t.theme)}")
            if t.merged_ids:
                extra.append("enthält " + ", ".join(f"#{m}" for m in t.merged_ids))
            suffix = f" ({'; '.join(extra)})" if extra else ""
            out.append(f"- **#{t.id}** · {t.votes} Punkte · {md_cell(t.text)}{suffix}")
        out.append("")
    mod = data.moderation
    out += ["## Moderation", "", f"- Ausgeblendet: {mod.hidden}"]
    out += [f"  - {escape_md(reason or 'ohne Angabe')}: {n}" for reason, n in mod.reasons]
    out += [f"- Zusammengeführt (Doppelungen): {mod.merged}", ""]
    log = moderation_log(session, workshop_id=workshop_id)
    if log:
        out += ["### Protokoll der Moderation", ""]
        out += [
            f"- {fmt_time(e.created_at)} · #{e.contribution_id} {MODERATION_LABELS.get(e.action, e.action)}"
            + (f" ({md_cell(e.detail)})" if e.detail else "")
            for e in log  # no staff names: the report is published without personal data
        ]
        out.append("")
    out += activities_markdown(session, workshop_id=workshop_id)
    out += ["## Wie geht es weiter?", ""]
    out.append(escape_md(notes[None]) if notes.get(None) else "_Noch keine Angabe der Organisation._")
    out.append("")
    return "\n".join(out)


def contributions_frame(session: Session, *, workshop_id: int) -> pd.DataFrame:
    """The counted contributions for CSV/XLSX export (no personal data)."""
    rows = [
        (
            t.id,
            t.category,
            t.text,
            t.votes,
            t.theme,
            ", ".join(f"#{m}" for m in t.merged_ids),
            " → ".join(t.path),
        )
        for t in traced_contributions(session, workshop_id=workshop_id)
    ]
    return pd.DataFrame(rows, columns=["Nr", "Kategorie", "Beitrag", "Punkte", "Thema", "Zusammengeführt", "Weg"])


EXPORT_FONT = "DejaVu Sans"
# Bundled (werkstatt/data/fonts): a plain server may lack Debian's fonts-dejavu-core, and charts would lose their text.
EXPORT_FONT_DIRS = (str(Path(__file__).resolve().parent.parent / "data" / "fonts"),)


def chart_images(session: Session, *, workshop_id: int, fmt: str = "svg") -> dict[str, bytes]:
    """The conclusion charts as SVG or PNG files, rendered without a browser."""
    data = conclusion(session, workshop_id=workshop_id)
    charts = {
        "kategorien": bar_chart(data.categories, "Kategorie", "Beiträge", title="Beiträge je Kategorie"),
        "begriffe": bar_chart(data.terms, "Begriff", "Beiträge", title="Häufige Begriffe"),
        "verlauf": timeline_chart(data.timeline, title="Beiträge im Verlauf"),
    }
    if len(data.groups):
        charts["gruppen"] = bar_chart(data.groups, "Gruppe", "Beiträge", title="Beiträge je Gruppe")
    out = {}
    for name, chart in charts.items():
        spec = chart.properties(width=640).to_dict()
        if fmt == "svg":
            out[f"{name}.svg"] = vlc.vegalite_to_svg(spec).encode()
        else:
            out[f"{name}.png"] = vlc.vegalite_to_png(with_export_font(spec), scale=2)
    return out


@lru_cache(maxsize=1)
def _register_export_fonts() -> str:
    """vl-convert draws no text with a font it does not have: register the bundled DejaVu Sans."""
    for folder in EXPORT_FONT_DIRS:
        if Path(folder).is_dir():
            vlc.register_font_directory(folder)
    return EXPORT_FONT


def with_export_font(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with every text in the export font (the screen's Source Sans is not on a plain server)."""
    font = _register_export_fonts()
    config = dict(spec.get("config", {}))
    config["font"] = font
    for part in ("axis", "title", "legend", "header", "text", "mark"):
        config[part] = {**config.get(part, {}), **({"font": font} if part in ("text", "mark") else {})}
    for part in ("axis", "legend", "header"):
        config[part] = {**config[part], "labelFont": font, "titleFont": font}
    config["title"] = {**config["title"], "font": font, "subtitleFont": font}
    return {**spec, "config": config}
