"""Read an uploaded CSV or .xlsx into header + rows, safely, before any validation.

Every way a file can be unreadable ends in a :class:`~matcher.errors.FileFormatError`
whose message is a :class:`~matcher.errors.Message` (code + parameters, so the app can
translate it); no pandas or openpyxl exception leaves this module. Limits are checked
before the expensive work, so a small file cannot make the server parse for minutes:

* ``MAX_UPLOAD_BYTES`` (5 MB) on the file as sent;
* ``MAX_UNPACKED_BYTES`` (50 MB) on the sum of an .xlsx's zip members, read from the
  zip directory before openpyxl opens anything (a 1.8 MB zip bomb unpacks to 446 MB);
* ``MAX_CELLS`` on the cells of every sheet, counted in its XML before openpyxl opens
  the workbook (openpyxl scans a sheet without a ``<dimension>`` when it opens it);
* ``MAX_ROWS`` (20,000 rows below the header) and ``MAX_COLUMNS`` (200) on cells that
  hold a value, checked while streaming in openpyxl's read-only mode (one cell at row
  1,048,576 is refused, not expanded into a million rows).

Row numbers are the ones a spreadsheet shows: a blank line is still a row, and a
quoted cell spanning several lines is one row.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import warnings as _warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from matcher.errors import FileFormatError, Message, RowProblem

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A real 5 MB workbook unpacks to 25-40 MB of XML (about 8x); 50 MB leaves room for that
# and refuses zip bombs, whose ratio is 100x and more.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# 20,000 rows is 60 times the sample's 320 jobseekers and a whole year of a kelurahan
# hub's registrations; encoding 1,000 uploaded vacancies takes about 11 s, so 20,000 is
# already minutes of work for one upload.
MAX_ROWS = 20_000
# The widest schema (jobseeker) has 18 columns, but a KoboToolbox export carries its
# metadata too (the bundled sample has 74 columns); 200 is room for both.
MAX_COLUMNS = 200
# Cells a sheet may hold, values or not (styled empty cells count too): 20,000 rows of
# 60 cells. Counted in the sheet's XML before parsing: openpyxl needs several seconds
# per million cells, so a cap after parsing would come too late.
MAX_CELLS = 1_200_000

DELIMITERS = (",", ";", "\t", "|")
_EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_TEXT_SUFFIXES = (".csv", ".txt", ".tsv", "")


@dataclass
class Table:
    """A file's header and data rows, as text (CSV) or typed cells (Excel)."""

    file: str
    header_row: int  # spreadsheet row number of the header
    columns: list[str]  # header cells as written ("" where a header cell is empty)
    rows: list[tuple[int, list[object]]]  # (spreadsheet row number, cells); blank rows left out
    warnings: list[str] = field(default_factory=list)
    # Formula cells without a saved result, as (row number, column index); the value read
    # is empty, which must not pass for an empty cell.
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    problems: list[RowProblem] = field(default_factory=list)  # rows that cannot be trusted
    sheet: str | None = None
    sheets: tuple[str, ...] = ()


def _error(file: str, text: str, code: str, **params: object) -> FileFormatError:
    return FileFormatError(file, Message(text, code, **params))


def read(path: str | Path, data: bytes | None = None, *, sheet: str | None = None) -> Table:
    """Read a CSV/TSV/.xlsx file (``data``: uploaded bytes; ``path`` then only names it).

    ``sheet`` picks a workbook's sheet by name; by default the first visible one is read
    and a warning names the others.
    """
    name = Path(str(path)).name
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise _error(name, f"cannot be read ({exc.strerror})", "file_unreadable",
                         reason=exc.strerror or "") from None  # fmt: skip
    if len(data) > MAX_UPLOAD_BYTES:
        mb = len(data) / 1e6
        raise _error(name, f"is {mb:.1f} MB; files up to {MAX_UPLOAD_BYTES / 1e6:.0f} MB",
                     "file_too_big", mb=round(mb, 1), max_mb=round(MAX_UPLOAD_BYTES / 1e6))  # fmt: skip
    suffix = Path(name).suffix.lower()
    if suffix not in _EXCEL_SUFFIXES + _TEXT_SUFFIXES:
        raise _error(name, f"has type {suffix!r}; allowed: .csv, .xlsx", "file_type",
                     suffix=suffix)  # fmt: skip
    if not data.strip(b" \t\r\n\x00"):
        raise _error(name, "is empty; expected a header row and one row per record",
                     "file_empty")  # fmt: skip
    is_zip = data[:4] == b"PK\x03\x04"
    try:
        if suffix in _EXCEL_SUFFIXES or is_zip:
            table = _read_xlsx(name, data, sheet)
            if suffix not in _EXCEL_SUFFIXES:
                table.warnings.append(Message(
                    f"this is an Excel workbook named {suffix or 'without a suffix'}; read as .xlsx",
                    "xlsx_renamed"))  # fmt: skip
            return table
        return _read_text(name, data)
    except FileFormatError:
        raise
    except Exception as exc:  # noqa: BLE001 - the last guard: never a traceback on a page
        log.exception("unexpected error reading %s", name)
        raise _error(name, f"could not be read ({type(exc).__name__})", "file_unexpected",
                     reason=type(exc).__name__) from None  # fmt: skip


# ------------------------------------------------------------------ CSV / text


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (with or without BOM), UTF-16/32 with a BOM,
    UTF-16 without one (recognised by its zero bytes), else Windows-1252."""
    for bom, encoding in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                          (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
                          (b"\xef\xbb\xbf", "utf-8-sig")):  # fmt: skip
        if data.startswith(bom):
            width = 4 if encoding == "utf-32" else 2 if encoding == "utf-16" else 1
            try:  # a file cut short ends in half a character: that row is cut anyway
                return data[: len(data) - len(data) % width].decode(encoding), encoding
            except UnicodeDecodeError:
                break
    sample = data[:4096]
    if len(sample) >= 4 and len(sample) % 2 == 0 or len(data) >= 4096:
        odd, even = sample[1::2], sample[0::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
            try:
                return data.decode("utf-16-le"), "utf-16-le"
            except UnicodeDecodeError:
                pass
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
            try:
                return data.decode("utf-16-be"), "utf-16-be"
            except UnicodeDecodeError:
                pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Excel on Indonesian Windows exports Windows-1252; it decodes every byte but five.
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_BINARY_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def _read_text(name: str, data: bytes) -> Table:
    text, encoding = decode(data)
    warnings: list[str] = []
    if encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(Message(f"read as {encoding} (not UTF-8)", "encoding", encoding=encoding))
    head = text[:65536]
    if head.startswith("%PDF") or len(_BINARY_CONTROL.findall(head)) > max(8, len(head) // 100):
        raise _error(name, "is not a text (CSV) file; save the sheet as CSV or .xlsx",
                     "file_binary")  # fmt: skip
    delimiter = sniff_delimiter(text)
    header_row, columns, rows, problems = _csv_rows(name, text, delimiter, strict=True)
    if len(columns) > MAX_COLUMNS:
        raise _too_many_columns(name, len(columns))
    return Table(name, header_row, columns, rows, warnings, problems=problems)


def _csv_rows(name: str, text: str, delimiter: str, *, strict: bool):
    """(header row number, header, data rows), numbered as a spreadsheet shows them."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    header_row, columns = 0, None
    rows: list[tuple[int, list[object]]] = []
    problems: list[RowProblem] = []
    number = 0
    stray_quote = False
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                raise _error(
                    name,
                    f'a quote (") opened on row {number} is never closed, so the rows from '
                    "there on cannot be told apart; close the quote or remove it",
                    "unclosed_quote",
                    row=number,
                ) from None
            # A stray quote inside a cell (`5" TV`) stops strict mode; a spreadsheet reads
            # it as text. Strict reading goes on only to find a quote left open.
            stray_quote = True
            continue
        if not any(c.strip() for c in cells):
            continue
        if columns is None:
            header_row, columns = number, [c.strip() for c in cells]
            continue
        if number > header_row + MAX_ROWS:
            raise _too_many_rows(name, number)
        rows.append((number, list(cells)))
        swallowed = _swallowed_lines(cells, delimiter, len(columns))
        if swallowed:
            problems.append(RowProblem(name, number, None, swallowed[0][:80], Message(
                f'a quote (") opened in this row closes only {swallowed[1]} line(s) later, so '
                "those lines were read as one cell; close the quote where the value ends",
                "quote_spans_rows", lines=swallowed[1])))  # fmt: skip
    if columns is None:
        raise _error(name, "is empty; expected a header row and one row per record",
                     "file_empty")  # fmt: skip
    if stray_quote and strict:
        return _csv_rows(name, text, delimiter, strict=False)
    return header_row, columns, rows, problems


def _swallowed_lines(cells: list[str], delimiter: str, width: int) -> tuple[str, int] | None:
    """A cell whose later lines look like whole rows of the file: a quote left open that
    a quote further down closed. Returns (the first such line, how many lines)."""
    if width < 4:
        return None
    for cell in cells:
        if "\n" not in cell and "\r" not in cell:
            continue
        lines = cell.splitlines()[1:]
        # A whole row has width - 1 separators; text with that many is rare enough.
        rowlike = [line for line in lines if line.count(delimiter) >= width - 2]
        if rowlike:
            return rowlike[0], len(lines)
    return None


def sniff_delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of , ; tab | outside quotes."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    outside = re.sub(r'"[^"]*"', "", first)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties keep the order above
    return best if counts[best] else ","


def _too_many_rows(name: str, row: int) -> FileFormatError:
    return _error(
        name,
        f"has data on row {row}; at most {MAX_ROWS:,} rows below the header are read "
        "(split the file, or delete stray cells far below the table)",
        "too_many_rows",
        row=row,
        max_rows=MAX_ROWS,
    )


def _too_many_columns(name: str, column: int) -> FileFormatError:
    from openpyxl.utils import get_column_letter

    return _error(
        name,
        f"has data in column {get_column_letter(column)} ({column}); at most {MAX_COLUMNS} "
        "columns are read (delete stray cells right of the table)",
        "too_many_columns",
        column=get_column_letter(column),
        max_columns=MAX_COLUMNS,
    )


# ------------------------------------------------------------------ Excel


def _read_xlsx(name: str, data: bytes, sheet: str | None) -> Table:
    not_excel = _error(name, "is not a readable Excel .xlsx file (save it again from Excel, "
                       "or as CSV)", "xlsx_unreadable")  # fmt: skip
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise not_excel from None
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _error(
            name,
            f"unpacks to {unpacked / 1e6:.0f} MB; at most {MAX_UNPACKED_BYTES / 1e6:.0f} MB "
            "(a workbook this large holds far more than the row limit, or is a zip bomb)",
            "xlsx_unpacked_too_big",
            mb=round(unpacked / 1e6),
            max_mb=round(MAX_UNPACKED_BYTES / 1e6),
        )
    import openpyxl

    book = None
    try:
        for m in members:
            if not m.filename.endswith((".xml", ".rels")):
                continue
            xml = archive.read(m)
            if b"<!DOCTYPE" in xml[:2048]:
                # Excel never writes a DTD; entity declarations are how XML bombs expand.
                raise not_excel
            # openpyxl scans a whole sheet on opening when it lacks a <dimension>, so cells
            # are counted in every sheet's XML first (a fast byte count).
            if m.filename.startswith("xl/worksheets/") and _cell_count(xml) > MAX_CELLS:
                raise _too_many_cells(name)
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")  # "extension not supported" and the like
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return _read_sheet(name, archive, book, sheet)
    except FileFormatError:
        raise
    except Exception as exc:  # noqa: BLE001 - zip, zlib, XML and openpyxl errors of a damaged file
        log.info("unreadable workbook %s: %s: %s", name, type(exc).__name__, exc)
        raise not_excel from None
    finally:
        if book is not None:
            book.close()


def _read_sheet(name: str, archive: zipfile.ZipFile, book, sheet: str | None) -> Table:
    worksheets = book.worksheets
    names = tuple(ws.title for ws in worksheets)
    hidden = [ws.title for ws in worksheets if ws.sheet_state != "visible"]
    warnings: list[str] = []
    if sheet is not None:
        by_name = {ws.title: ws for ws in worksheets}
        ws = by_name.get(sheet) or next(
            (w for w in worksheets if w.title.strip().casefold() == sheet.strip().casefold()),
            None,
        )
        if ws is None:
            raise _error(name, f"has no sheet {sheet!r}; its sheets: {', '.join(names)}",
                         "unknown_sheet", sheet=sheet, sheets=", ".join(names))  # fmt: skip
    else:
        ws = next((w for w in worksheets if w.sheet_state == "visible"), None)
        if ws is None:
            raise _error(name, "has no visible worksheet", "no_visible_sheet")
        if len(worksheets) > 1:
            others = ", ".join(n for n in names if n != ws.title)
            warnings.append(Message(
                f"the workbook has {len(worksheets)} sheets; read {ws.title!r} (the first "
                f"visible one), not: {others}. Choose another sheet by name if needed",
                "several_sheets", n=len(worksheets), sheet=ws.title, others=others))  # fmt: skip
    if hidden:
        listed = ", ".join(hidden)
        warnings.append(Message(
            f"hidden sheet(s) {listed}" + (" were not read" if ws.title not in hidden
                                           else f"; {ws.title!r} is hidden and was read as asked"),
            "hidden_sheets" if ws.title not in hidden else "hidden_sheet_read",
            sheets=listed, sheet=ws.title))  # fmt: skip
    xml = _sheet_xml(archive, ws)
    ws.reset_dimensions()  # a declared size is not trusted: the parser's cells are counted
    rows: list[tuple[int, list[object]]] = []
    header: list[object] | None = None
    header_row = 0
    cells_seen = 0
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells_seen += len(values) + 1
        if cells_seen > MAX_CELLS:
            raise _too_many_cells(name)
        last = _last_value(values)
        if last < 0:
            continue
        if last >= MAX_COLUMNS:
            raise _too_many_columns(name, last + 1)
        if header is None:
            header, header_row = list(values[: last + 1]), number
            continue
        if number > header_row + MAX_ROWS:
            raise _too_many_rows(name, number)
        rows.append((number, list(values[: last + 1])))
    if header is None:
        raise _error(name, f"sheet {ws.title!r} is empty; expected a header row and one row "
                     "per record", "sheet_empty", sheet=ws.title)  # fmt: skip
    columns = ["" if c is None else str(c).strip() for c in header]
    # Values right of the header are a column without a name (warned about by the
    # loader), not a row with too many cells: a workbook has no separator to misplace.
    widest = max((len(cells) for _, cells in rows), default=0)
    columns += [""] * (widest - len(columns))
    formulas = _formulas_without_value(xml)
    return Table(name, header_row, columns, rows, warnings, formulas,
                 sheet=ws.title, sheets=names)  # fmt: skip


def _last_value(values: tuple[object, ...]) -> int:
    for i in range(len(values) - 1, -1, -1):
        v = values[i]
        if v is not None and not (isinstance(v, str) and not v.strip()):
            return i
    return -1


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _cell_count(xml: bytes) -> int:
    return xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b":c ")


def _too_many_cells(name: str) -> FileFormatError:
    return _error(name, f"has more than {MAX_CELLS:,} cells (values or formatting); delete "
                  "unused rows and columns", "too_many_cells", max_cells=MAX_CELLS)  # fmt: skip


def _sheet_xml(archive: zipfile.ZipFile, ws) -> bytes:
    """The sheet's XML (at most ``MAX_UNPACKED_BYTES``, checked before)."""
    path = getattr(ws, "_worksheet_path", "") or ""
    try:
        return archive.read(path.lstrip("/"))
    except KeyError:
        return b""


def _formulas_without_value(xml: bytes) -> set[tuple[int, int]]:
    """Cells holding a formula but no saved result (files written by scripts, or saved
    with manual calculation): read with ``data_only`` they look empty."""
    from openpyxl.utils import column_index_from_string

    if b"<f" not in xml and b":f" not in xml:
        return set()
    found: set[tuple[int, int]] = set()
    for _, elem in ElementTree.iterparse(io.BytesIO(xml)):
        if elem.tag.rsplit("}", 1)[-1] != "c":
            continue
        children = {child.tag.rsplit("}", 1)[-1]: child for child in elem}
        if "f" in children and not (children.get("v") is not None and children["v"].text):
            match = _CELL_REF.fullmatch(elem.get("r", ""))
            if match:
                found.add((int(match[2]), column_index_from_string(match[1]) - 1))
        elem.clear()
    return found
