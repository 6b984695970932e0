"""CSV and XLSX downloads that are safe to open in a spreadsheet."""

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
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
        for column in writer.sheets[sheet[:31]].columns:  # readable widths
            width = max(len(str(c.value or "")) for c in column)
            writer.sheets[sheet[:31]].column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 50)
    return buffer.getvalue()
