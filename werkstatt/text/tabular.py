"""CSV and XLSX downloads that are safe to open in a spreadsheet (CSV: apostrophe; XLSX: string cells)."""

from __future__ import annotations

import io

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula (CSV injection) with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.map(neutralize_cell)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Semicolon CSV with BOM and CRLF: a German Excel opens it with umlauts and columns intact."""
    return safe_frame(frame).to_csv(index=False, sep=";", lineterminator="\r\n").encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "Daten") -> bytes:
    """Excel file whose text cells hold exactly the text: formula safety comes from the cell type
    (a string cell is never evaluated), so "+49 2041 70-0" reads as typed, without an apostrophe."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet[:31])
        worksheet = writer.sheets[sheet[:31]]
        for row in worksheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl typed "=..." as a formula; a string it stays
        for column in worksheet.columns:  # readable widths
            width = max(len(str(c.value or "")) for c in column)
            worksheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 50)
    return buffer.getvalue()
