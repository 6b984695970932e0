"""Pure parts of registration: CSV parsing, formula neutralisation, input cleaning."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from werkstatt.errors import WerkstattError
from werkstatt.registration.applicant import clean_line, normalize_email
from werkstatt.registration.csv_io import decode, parse_csv, to_csv, to_xlsx
from werkstatt.text.tabular import neutralize_cell as neutralize

GOOD = (
    "Vorname;Nachname;E-Mail;Organisation;Gruppe;Werkstatt\n"
    "Anna;Müller;anna@beispiel.de;Stadt Bottrop;Verwaltung;1\n"
    "Ben;Schulz;ben@beispiel.de;;Wirtschaft;1, 3\n"
)


def test_parse_semicolon_file_with_several_workshops() -> None:
    rows, errors = parse_csv(GOOD)
    assert errors == []
    assert [(r.line, r.applicant.first_name, r.workshop_numbers) for r in rows] == [
        (2, "Anna", (1,)),
        (3, "Ben", (1, 3)),
    ]


def test_parse_comma_file_with_aliases_and_bom() -> None:
    text = "\ufeffvorname,nachname,email,werkstatt\nAnna,Müller,anna@beispiel.de,2\n"
    rows, errors = parse_csv(text)
    assert errors == [] and rows[0].workshop_numbers == (2,) and rows[0].applicant.email == "anna@beispiel.de"


def test_bad_rows_get_their_line_number_and_a_reason() -> None:
    text = GOOD + "\nCarla;Kurz;carla@beispiel.de\nDora;Dorn;dora@beispiel.de;;;keine\n"
    rows, errors = parse_csv(text)
    assert len(rows) == 2
    assert errors == [
        (5, "3 statt 6 Spalten (Trennzeichen „;“)"),
        (6, "keine Werkstatt-Nummer in der Spalte „Werkstatt“"),
    ]


def test_missing_columns_refuse_the_file_in_german() -> None:
    with pytest.raises(WerkstattError, match="Es fehlen Spalten: E-mail, Werkstatt"):
        parse_csv("Vorname;Nachname\nA;B\n")
    with pytest.raises(WerkstattError, match="leer"):
        parse_csv("")


def test_excel_windows_1252_file_is_read() -> None:
    assert decode("Müller".encode("cp1252")) == "Müller"
    assert decode("\ufeffMüller".encode()) == "Müller"


@pytest.mark.parametrize("cell", ["=1+1", "+49 201", "-SUM(A1)", "@cmd", "\t=x", '=HYPERLINK("http://x")'])
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert neutralize(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Anna", "", 3, "a=b", "Stadt-Bottrop"])
def test_ordinary_cells_stay(cell) -> None:
    assert neutralize(cell) == cell


def test_exports_neutralise_formulas_in_csv_and_xlsx() -> None:
    rows = [{"Vorname": "=cmd|' /C calc'!A0", "Nachname": "Müller", "E-Mail": "a@b.de"}]
    text = to_csv(rows).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert parsed[1][2] == "'=cmd|' /C calc'!A0" and parsed[1][3] == "Müller"
    sheet = load_workbook(io.BytesIO(to_xlsx(rows))).active
    assert (sheet["C2"].value, sheet["C2"].data_type) == ("=cmd|' /C calc'!A0", "s")  # text, never a formula
    assert sheet["C2"].data_type == "s"  # a string, not a formula


def test_clean_line_and_email() -> None:
    assert clean_line("  Anna\x00\r\n  Maria\u202e ") == "Anna Maria"
    assert normalize_email(" Anna.Mueller@Beispiel.DE ") == "anna.mueller@beispiel.de"
    with pytest.raises(WerkstattError, match="ungültig"):
        normalize_email("anna@")
    with pytest.raises(WerkstattError, match="E-Mail-Adresse an"):
        normalize_email("   ")
