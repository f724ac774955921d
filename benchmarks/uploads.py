"""Time and peak memory of reading hostile and large uploads (issue 12).

    python -m benchmarks.uploads

Each file is read in a fresh subprocess, so its peak RSS is its own. Prints one line
per file: size, outcome (rows loaded or the refusal's code), seconds, peak RSS.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl

from tests.malformed_files import VACANCY_COLUMNS, cells_of, make_rows, to_csv, to_xlsx

_CHILD = r"""
import json, sys, time
from matcher.errors import FileFormatError
from matcher.loaders import load_records

def hwm():  # this process's own peak RSS in MB (ru_maxrss would include the parent's)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024

path = sys.argv[1]
base = hwm()
t = time.perf_counter()
try:
    report = load_records(path, "vacancy")
    outcome = f"{len(report.records)} rows loaded, {len(report.bad_rows)} reported"
except FileFormatError as exc:
    outcome = "refused: " + exc.message.code
seconds = time.perf_counter() - t
print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": hwm(), "base_mb": base}))
"""


def _row_1048576() -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(VACANCY_COLUMNS)
    ws.cell(row=1_048_576, column=1, value="x")
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _padded_bomb(unpacked_mb: int) -> bytes:
    """A workbook whose sheet ends in ``unpacked_mb`` MB of blanks: deflated, a few hundred kB."""
    base = to_xlsx([("Data", VACANCY_COLUMNS, [], "visible")])
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body += b" " * (unpacked_mb * 1024 * 1024)
            dst.writestr(info.filename, body)
    return out.getvalue()


def _zip_bomb(unpacked_mb: int) -> bytes:
    """A workbook whose sheet is ``unpacked_mb`` MB of empty styled cells."""
    rows = max(1, unpacked_mb * 1024 * 1024 // 2200)
    row_xml = "".join(f'<c r="{c}{{r}}" s="0"/>' for c in ("A", "B", "C", "D", "E"))
    parts = [b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><sheetData>']  # fmt: skip
    for r in range(1, rows + 1):
        parts.append(f'<row r="{r}">{row_xml.format(r=r) * 20}</row>'.encode())
    parts.append(b"</sheetData></worksheet>")
    base = to_xlsx([("Data", VACANCY_COLUMNS, [], "visible")])
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            body = (
                b"".join(parts) if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            )
            dst.writestr(info.filename, body)
    return out.getvalue()


def files() -> dict[str, bytes]:
    import random

    rng = random.Random(0)
    rows = make_rows(rng, "vacancy", 20_000)
    body = [cells_of(r, VACANCY_COLUMNS) for r in rows]
    return {
        "row_1048576.xlsx": _row_1048576(),
        "zip_bomb_446mb.xlsx": _padded_bomb(446),
        "cells_45mb_under_the_cap.xlsx": _zip_bomb(45),
        "rows_20000.csv": to_csv(VACANCY_COLUMNS, body),
        "rows_20000.xlsx": to_xlsx([("Data", VACANCY_COLUMNS, body, "visible")]),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in files().items():
            path = Path(tmp) / name
            path.write_bytes(data)
            out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], check=True,
                                 capture_output=True, text=True)  # fmt: skip
            r = json.loads(out.stdout)
            print(f"{name:30s} {len(data) / 1e6:5.2f} MB  {r['outcome']:36s} "
                  f"{r['seconds']:6.2f} s  peak RSS {r['peak_mb']:5.0f} MB "
                  f"(after imports {r['base_mb']:.0f} MB)")  # fmt: skip


if __name__ == "__main__":
    main()
