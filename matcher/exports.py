"""Spreadsheet exports that cannot run formulas: the one writer every download uses.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
by Excel and LibreOffice as a formula (CSV injection, OWASP). Such text cells get a
leading single quote, which spreadsheets show as plain text. Numbers stay numbers.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

__all__ = ["FORMULA_PREFIXES", "safe_cell", "safe_frame", "to_csv_bytes", "to_xlsx_bytes"]


def safe_cell(value: Any) -> Any:
    """``value`` made safe for a spreadsheet: text that could start a formula is quoted.

    Examples
    --------
    >>> safe_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> safe_cell(-5)
    -5
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def safe_frame(rows: pd.DataFrame | Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A copy of ``rows`` (a frame or dicts) with every cell passed through :func:`safe_cell`;
    column names are made safe too."""
    frame = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    frame.columns = [safe_cell(str(c)) for c in frame.columns]
    return frame.apply(lambda col: col.map(safe_cell)).astype(object)


def to_csv_bytes(rows: pd.DataFrame | Sequence[Mapping[str, Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel on Windows reads the accents right."""
    return safe_frame(rows).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(
    rows: pd.DataFrame | Sequence[Mapping[str, Any]], sheet_name: str = "data"
) -> bytes:
    """An .xlsx workbook with one sheet; text cells are stored as text, never formulas."""
    buffer = io.BytesIO()
    frame = safe_frame(rows)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet_name[:31] or "data")
        sheet = writer.sheets[sheet_name[:31] or "data"]
        for row in sheet.iter_rows(min_row=1):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never "f", whatever the text looks like
    return buffer.getvalue()
