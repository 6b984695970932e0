"""The results report as PDF: the same text as the Markdown report, plus the conclusion charts.

The PDF is drawn from the Markdown that `report_markdown` builds, so both say the same and
carry no personal data. Only the few constructs the report itself writes are read (headings,
tables, bullets, **bold**, whole-line _notes_); everything between them is text: escaped
characters come out literally, and fpdf2 draws text without markup (markdown=False).
The font is the bundled DejaVu Sans (werkstatt/data/fonts, Bitstream Vera licence): umlauts,
ß, „“ and – on any server, also without Debian's fonts-dejavu-core.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from sqlalchemy.orm import Session

from werkstatt.results.report import chart_images, report_markdown

FONT_DIR = Path(__file__).resolve().parent.parent / "data" / "fonts"
FONT = "DejaVu"
INK = (31, 41, 55)
MUTED = (90, 98, 110)
CHART_TITLES = {
    "kategorien": "Beiträge je Kategorie",
    "begriffe": "Häufige Begriffe",
    "verlauf": "Beiträge im Verlauf",
    "gruppen": "Beiträge je Gruppe",
}

Run = tuple[str, bool]  # (text, bold)
_RULE = re.compile(r"^\|[\s:|-]+\|$")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|\w+);")


@dataclass(frozen=True)
class Block:
    kind: str  # h1 h2 h3 para note bullet table
    runs: tuple[Run, ...] = ()
    level: int = 0  # bullet indent
    rows: tuple[tuple[str, ...], ...] = ()


def _unescape(raw: str) -> list[Run]:
    """Markdown inline text -> runs: backslash escapes are literal, ** toggles bold, bare entities decoded."""
    runs: list[Run] = []
    text, bold, i = "", False, 0
    while i < len(raw):
        entity = _ENTITY.match(raw, i)
        if raw[i] == "\\" and i + 1 < len(raw):
            text += raw[i + 1]
            i += 2
        elif entity:  # escape_md writes "<" as "&lt;"
            text += html.unescape(entity.group())
            i = entity.end()
        elif raw.startswith("**", i):
            runs.append((text, bold))
            text, bold = "", not bold
            i += 2
        else:
            text += raw[i]
            i += 1
    runs.append((text, bold))
    return [(t, b) for t, b in runs if t]


def _split_row(line: str) -> tuple[str, ...]:
    """Cells of a table row: split at pipes that are not escaped."""
    cells, cell, i = [], "", 0
    body = line.strip()[1:-1]
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            cell += body[i : i + 2]
            i += 2
            continue
        if body[i] == "|":
            cells.append(cell)
            cell = ""
        else:
            cell += body[i]
        i += 1
    cells.append(cell)
    return tuple("".join(t for t, _ in _unescape(c.strip())) for c in cells)


def _is_note(line: str) -> bool:
    return len(line) > 2 and line.startswith("_") and line.endswith("_") and not line.endswith("\\_")


def parse_report(markdown: str) -> list[Block]:
    """The report's Markdown as blocks (only the constructs report.py writes)."""
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            raw = "\n".join(p.removesuffix("  ") for p in para)
            blocks.append(Block("para", tuple(_unescape(raw))))
            para.clear()

    for line in markdown.splitlines():
        stripped = line.strip()
        heading = re.match(r"^(#{1,3}) (.*)$", line)
        if heading:
            flush()
            blocks.append(Block(f"h{len(heading.group(1))}", tuple(_unescape(heading.group(2)))))
        elif stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            flush()
            if _RULE.match(stripped):
                continue
            row = _split_row(stripped)
            last = blocks[-1] if blocks else None
            if last is not None and last.kind == "table":
                blocks[-1] = Block("table", rows=(*last.rows, row))
            else:
                blocks.append(Block("table", rows=(row,)))
        elif re.match(r"^\s*- ", line):
            flush()
            level = (len(line) - len(line.lstrip())) // 2
            blocks.append(Block("bullet", tuple(_unescape(stripped[2:])), level=level))
        elif _is_note(stripped):
            flush()
            blocks.append(Block("note", tuple(_unescape(stripped[1:-1]))))
        elif not stripped:
            flush()
        else:
            para.append(line)
    flush()
    return blocks


class _Report(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, f"Seite {self.page_no()} von {{nb}}", align="C")


def _new_document(title: str, now: datetime) -> _Report:
    pdf = _Report(format="A4")
    pdf.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_title(title)
    pdf.set_lang("de")
    pdf.set_creator("Werkstatt")
    pdf.set_creation_date(now)
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    return pdf


def _write(pdf: FPDF, runs: tuple[Run, ...], size: float, *, bold: bool = False, color: tuple[int, ...] = INK) -> None:
    pdf.set_text_color(*color)
    height = size * 0.5
    for text, strong in runs:
        pdf.set_font(FONT, "B" if (bold or strong) else "", size)
        pdf.write(height, text)
    pdf.ln(height)


def _table(pdf: FPDF, rows: tuple[tuple[str, ...], ...]) -> None:
    columns = max(len(r) for r in rows)
    # relative widths from the longest word or cell, so short columns ("übersprungen") never break mid-word
    longest = [max((len(r[c]) if c < len(r) else 0) for r in rows) for c in range(columns)]
    words = [max((len(w) for r in rows if c < len(r) for w in r[c].split()), default=0) for c in range(columns)]
    widths = [max(words[c] + 3, min(40, longest[c] + 3)) for c in range(columns)]
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*INK)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=5, markdown=False) as table:
        for cells in rows:
            row = table.row()
            for text in cells:
                row.cell(text)
    pdf.ln(3)


def _draw(pdf: FPDF, block: Block) -> None:
    if block.kind in ("h1", "h2", "h3"):
        size = {"h1": 18, "h2": 14, "h3": 11.5}[block.kind]
        pdf.ln(4 if block.kind != "h1" else 0)
        _write(pdf, block.runs, size, bold=True)
        pdf.ln(1.5)
    elif block.kind == "para":
        _write(pdf, block.runs, 10)
        pdf.ln(2)
    elif block.kind == "note":
        _write(pdf, block.runs, 10, color=MUTED)
        pdf.ln(2)
    elif block.kind == "bullet":
        margin = pdf.l_margin
        pdf.set_x(margin + 3 + 5 * block.level)
        pdf.set_font(FONT, "", 10)
        pdf.write(5, "–  " if block.level else "•  ")
        pdf.set_left_margin(pdf.get_x())  # wrapped lines keep the indent
        _write(pdf, block.runs, 10)
        pdf.set_left_margin(margin)
        pdf.ln(0.8)
    elif block.kind == "table":
        _table(pdf, block.rows)


def render_pdf(markdown: str, charts: dict[str, bytes], *, now: datetime) -> bytes:
    """The PDF of a report's Markdown with PNG charts ({name.png: bytes}) in a closing section."""
    blocks = parse_report(markdown)
    title = "".join(t for t, _ in blocks[0].runs) if blocks and blocks[0].kind == "h1" else "Ergebnisbericht"
    pdf = _new_document(title, now)
    for block in blocks:
        _draw(pdf, block)
    if charts:
        _draw(pdf, Block("h2", (("Diagramme", False),)))
        for name, png in charts.items():
            label = CHART_TITLES.get(name.removesuffix(".png"), name)
            pdf.image(io.BytesIO(png), w=pdf.epw, alt_text=label)
            pdf.ln(4)
    return bytes(pdf.output())


def report_pdf(session: Session, *, workshop_id: int, now: datetime) -> bytes:
    """The workshop's results report as PDF (no personal data, like the Markdown report)."""
    markdown = report_markdown(session, workshop_id=workshop_id, now=now)
    charts = chart_images(session, workshop_id=workshop_id, fmt="png")
    return render_pdf(markdown, charts, now=now)
