"""A seeded workshop: the report reads correctly, publication shows every contribution's path."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.seed_data import seed_workshop
from werkstatt.errors import WerkstattError
from werkstatt.results.publication import publish, published_workshops, set_next_step
from werkstatt.results.report import chart_images, contributions_frame, report_markdown
from werkstatt.text.tabular import csv_bytes, xlsx_bytes


@pytest.fixture
def seeded(session_factory, bottrop) -> dict:
    return seed_workshop(session_factory, bottrop[2], actor="mod")


def test_report_reads_correctly(session_factory, seeded) -> None:
    ids = seeded["ids"]
    with session_factory() as s:
        text = report_markdown(s, workshop_id=seeded["wid"], now=seeded["now"])
    assert text.startswith("# Ergebnisbericht: Werkstatt 2")
    assert "Dienstag, 14. September 2021, 10:00–12:00 Uhr" in text
    # agenda as run: welcome 10:00-10:17 (planned 15 min), research skipped ahead by the jump
    assert "| 10:00 | 10:00–10:17 | Begrüßung und Vorstellungsrunde | 15 min | 17 min |" in text
    assert "| 11:00 | ab 11:02 | Gruppendiskussion – Woran scheitert Transparenz? | 30 min | läuft |" in text
    assert "- Live beigetreten (Mitmachen): 2" in text
    assert "## Beiträge: 2 gezählt, 2 Punkte vergeben" in text  # merged and hidden count nowhere
    assert (
        f"- **#{ids['a']}** · 2 Punkte · Ergebnisse werden nicht zurückgemeldet"
        f" (Thema: Rückmeldung; enthält #{ids['b']})" in text
    )
    assert "Keine Rückmeldung zu Ergebnissen" not in text
    assert "kaufen" not in text
    assert "- Ausgeblendet: 1\n  - Werbung: 1" in text
    assert f"· #{ids['d']} ausgeblendet (Werbung)" in text  # the moderation log, without staff names
    assert "· mod" not in text and "seedorga" not in text
    assert "Die Stadt legt im Herbst ein Konzept vor." in text  # clean Markdown, no over-escaping
    assert "Bottrop 2018+ ·" in text


def test_exports_neutralise_formulas_and_carry_no_personal_data(session_factory, seeded) -> None:
    with session_factory() as s:
        frame = contributions_frame(s, workshop_id=seeded["wid"])
        images = chart_images(s, workshop_id=seeded["wid"], fmt="svg")
    csv = csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and ";=HYPERLINK" not in csv
    sheet = load_workbook(__import__("io").BytesIO(xlsx_bytes(frame))).active
    cells = {c.value: c.data_type for row in sheet.iter_rows() for c in row}
    assert cells['=HYPERLINK("x") Offene Daten'] == "s"  # the plain text, in a string cell (never a formula)
    assert "Werbung" not in csv and "@" not in csv
    assert images["kategorien.svg"].startswith(b"<svg") and b"Transparenz-H" in images["kategorien.svg"]


def test_publication_shows_paths_and_refuses_twice(session_factory, seeded) -> None:
    wid, ids = seeded["wid"], seeded["ids"]
    with session_factory() as s:
        assert published_workshops(s) == []
    with session_factory.begin() as s:
        publish(s, workshop_id=wid, actor="seedorga", now=seeded["now"])
    with pytest.raises(WerkstattError, match="bereits veröffentlicht"), session_factory.begin() as s:
        publish(s, workshop_id=wid, actor="seedorga", now=seeded["now"])
    with session_factory() as s:
        (pub,) = published_workshops(s)
    assert [c.id for c in pub.contributions] == [ids["a"], ids["c"]]
    first = pub.contributions[0]
    assert first.path == (
        "eingegangen",
        "auf der Beitragswand gezeigt",
        f"Doppelungen zusammengeführt: #{ids['b']}",
        "dem Thema „Rückmeldung“ zugeordnet",
        "im Fazit hervorgehoben (Platz 1)",
    )
    assert first.next_step == "Die Stadt legt im Herbst ein Konzept vor."
    assert pub.moderation.hidden == 1 and pub.moderation.reasons == [("Werbung", 1)]


def test_next_step_note_limits(session_factory, seeded) -> None:
    with pytest.raises(WerkstattError, match="zu lang"), session_factory.begin() as s:
        set_next_step(s, workshop_id=seeded["wid"], theme_id=None, text="x" * 2001, actor="seedorga", now=seeded["now"])
    with pytest.raises(WerkstattError, match="Thema gibt es"), session_factory.begin() as s:
        set_next_step(s, workshop_id=seeded["wid"], theme_id=9999, text="ok", actor="seedorga", now=seeded["now"])
