"""A seeded corpus of malformed vacancy and jobseeker files, built in memory.

:func:`corpus` returns a few hundred :class:`Case` objects: each holds a file's bytes
and what a correct reader must do with it. Rows are made from known values, so a test
can check that every row either loads with exactly those values or is reported, and
which rows must be reported. Nothing is written to the repository: a test writes the
files into ``tmp_path`` when it wants paths.

Kinds of files (each with several seeded variants): well-formed files in every
encoding, separator, line ending and BOM a spreadsheet writes; files with bad rows
(values past the database's limits, control characters, non-finite numbers, repeated
ids, zero-width characters, unquoted separators, formulas without a saved value,
phones stored as numbers); files that cannot be read at all (empty, binary, truncated
workbooks, zip bombs, a cell at row 1,048,576, an unclosed quote, duplicate columns);
and fuzzed files (random truncation, random bytes flipped) whose only promise is
no crash and no silent drop.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import openpyxl

KELURAHAN = ["Tanjung Barat", "Jagakarsa", "Lenteng Agung", "Srengseng Sawah", "Ciganjur",
             "Cipedak", "Pasar Minggu", "Kebagusan"]  # fmt: skip
TITLES = ["Kasir", "Penjahit", "Barista ☕", "Kurir motor", "Admin gudang", "Tukang las",
          "Asisten dapur", "Staf toko daring 🛍️", "Pramuniaga", "Café crew"]  # fmt: skip
EMPLOYERS = ["Toko Maju", "Café Senja", "Konveksi Ibu Rina", "Bengkel Jaya",
             "PT Sejahtera Abadi", "Warung Bu Tini"]  # fmt: skip
NAMES = ["Siti Aminah", "Budi Santoso", "Dewi Lestari", "Rina 🌸", "Agus Salim", "Nur Aini"]
SKILLS = ["menjahit; obras", "kasir; melayani pelanggan", "mengemudi motor", "las listrik",
          "memasak; tata boga", "Microsoft Excel; administrasi"]  # fmt: skip

VACANCY_COLUMNS = ["id", "employer", "title", "description", "required_skills", "kelurahan",
                   "work_type", "wage", "openings", "closing_date"]  # fmt: skip
JOBSEEKER_COLUMNS = ["id", "name", "phone", "age", "gender", "kelurahan", "education",
                     "segment", "skills", "max_travel_km", "experience"]  # fmt: skip


@dataclass
class Case:
    """One file and what a correct reader does with it.

    ``expected`` maps a spreadsheet row number to the values its record must have when
    it loads; ``must_fail`` rows must be reported. ``file_error`` True: the file must be
    refused as a whole (a code from ``error_codes``); False: it must not be; None: either.
    ``exact`` False (fuzzed files): rows may load or be reported, values are not checked.
    """

    name: str
    kind: str
    data: bytes
    expected: dict[int, dict[str, object]] = field(default_factory=dict)
    must_fail: set[int] = field(default_factory=set)
    file_error: bool | None = False
    error_codes: tuple[str, ...] = ()
    warning_codes: tuple[str, ...] = ()
    exact: bool = True
    sheet: str | None = None
    open_rows: set[int] = field(default_factory=set)  # may load or be reported (a cut row)


# ------------------------------------------------------------------ known rows


def vacancy_row(rng: random.Random, n: int, *, cp1252: bool = False) -> dict[str, object]:
    """Cells as written, and the values the record must get (``_expect``)."""
    title = rng.choice([t for t in TITLES if not cp1252 or t.isascii() or "é" in t])
    employer = rng.choice(EMPLOYERS)
    wage = rng.randrange(1_000_000, 9_000_000, 50_000)
    desc = rng.choice(["Melayani pembeli, menata rak", "Shift pagi; seragam disediakan",
                       'Bisa "lembur" bila perlu', "Pengalaman 1 tahun, jujur"])  # fmt: skip
    skills = rng.choice(SKILLS)
    kel = rng.choice(KELURAHAN)
    cells = {
        "id": f"JV-{n:04d}", "employer": employer, "title": title, "description": desc,
        "required_skills": skills, "kelurahan": kel, "work_type": "penuh_waktu",
        "wage": str(wage), "openings": str(rng.randint(1, 5)), "closing_date": "31/12/2027",
    }  # fmt: skip
    cells["_expect"] = {
        "id": cells["id"], "employer": employer, "title": title, "description": desc,
        "wage": wage, "kelurahan": kel,
        "required_skills": tuple(s.strip() for s in skills.split(";")),
    }  # fmt: skip
    return cells


def jobseeker_row(rng: random.Random, n: int, *, cp1252: bool = False) -> dict[str, object]:
    name = rng.choice([m for m in NAMES if not cp1252 or m.isascii()])
    phone = f"0812-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
    age = rng.randint(17, 45)
    km = rng.choice([2.5, 5.0, 7.5, 10.0, 12.0])
    skills = rng.choice(SKILLS)
    kel = rng.choice(KELURAHAN)
    cells = {
        "id": f"JS-{n:04d}", "name": name, "phone": phone, "age": str(age),
        "gender": rng.choice(["P", "L"]), "kelurahan": kel, "education": "SMA",
        "segment": "pemuda", "skills": skills, "max_travel_km": str(km),
        "experience": "2 tahun, jaga toko",
    }  # fmt: skip
    cells["_expect"] = {
        "id": cells["id"], "name": name, "phone": phone, "age": age, "kelurahan": kel,
        "max_travel_km": km, "skills": tuple(s.strip() for s in skills.split(";")),
    }  # fmt: skip
    return cells


def columns_of(kind: str) -> list[str]:
    return VACANCY_COLUMNS if kind == "vacancy" else JOBSEEKER_COLUMNS


def make_rows(rng: random.Random, kind: str, n: int, start: int = 1, **kw) -> list[dict]:
    maker = vacancy_row if kind == "vacancy" else jobseeker_row
    return [maker(rng, start + i, **kw) for i in range(n)]


# ------------------------------------------------------------------ writers


def to_csv(columns: list[str], rows: list[list[object]], *, delimiter: str = ",",
           encoding: str = "utf-8", newline: str = "\r\n", bom: bool = False) -> bytes:  # fmt: skip
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(columns)
    for r in rows:
        writer.writerow(r)
    data = buf.getvalue().encode(encoding)
    if bom and encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    return data


def to_xlsx(sheets: list[tuple[str, list[str], list[list[object]], str]]) -> bytes:
    """Sheets as (title, header, rows, state); text starting with "=" stays text."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, header, rows, state in sheets:
        ws = book.create_sheet(title)
        ws.sheet_state = state
        ws.append(header)
        for r in rows:
            ws.append(r)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def cells_of(row: dict, columns: list[str]) -> list[object]:
    return [row.get(c, "") for c in columns]


def expected_by_row(rows: list[dict], first: int = 2, skip: set[int] | None = None):
    """Row number -> expected values, numbering rows from ``first`` (blank rows in ``skip``)."""
    out, number = {}, first
    for r in rows:
        while skip and number in skip:
            number += 1
        out[number] = r["_expect"]
        number += 1
    return out


# ------------------------------------------------------------------ cases


def _good_files(rng: random.Random, kind: str) -> Iterator[Case]:
    cols = columns_of(kind)
    for variant in range(3):
        rows = make_rows(rng, kind, rng.randint(2, 8))
        body = [cells_of(r, cols) for r in rows]
        exp = expected_by_row(rows)
        yield Case(f"{kind}_utf8_{variant}.csv", kind, to_csv(cols, body), exp)
        yield Case(f"{kind}_bom_{variant}.csv", kind, to_csv(cols, body, bom=True), exp)
        for d, label in ((";", "semicolon"), ("|", "pipe"), ("\t", "tab")):
            yield Case(f"{kind}_{label}_{variant}.csv", kind, to_csv(cols, body, delimiter=d), exp)
        # Excel's "Unicode text": UTF-16 with a BOM, tab-separated.
        yield Case(f"{kind}_utf16_{variant}.txt", kind,
                   to_csv(cols, body, delimiter="\t", encoding="utf-16"), exp)  # fmt: skip
        yield Case(f"{kind}_utf16le_nobom_{variant}.csv", kind,
                   to_csv(cols, body, encoding="utf-16-le"), exp)  # fmt: skip
        yield Case(f"{kind}_utf16_comma_{variant}.csv", kind,
                   to_csv(cols, body, encoding="utf-16"), exp)  # fmt: skip
        rows_1252 = make_rows(rng, kind, 4, cp1252=True)
        spot = "description" if kind == "vacancy" else "experience"
        rows_1252[0][spot] = "kopi – espresso, café"  # bytes 0x96 and 0xE9: not UTF-8
        if kind == "vacancy":
            rows_1252[0]["_expect"]["description"] = rows_1252[0][spot]
        yield Case(f"{kind}_cp1252_{variant}.csv", kind,
                   to_csv(cols, [cells_of(r, cols) for r in rows_1252], delimiter=";",
                          encoding="cp1252"), expected_by_row(rows_1252),
                   warning_codes=("encoding",))  # fmt: skip
        yield Case(f"{kind}_lf_{variant}.csv", kind, to_csv(cols, body, newline="\n"), exp)
        yield Case(f"{kind}_cr_{variant}.csv", kind, to_csv(cols, body, newline="\r"), exp)
        # Mixed line ends, as after copy-pasting between tools.
        text = to_csv(cols, body, newline="\n").decode()
        lines = text.split("\n")
        mixed = "".join(line + rng.choice(["\n", "\r\n", "\r"]) for line in lines[:-1])
        yield Case(f"{kind}_mixed_newlines_{variant}.csv", kind, mixed.encode(), exp)
        # Blank lines between rows: later rows keep the numbers a spreadsheet shows.
        blank = {n for n in range(3, 3 + 2 * len(rows)) if rng.random() < 0.4}
        exp_blank = expected_by_row(rows, skip=blank)
        out, number, i = [cols], 2, 0
        while i < len(body):
            if number in blank:
                out.append([])
            else:
                out.append(body[i])
                i += 1
            number += 1
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(out)
        yield Case(f"{kind}_blank_lines_{variant}.csv", kind, buf.getvalue().encode(), exp_blank)
        yield Case(f"{kind}_plain_{variant}.xlsx", kind,
                   to_xlsx([("Data", cols, body, "visible")]), exp)  # fmt: skip
        # Several sheets, the first one hidden with a stale row: the visible one is read.
        stale = make_rows(rng, kind, 1, start=900)
        yield Case(f"{kind}_hidden_first_{variant}.xlsx", kind, to_xlsx([
            ("lama", cols, [cells_of(stale[0], cols)], "hidden"),
            ("Data", cols, body, "visible"),
            ("Catatan", ["catatan"], [["jangan dihapus"]], "visible"),
        ]), exp, warning_codes=("several_sheets", "hidden_sheets"))  # fmt: skip
        # Choosing the hidden sheet by name reads it, and says so.
        yield Case(f"{kind}_hidden_chosen_{variant}.xlsx", kind, to_xlsx([
            ("Data", cols, body, "visible"), ("lama", cols, [cells_of(stale[0], cols)], "hidden"),
        ]), {2: stale[0]["_expect"]}, warning_codes=("hidden_sheet_read",), sheet="lama")  # fmt: skip
        # Extra columns and Indonesian names.
        alias = {"title": "posisi", "wage": "gaji", "name": "nama", "age": "usia"}
        named = [alias.get(c, c) for c in cols] + ["catatan"]
        yield Case(f"{kind}_aliases_{variant}.csv", kind,
                   to_csv(named, [b + ["lihat WA"] for b in body]), exp,
                   warning_codes=("extra_columns",))  # fmt: skip
        # A quoted multi-line cell is one row; the rows after keep their numbers.
        ml = [dict(r) for r in rows]
        field_name = "description" if kind == "vacancy" else "experience"
        ml[0][field_name] = "baris satu\nbaris dua, dengan koma"
        exp_ml = expected_by_row(ml)
        if kind == "vacancy":
            exp_ml[2] = {**exp_ml[2], "description": "baris satu\nbaris dua, dengan koma"}
        yield Case(f"{kind}_multiline_{variant}.csv", kind,
                   to_csv(cols, [cells_of(r, cols) for r in ml]), exp_ml)  # fmt: skip
    # Values exactly at the database's limits, emoji and formula-looking text load as is.
    for variant in range(2):
        rows = make_rows(rng, kind, 3)
        r = rows[0]
        r["id"] = ("JV-" if kind == "vacancy" else "JS-") + "9" * 61
        r["_expect"] = {**r["_expect"], "id": r["id"]}
        if kind == "vacancy":
            r["title"] = "Kasir 🛒 " + "x" * 192
            r["description"] = "=cmd|' /C calc'!A0"
            r["wage"] = str(2**31 - 1)
            r["_expect"].update(title=r["title"], description=r["description"], wage=2**31 - 1)
        else:
            r["name"] = '=HYPERLINK("http://x")' + "🙂" * 178
            r["phone"] = "+62 " + "8" * 46
            r["_expect"].update(name=r["name"], phone=r["phone"])
        body = [cells_of(x, cols) for x in rows]
        yield Case(f"{kind}_at_limits_{variant}.csv", kind, to_csv(cols, body),
                   expected_by_row(rows))  # fmt: skip
        yield Case(f"{kind}_at_limits_{variant}.xlsx", kind,
                   to_xlsx([("Data", cols, body, "visible")]), expected_by_row(rows))  # fmt: skip
    # Header only: nothing to load, said so.
    yield Case(f"{kind}_header_only.csv", kind, to_csv(cols, []), {}, warning_codes=("no_rows",))
    yield Case(f"{kind}_header_only.xlsx", kind, to_xlsx([("Data", cols, [], "visible")]), {},
               warning_codes=("no_rows",))  # fmt: skip


# Each entry: (label, kinds, field, bad cell, or None when the value is normalised instead).
_BAD_VALUES: list[tuple[str, tuple[str, ...], str, object]] = [
    ("wage_2_31", ("vacancy",), "wage", str(2**31)),
    ("wage_huge", ("vacancy",), "wage", "9" * 40),
    ("wage_negative", ("vacancy",), "wage", "-1"),
    ("wage_inf", ("vacancy",), "wage", "inf"),
    ("id_65", ("vacancy", "jobseeker"), "id", "X" * 65),
    ("id_huge", ("vacancy", "jobseeker"), "id", "ID-" + "7" * 5000),
    ("title_201", ("vacancy",), "title", "t" * 201),
    ("employer_201", ("vacancy",), "employer", "Toko " + "e" * 200),
    ("name_201", ("jobseeker",), "name", "n" * 201),
    ("phone_51", ("jobseeker",), "phone", "0" * 51),
    ("nul_title", ("vacancy",), "title", "Kasir\x00"),
    ("nul_id", ("vacancy", "jobseeker"), "id", "JX-\x001"),
    ("nul_description", ("vacancy",), "description", "a\x00b"),
    ("nul_name", ("jobseeker",), "name", "Siti\x00"),
    ("escape_char", ("vacancy", "jobseeker"), "kelurahan", "Jagakarsa\x1b[31m"),
    ("bell_char", ("jobseeker",), "experience", "jaga toko\x07"),
    ("c1_char", ("vacancy",), "description", "harga\x85\x9b murah"),
    ("inf_travel", ("jobseeker",), "max_travel_km", "inf"),
    ("minus_inf_travel", ("jobseeker",), "max_travel_km", "-inf"),
    ("infinity_travel", ("jobseeker",), "max_travel_km", "Infinity"),
    ("huge_travel", ("jobseeker",), "max_travel_km", "1e999"),
    ("age_huge", ("jobseeker",), "age", "99999999999999999999"),
    ("age_text", ("jobseeker",), "age", "dua puluh"),
    ("openings_2_31", ("vacancy",), "openings", str(2**31)),
    ("long_text", ("vacancy",), "description", "panjang " * 5000),
    ("bad_date", ("vacancy",), "closing_date", "31/02/2027"),
    ("bad_enum", ("vacancy",), "work_type", "kontrak"),
    ("bad_kelurahan", ("jobseeker",), "kelurahan", "Tanjung Brat"),
    ("missing_title", ("vacancy",), "title", ""),
    ("formula_id", ("vacancy",), "id", "=1+1"),  # loads: formula-looking text is text
]


def _bad_row_files(rng: random.Random, kind: str) -> Iterator[Case]:
    cols = columns_of(kind)
    for label, kinds, name, bad in _BAD_VALUES:
        if kind not in kinds:
            continue
        # openpyxl cannot write control characters into a workbook, and cuts a cell at
        # Excel's 32,767 characters, so those are CSV only.
        control = any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in str(bad))
        control = control or len(str(bad)) > 32_767
        for suffix in (".csv",) if control else (".csv", ".xlsx"):
            rows = make_rows(rng, kind, rng.randint(3, 6))
            at = rng.randrange(len(rows))
            rows[at][name] = bad
            body = [cells_of(r, cols) for r in rows]
            exp = expected_by_row(rows)
            if label == "formula_id":
                exp[at + 2] = {**exp[at + 2], "id": bad}
                must: set[int] = set()
            else:
                must = {at + 2}
                del exp[at + 2]
            data = (
                to_csv(cols, body)
                if suffix == ".csv"
                else to_xlsx([("Data", cols, body, "visible")])
            )
            yield Case(f"{kind}_bad_{label}{suffix}", kind, data, exp, must)
    # Several problems in one row: every one is listed (checked by the test by count).
    rows = make_rows(rng, kind, 3)
    for f in ("wage", "title", "closing_date") if kind == "vacancy" else ("age", "gender", "phone"):
        rows[1][f] = {"wage": "-5", "title": "", "closing_date": "kemarin", "age": "abc",
                      "gender": "X", "phone": "0" * 60}[f]  # fmt: skip
    exp = expected_by_row(rows)
    del exp[3]
    yield Case(f"{kind}_three_problems_one_row.csv", kind,
               to_csv(cols, [cells_of(r, cols) for r in rows]), exp, {3})  # fmt: skip
    # Word's soft line break, tabs and a zero-width space are normalised, not refused.
    rows = make_rows(rng, kind, 3)
    if kind == "vacancy":
        rows[0]["description"] = "Shift pagi\x0bseragam\tdisediakan"
        rows[0]["title"] = "Kasir\x0bToko"
        rows[0]["_expect"].update(description="Shift pagi\nseragam\tdisediakan", title="Kasir Toko")
    else:
        rows[0]["name"] = "Siti\u200b Aminah\t"
        rows[0]["_expect"].update(name="Siti Aminah")
    rows[1]["id"] = rows[1]["id"] + "\u200b"
    yield Case(f"{kind}_soft_breaks.csv", kind,
               to_csv(cols, [cells_of(r, cols) for r in rows]), expected_by_row(rows))  # fmt: skip
    # An id with a zero-width space is the same id: a repeated id, reported.
    rows = make_rows(rng, kind, 4)
    rows[3]["id"] = rows[1]["id"][:3] + "\u200b" + rows[1]["id"][3:]
    exp = expected_by_row(rows)
    del exp[5]
    yield Case(f"{kind}_zero_width_duplicate.csv", kind,
               to_csv(cols, [cells_of(r, cols) for r in rows]), exp, {5})  # fmt: skip
    rows = make_rows(rng, kind, 4)
    rows[2]["id"] = rows[0]["id"]
    exp = expected_by_row(rows)
    del exp[4]
    yield Case(f"{kind}_duplicate_ids.xlsx", kind,
               to_xlsx([("Data", cols, [cells_of(r, cols) for r in rows], "visible")]), exp, {4})  # fmt: skip
    # An unquoted separator inside a value: the row is reported, the others load.
    for variant in range(3):
        rows = make_rows(rng, kind, 4)
        at = rng.randrange(4)
        spot = "description" if kind == "vacancy" else "experience"
        rows[at][spot] = "@@SPOT@@"
        text = to_csv(cols, [cells_of(r, cols) for r in rows]).decode()
        exp = expected_by_row(rows)
        del exp[at + 2]
        yield Case(f"{kind}_unquoted_comma_{variant}.csv", kind,
                   text.replace("@@SPOT@@", "sopan, rapi, jujur").encode(), exp, {at + 2})  # fmt: skip


def _xlsx_special(rng: random.Random, kind: str) -> Iterator[Case]:
    cols = columns_of(kind)
    rows = make_rows(rng, kind, 3)
    body = [cells_of(r, cols) for r in rows]
    # A formula without a saved result (written by a script): reported, not an empty cell.
    field_name = "wage" if kind == "vacancy" else "age"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(cols)
    for b in body:
        ws.append(b)
    col = cols.index(field_name) + 1
    ws.cell(row=3, column=col, value="=1000*2")
    buf = io.BytesIO()
    book.save(buf)
    exp = expected_by_row(rows)
    del exp[3]
    yield Case(f"{kind}_formula_no_value.xlsx", kind, buf.getvalue(), exp, {3})
    if kind == "jobseeker":
        # Phones stored as numbers: a mobile number's lost 0 comes back; others are reported.
        rows = make_rows(rng, kind, 3)
        body = [cells_of(r, cols) for r in rows]
        p = cols.index("phone")
        body[0][p] = 81234567890
        body[1][p] = 6281234567890
        body[2][p] = 217654321  # a Jakarta landline without its 0: cannot be told for sure
        exp = expected_by_row(rows)
        exp[2] = {**exp[2], "phone": "081234567890"}
        exp[3] = {**exp[3], "phone": "6281234567890"}
        del exp[4]
        yield Case("jobseeker_phone_numbers.xlsx", kind,
                   to_xlsx([("Data", cols, body, "visible")]), exp, {4},
                   warning_codes=("phone_zero_restored",))  # fmt: skip
        # Numbers where text is expected read as written (id 1001, not 1001.0).
        rows = make_rows(rng, kind, 2)
        body = [cells_of(r, cols) for r in rows]
        body[0][0] = 1001
        body[0][cols.index("age")] = 30.0
        exp = expected_by_row(rows)
        exp[2] = {**exp[2], "id": "1001", "age": 30}
        yield Case("jobseeker_numeric_cells.xlsx", kind,
                   to_xlsx([("Data", cols, body, "visible")]), exp)  # fmt: skip


def _file_errors(rng: random.Random, kind: str) -> Iterator[Case]:
    cols = columns_of(kind)
    rows = make_rows(rng, kind, 4)
    body = [cells_of(r, cols) for r in rows]
    good_csv = to_csv(cols, body)
    good_xlsx = to_xlsx([("Data", cols, body, "visible")])

    def bad(name: str, data: bytes, *codes: str) -> Case:
        return Case(f"{kind}_{name}", kind, data, file_error=True, error_codes=codes)

    yield bad("empty.csv", b"", "file_empty")
    yield bad("empty.xlsx", b"", "file_empty")
    yield bad("whitespace.csv", b" \r\n\r\n\t\n", "file_empty")
    yield bad("bom_only.csv", b"\xef\xbb\xbf", "file_empty")
    yield bad("nul_only.csv", b"\x00" * 64, "file_empty")
    for i in range(4):
        noise = bytes(rng.getrandbits(8) for _ in range(rng.randint(200, 3000)))
        yield bad(f"random_bytes_{i}.csv", noise, "file_binary", "missing_columns", "file_empty")
        yield bad(f"random_bytes_{i}.xlsx", noise, "xlsx_unreadable")
    yield bad(
        "pdf.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" * 20, "file_binary"
    )
    yield bad("document.pdf", b"%PDF-1.4", "file_type")
    yield bad("csv_named.xlsx", good_csv, "xlsx_unreadable")
    for i in range(4):
        cut = rng.randint(10, len(good_xlsx) - 10)
        yield bad(f"truncated_{i}.xlsx", good_xlsx[:cut], "xlsx_unreadable")
    # A workbook whose one cell lies at the last row Excel has: refused, not expanded.
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(cols)
    ws.append(body[0])
    ws.cell(row=1_048_576, column=1, value="x")
    buf = io.BytesIO()
    book.save(buf)
    yield bad("row_1048576.xlsx", buf.getvalue(), "too_many_rows")
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(cols)
    ws.cell(row=2, column=16_384, value="x")
    buf = io.BytesIO()
    book.save(buf)
    yield bad("column_xfd.xlsx", buf.getvalue(), "too_many_columns")
    yield bad("zip_bomb_sheet.xlsx", _zip_bomb(good_xlsx, "xl/worksheets/sheet1.xml"),
              "xlsx_unpacked_too_big")  # fmt: skip
    yield bad("zip_bomb_strings.xlsx", _zip_bomb(good_xlsx, "xl/sharedStrings.xml"),
              "xlsx_unpacked_too_big")  # fmt: skip
    yield bad("xml_entities.xlsx", _with_doctype(good_xlsx), "xlsx_unreadable")
    plain = [dict(r, description="tanpa tanda kutip", experience="tanpa kutip") for r in rows]
    lines = to_csv(cols, [cells_of(r, cols) for r in plain]).decode().split("\r\n")
    for i in range(2):
        at = rng.randint(1, len(rows))
        broken = list(lines)
        broken[at] = broken[at].replace(",", ',"', 1)
        yield bad(f"unclosed_quote_{i}.csv", "\r\n".join(broken).encode(), "unclosed_quote")
    both = ["gaji", *cols] if kind == "vacancy" else ["umur", *cols]
    yield bad("duplicate_alias_columns.csv", to_csv(both, [["1000000", *b] for b in body]),
              "duplicate_column")  # fmt: skip
    yield bad("duplicate_columns.xlsx", to_xlsx([("Data", [*cols, "id"], [[*b, "X"] for b in body],
              "visible")]), "duplicate_column")  # fmt: skip
    yield bad("missing_columns.csv", to_csv(["id", "catatan"], [["A-1", "x"]]), "missing_columns")
    yield bad("other_kind.csv", to_csv(columns_of("jobseeker" if kind == "vacancy" else "vacancy"),
              []), "missing_columns")  # fmt: skip
    yield Case(f"{kind}_unknown_sheet.xlsx", kind, good_xlsx, file_error=True,
               error_codes=("unknown_sheet",), sheet="Sheet99")  # fmt: skip
    yield bad("too_big.csv", good_csv + b"x" * (5 * 1024 * 1024), "file_too_big")
    many = to_csv(cols, [body[0]] * 20_001)
    yield bad("rows_20001.csv", many, "too_many_rows")


def _zip_bomb(xlsx: bytes, member: str) -> bytes:
    """The workbook with one member padded by 60 MB of spaces: deflated, a few kB."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        target = member if member in src.namelist() else src.namelist()[-1]
        for info in src.infolist():
            body = src.read(info)
            if info.filename == target:
                body = body + b" " * (60 * 1024 * 1024)  # whitespace after the root element
            dst.writestr(info.filename, body)
    return out.getvalue()


def _with_doctype(xlsx: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/workbook.xml":
                body = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + body
            dst.writestr(info.filename, body)
    return out.getvalue()


def _fuzzed(rng: random.Random, kind: str) -> Iterator[Case]:
    """Random truncation and random bytes: no crash and no silent drop is all that holds;
    rows wholly before a cut still load exactly."""
    cols = columns_of(kind)
    for i in range(8):
        rows = make_rows(rng, kind, 6)
        data = to_csv(cols, [cells_of(r, cols) for r in rows], newline="\n")
        cut = rng.randint(1, len(data) - 1)
        cut_data = data[:cut]
        whole_lines = cut_data.count(b"\n")  # header + rows completely before the cut
        exp = {n: rows[n - 2]["_expect"] for n in range(2, whole_lines + 1)}
        yield Case(f"{kind}_truncated_{i}.csv", kind, cut_data, exp, file_error=None,
                   open_rows={whole_lines + 1})  # fmt: skip
    for i in range(8):
        rows = make_rows(rng, kind, 6)
        data = bytearray(to_csv(cols, [cells_of(r, cols) for r in rows]))
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(len(data))] = rng.getrandbits(8)
        yield Case(f"{kind}_flipped_{i}.csv", kind, bytes(data), file_error=None, exact=False)
    for i in range(4):
        rows = make_rows(rng, kind, 4)
        data = bytearray(to_xlsx([("Data", cols, [cells_of(r, cols) for r in rows], "visible")]))
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.getrandbits(8)
        yield Case(f"{kind}_flipped_{i}.xlsx", kind, bytes(data), file_error=None, exact=False)
    for i in range(3):  # a UTF-8 file read by a tool that thinks it is Windows-1252
        rows = make_rows(rng, kind, 3)
        text = to_csv(cols, [cells_of(r, cols) for r in rows]).decode()
        data = text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
        yield Case(f"{kind}_mojibake_{i}.csv", kind, data, file_error=None, exact=False)


GENERATORS: list[Callable[[random.Random, str], Iterator[Case]]] = [
    _good_files, _bad_row_files, _xlsx_special, _file_errors, _fuzzed,
]  # fmt: skip


def corpus(seed: int = 20261129) -> list[Case]:
    """Every case, for vacancies and jobseekers, from one seed."""
    rng = random.Random(seed)
    cases = [c for kind in ("vacancy", "jobseeker") for g in GENERATORS for c in g(rng, kind)]
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases
