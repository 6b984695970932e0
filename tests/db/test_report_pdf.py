"""The report as PDF: it opens, says what the Markdown report says (umlauts intact), shows the charts as images."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from tests.seed_data import seed_workshop
from werkstatt.results.report import report_markdown
from werkstatt.results.report_pdf import parse_report, report_pdf
from werkstatt.session.contributions import post
from werkstatt.session.participants import join

PAYLOAD = "**fett** <script>alert(1)</script> | _schräg_ [Link](x) #1 &amp; Straße"


@pytest.fixture
def seeded(session_factory, bottrop) -> dict:
    data = seed_workshop(session_factory, bottrop[2], actor="mod")
    with session_factory.begin() as s:
        token = join(s, code=data["code"], now=data["now"])
        post(s, token=token, category="barrier", text=PAYLOAD, now=data["now"])
    return data


def pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_pdf_report_has_the_texts_umlauts_and_charts(session_factory, seeded) -> None:
    with session_factory() as s:
        pdf = report_pdf(s, workshop_id=seeded["wid"], now=seeded["now"])
        markdown = report_markdown(s, workshop_id=seeded["wid"], now=seeded["now"])
    assert pdf.startswith(b"%PDF-")
    reader, text = pdf_text(pdf)
    words = flat(text)
    assert reader.metadata is not None and reader.metadata.title == "Ergebnisbericht: Werkstatt 2"
    assert "Ergebnisbericht: Werkstatt 2" in words
    assert "Transparenz in Beteiligungsprozessen" in words  # the workshop's title from the series file
    assert "Dienstag, 14. September 2021, 10:00–12:00 Uhr" in words
    assert "Begrüßung und Vorstellungsrunde" in words and "Bestätigte Anmeldungen" in words
    assert "Ergebnisse werden nicht zurückgemeldet" in words  # a contributed text
    assert "Die Stadt legt im Herbst ein Konzept vor." in words
    assert "Wie geht es weiter?" in words and "Rückmeldung" in words
    images = [img for page in reader.pages for img in page.images]
    assert len(images) >= 3  # categories, terms, timeline
    assert "Diagramme" in words
    # nothing personal, as in the Markdown: no staff account names
    assert "seedorga" not in words and " mod " not in f" {words} " and "mod" not in markdown.split("Moderation")[0]


def test_participant_text_appears_literally(session_factory, seeded) -> None:
    with session_factory() as s:
        pdf = report_pdf(s, workshop_id=seeded["wid"], now=seeded["now"])
    _, text = pdf_text(pdf)
    assert flat(PAYLOAD) in flat(text)
    assert '=HYPERLINK("x") Offene Daten' in flat(text)


def test_the_pdf_reads_every_construct_of_the_markdown(session_factory, seeded) -> None:
    with session_factory() as s:
        blocks = parse_report(report_markdown(s, workshop_id=seeded["wid"], now=seeded["now"]))
    kinds = {b.kind for b in blocks}
    assert {"h1", "h2", "h3", "para", "note", "bullet", "table"} <= kinds
    agenda = next(b for b in blocks if b.kind == "table")
    assert agenda.rows[0] == ("Geplant", "Tatsächlich", "Programmpunkt", "Dauer geplant", "Dauer tatsächlich")
    assert ("10:00", "10:00–10:17", "Begrüßung und Vorstellungsrunde", "15 min", "17 min") in agenda.rows
    payload = next(b for b in blocks if b.kind == "bullet" and PAYLOAD[:8] in "".join(t for t, _ in b.runs))
    assert payload.runs[0][1] is True  # "#N" is the report's own bold
    assert "".join(t for t, _ in payload.runs).endswith(PAYLOAD)
    assert not any(bold for t, bold in payload.runs if "fett" in t)  # the participant's ** stays text


def test_a_workshop_without_input_still_gives_a_pdf(session_factory, bottrop) -> None:
    with session_factory() as s:
        pdf = report_pdf(s, workshop_id=bottrop[1], now=datetime(2021, 7, 1, tzinfo=UTC))
    _, text = pdf_text(pdf)
    assert "Wie binde ich Unternehmen in die Arbeit der Wirtschaftsförderung ein?" in flat(text)
    assert "Der Timer wurde für diese Werkstatt nicht gestartet" in flat(text)
