"""No personal data in anything that leaves the organizer's lists: report, exports, charts, the public results.

The seed has what real people type: names, e-mail addresses, phone numbers, display names.
"""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from tests.seed_data import seed_personal_data, seed_workshop
from werkstatt.results.publication import publish, published_workshops
from werkstatt.results.report import chart_images, contributions_frame, report_markdown
from werkstatt.text.tabular import csv_bytes, xlsx_bytes

PHONE = re.compile(r"\d{3,5}[ /-]?\d{3,}")


@pytest.fixture
def seeded(session_factory, bottrop) -> tuple[dict, list[str]]:
    data = seed_workshop(session_factory, bottrop[2], actor="mod")
    return data, seed_personal_data(session_factory, data)


def _assert_nothing_personal(text: str, personal: list[str], where: str) -> None:
    for value in personal:
        assert value not in text, f"{where} enthält „{value}“"
    assert "@" not in text, where
    assert not PHONE.search(text), where


def test_report_names_no_person(session_factory, seeded) -> None:
    data, personal = seeded
    with session_factory() as s:
        report = report_markdown(s, workshop_id=data["wid"], now=data["now"])
    assert "Zu wenig Rückmeldung, Punkt 1" in report  # the posts of named participants are there ...
    assert "- Bestätigte Anmeldungen: 2 von 20 Plätzen" in report
    _assert_nothing_personal(report, personal, "Bericht")  # ... but not who wrote them


def test_exports_and_charts_name_no_person(session_factory, seeded) -> None:
    data, personal = seeded
    with session_factory() as s:
        frame = contributions_frame(s, workshop_id=data["wid"])
        images = chart_images(s, workshop_id=data["wid"], fmt="svg")
    assert list(frame.columns) == ["Nr", "Kategorie", "Beitrag", "Punkte", "Thema", "Zusammengeführt", "Weg"]
    assert len(frame) == 4
    _assert_nothing_personal(csv_bytes(frame).decode("utf-8-sig"), personal, "CSV")
    sheet = load_workbook(io.BytesIO(xlsx_bytes(frame))).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    _assert_nothing_personal(cells, personal, "XLSX")
    for name, svg in images.items():
        for value in personal:
            assert value.encode() not in svg, name


def test_published_results_name_no_person(session_factory, seeded) -> None:
    data, personal = seeded
    with session_factory.begin() as s:
        publish(s, workshop_id=data["wid"], actor=data["orga"], now=data["now"])
    with session_factory() as s:
        (pub,) = published_workshops(s)
    assert len(pub.contributions) == 4
    _assert_nothing_personal(repr(pub), personal, "Veröffentlichung")
