"""Exports and texts that must hold on a plain Debian server: PNG text, XLSX cells, German order, clean Markdown,
non-existent local times, internationalised addresses."""

from __future__ import annotations

import io
import tomllib
from datetime import date

import pandas as pd
import pytest
import vl_convert as vlc
from openpyxl import load_workbook
from PIL import Image

from werkstatt.registration.applicant import normalize_email
from werkstatt.results.charts import INK, bar_chart
from werkstatt.results.report import with_export_font
from werkstatt.series.file import BUNDLED_SERIES, parse_series
from werkstatt.series.reader import SeriesFileError
from werkstatt.text.collation import german_sorted
from werkstatt.text.markdown import escape_md_text
from werkstatt.text.tabular import xlsx_bytes


def ink_pixels(png: bytes) -> int:
    """Pixels in the chart's text colour (bars use another colour): text was drawn."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    target = tuple(int(INK[i : i + 2], 16) for i in (1, 3, 5))
    return sum(1 for px in image.getdata() if all(abs(a - b) <= 40 for a, b in zip(px, target, strict=True)))


def test_png_chart_has_text_in_the_label_area() -> None:
    frame = pd.DataFrame({"Kategorie": ["Transparenz-Hürde", "Gelingensfaktor"], "Beiträge": [3, 1]})
    spec = bar_chart(frame, "Kategorie", "Beiträge", title="Beiträge je Kategorie").properties(width=400).to_dict()
    png = vlc.vegalite_to_png(with_export_font(spec), scale=1)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    label_area = image.crop((0, 30, image.width // 3, image.height))  # left: the y-axis labels
    buffer = io.BytesIO()
    label_area.save(buffer, format="PNG")
    assert ink_pixels(buffer.getvalue()) > 50


def test_xlsx_cell_holds_the_plain_text_as_a_string() -> None:
    frame = pd.DataFrame({"Telefon": ["+49 2041 70-0"], "Name": ["-Verein e. V."]})
    sheet = load_workbook(io.BytesIO(xlsx_bytes(frame))).active
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("+49 2041 70-0", "s")
    assert sheet["B2"].value == "-Verein e. V."


def test_german_collation() -> None:
    assert german_sorted(["Bürger", "Brückner", "Bäcker", "Becker"]) == ["Bäcker", "Becker", "Brückner", "Bürger"]


def test_markdown_escaping_is_minimal_but_safe() -> None:
    assert escape_md_text("Bottrop 2018+ – Start-ups.") == "Bottrop 2018+ – Start-ups."
    assert escape_md_text("**fett** [x](http://e.vil) <img>") == r"\*\*fett\*\* \[x\](http://e.vil) \<img\>"
    assert escape_md_text("# Titel\n- Liste\n1. eins") == "\\# Titel  \n\\- Liste  \n\\1. eins"
    assert escape_md_text("A & B &amp; &#60;") == r"A & B \&amp; \&#60;"  # an entity stays text


def test_a_time_the_clock_skips_is_refused() -> None:
    raw = tomllib.loads(BUNDLED_SERIES.read_text(encoding="utf-8"))
    raw["workshops"][0]["date"] = date(2026, 3, 29)
    raw["workshops"][0]["start"] = "02:30"
    raw["workshops"][0]["end"] = "04:00"
    raw["workshops"][0]["agenda"] = [{"start": "02:30", "kind": "welcome", "title": "Begrüßung"}]
    with pytest.raises(SeriesFileError, match=r"29\.03\.2026 02:30 gibt es in der Zeitzone Europe/Berlin nicht"):
        parse_series(raw, "stadt.toml")


def test_internationalised_address_is_accepted() -> None:
    assert normalize_email("jürgen.müller@beispiel.de") == "jürgen.müller@beispiel.de"
