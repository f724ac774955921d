"""Issue 12, uploads: each silent error and crash the tester found, as a sentence.

The corpus (tests/test_malformed_uploads.py) covers the same ground in bulk; these
tests name one behaviour each, with the smallest file that shows it.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from matcher import reading
from matcher.errors import FileFormatError, Message
from matcher.loaders import db_limits, load_records, read_table

HEADER = ["id", "employer", "title", "kelurahan", "wage", "description"]


def _csv(*lines: str, newline: str = "\n") -> bytes:
    return newline.join(lines).encode() + newline.encode()


def _xlsx(*sheets: tuple[str, list[list[object]], str]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        ws = book.create_sheet(title)
        ws.sheet_state = state
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _refusal(name: str, data: bytes, **kw) -> Message:
    with pytest.raises(FileFormatError) as info:
        load_records(name, "vacancy", data=data, **kw)
    return info.value.message


def test_a_hidden_first_sheet_is_skipped_and_named_and_the_visible_rows_load():
    data = _xlsx(
        ("lama", [HEADER, ["JV-OLD", "Toko", "Kasir lama", "Jagakarsa", 1, ""]], "hidden"),
        ("Lowongan", [HEADER, ["JV-1", "Toko", "Kasir", "Jagakarsa", 2_000_000, ""]], "visible"),
    )
    report = load_records("l.xlsx", "vacancy", data=data)
    assert [v.id for v in report.records] == ["JV-1"]
    assert report.sheet == "Lowongan" and report.sheets == ("lama", "Lowongan")
    codes = {w.code: w for w in report.warnings}
    assert "lama" in codes["hidden_sheets"] and "lama" in codes["several_sheets"]


def test_a_sheet_is_chosen_by_name_and_an_unknown_name_lists_the_sheets():
    data = _xlsx(
        ("A", [HEADER, ["JV-1", "Toko", "Kasir", "Jagakarsa", 1, ""]], "visible"),
        ("B", [HEADER, ["JV-2", "Toko", "Kurir", "Jagakarsa", 1, ""]], "visible"),
    )
    assert [v.id for v in load_records("l.xlsx", "vacancy", data=data, sheet="b").records] == [
        "JV-2"
    ]
    refused = _refusal("l.xlsx", data, sheet="C")
    assert refused.code == "unknown_sheet" and refused.params["sheets"] == "A, B"


def test_gaji_and_wage_together_are_refused_naming_both_columns():
    refused = _refusal(
        "l.csv", _csv("id,employer,title,kelurahan,gaji,wage", "JV-1,T,K,Jagakarsa,1,2")
    )
    assert refused.code == "duplicate_column"
    assert "'gaji' (column E)" in refused and "'wage' (column F)" in refused


def test_row_numbers_are_the_spreadsheets_also_after_blank_lines_and_multiline_cells():
    data = _csv(
        ",".join(HEADER),
        "JV-1,Toko,Kasir,Jagakarsa,1000,",
        "",
        ",,,,,",
        'JV-2,Toko,Kasir,Jagakarsa,1000,"dua\nbaris"',
        "JV-3,Toko,Kasir,Jagakarsa,-5,",
    )
    report = load_records("l.csv", "vacancy", data=data)
    assert report.record_rows == [2, 5]
    assert [(p.row, p.column) for p in report.problems] == [(6, "wage")]


def test_a_formula_without_a_saved_value_is_reported_not_read_as_empty():
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(HEADER)
    ws.append(["JV-1", "Toko", "Kasir", "Jagakarsa", "=2000000*1", ""])
    buf = io.BytesIO()
    book.save(buf)  # openpyxl saves formulas without results, like a script would
    report = load_records("l.xlsx", "vacancy", data=buf.getvalue())
    assert not report.records
    [problem] = report.problems
    assert (problem.row, problem.column, problem.allowed.code) == (2, "wage", "formula_no_value")


def test_a_phone_stored_as_a_number_gets_its_zero_back_only_when_it_is_a_mobile_number():
    header = ["id", "name", "phone", "age", "gender", "kelurahan", "education", "segment"]
    person = ["P", 20, "P", "Jagakarsa", "SMA", "pemuda"]
    data = _xlsx(("Data", [
        header, ["JS-1", "A", 81234567890, *person[1:]], ["JS-2", "B", 217654321, *person[1:]],
        ["JS-3", "C", "0812-1", *person[1:]],
    ], "visible"))  # fmt: skip
    report = load_records("p.xlsx", "jobseeker", data=data)
    assert [(p.id, p.phone) for p in report.records] == [
        ("JS-1", "081234567890"),
        ("JS-3", "0812-1"),
    ]
    assert [(p.row, p.allowed.code) for p in report.problems] == [(3, "phone_number_cell")]
    assert any(w.code == "phone_zero_restored" and w.params["rows"] == "2" for w in report.warnings)


def test_an_id_with_a_zero_width_space_is_the_same_id_and_so_a_repeat():
    data = _csv(",".join(HEADER), "JV-1,T,K,Jagakarsa,1,", "JV\u200b-1,T,K,Jagakarsa,1,")
    report = load_records("l.csv", "vacancy", data=data)
    assert [v.id for v in report.records] == ["JV-1"]
    assert [(p.row, p.column, p.allowed.code) for p in report.problems] == [(3, "id", "unique_id")]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-16", "\t"), ("utf-16", ","), ("utf-16-le", ";"), ("utf-8", "|"), ("utf-8", "\t")],
)
def test_utf16_and_pipe_or_tab_separated_files_are_read(encoding, delimiter):
    lines = [
        delimiter.join(HEADER),
        delimiter.join(["JV-1", "Café", "Kasir", "Jagakarsa", "1", "x"]),
    ]
    data = "\r\n".join(lines).encode(encoding)
    report = load_records("l.csv", "vacancy", data=data)
    assert [(v.id, v.employer) for v in report.records] == [("JV-1", "Café")]


def test_a_pipe_separated_file_keeps_pipes_of_title_aliases_in_a_comma_file():
    data = _csv(
        "id,employer,title,kelurahan,title_aliases", "JV-1,T,Kasir,Jagakarsa,cashier|kasir toko"
    )
    [v] = load_records("l.csv", "vacancy", data=data).records
    assert v.title_aliases == ("cashier", "kasir toko")


def test_every_problem_of_a_row_is_listed():
    data = _csv(",".join(HEADER), ",T,,Jagakrsa,-1,a\x00")
    report = load_records("l.csv", "vacancy", data=data)
    assert sorted(p.column for p in report.problems) == [
        "description",
        "id",
        "kelurahan",
        "title",
        "wage",
    ]


def test_limits_come_from_the_database_model_so_what_validates_also_saves():
    from matcher.db.models import JobseekerRow, VacancyRow

    limits = db_limits("vacancy")
    assert limits["id"] == ("chars", 0, VacancyRow.__table__.c.id.type.length)
    assert limits["title"] == ("chars", 0, VacancyRow.__table__.c.title.type.length)
    assert limits["wage"] == ("int", -(2**31), 2**31 - 1)
    assert db_limits("jobseeker")["phone"] == (
        "chars",
        0,
        JobseekerRow.__table__.c.phone.type.length,
    )
    long = "x" * (limits["title"][2] + 1)
    data = _csv(",".join(HEADER), f"JV-1,T,{long},Jagakarsa,{2**31},")
    codes = {p.column: p.allowed.code for p in load_records("l.csv", "vacancy", data=data).problems}
    assert codes == {"title": "too_long", "wage": "int_max"}


def test_control_characters_are_refused_by_name_and_soft_breaks_and_tabs_normalised():
    data = _csv(
        ",".join(HEADER),
        'JV-1,T,"Kasir\x0bpagi\t",Jagakarsa,1,"a\x0bb"',
        "JV-2,T\x1b,K,Jagakarsa,1,",
    )
    report = load_records("l.csv", "vacancy", data=data)
    [v] = report.records
    assert (v.title, v.description) == ("Kasir pagi", "a\nb")
    [p] = report.problems
    assert (p.row, p.column, p.allowed.code, p.allowed.params["char"]) == (
        3,
        "employer",
        "control_char",
        "U+001B",
    )


def test_non_finite_numbers_are_refused():
    header = "id,age,gender,kelurahan,education,segment,max_travel_km"
    data = _csv(
        header,
        *(
            f"JS-{i},20,P,Jagakarsa,SMA,pemuda,{v}"
            for i, v in enumerate(["inf", "1e999", "-Infinity", "7.5"])
        ),
    )
    report = load_records("p.csv", "jobseeker", data=data)
    assert [p.max_travel_km for p in report.records] == [7.5]
    assert {p.allowed.code for p in report.problems} == {"number", "number_finite"}


def test_an_unquoted_comma_reports_its_row_and_the_others_load():
    data = _csv(",".join(HEADER), "JV-1,T,K,Jagakarsa,1,sopan, rapi", "JV-2,T,K,Jagakarsa,1,ok")
    report = load_records("l.csv", "vacancy", data=data)
    assert [v.id for v in report.records] == ["JV-2"]
    assert [(p.row, p.allowed.code) for p in report.problems] == [(2, "extra_cells")]


def test_an_unclosed_quote_names_the_row_where_it_opens():
    refused = _refusal(
        "l.csv",
        _csv(
            ",".join(HEADER),
            "JV-1,T,K,Jagakarsa,1,ok",
            'JV-2,T,K,Jagakarsa,1,"oops',
            "JV-3,T,K,Jagakarsa,1,x",
        ),
    )
    assert refused.code == "unclosed_quote" and refused.params["row"] == 3


def test_empty_and_binary_files_are_refused_with_a_reason():
    assert _refusal("l.csv", b"").code == "file_empty"
    assert _refusal("l.csv", bytes(range(256)) * 8).code == "file_binary"
    assert _refusal("l.xlsx", b"id,title\n").code == "xlsx_unreadable"


def test_a_zip_bomb_is_refused_from_the_zip_directory_before_parsing():
    src = zipfile.ZipFile(io.BytesIO(_xlsx(("Data", [HEADER], "visible"))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body += b" " * (reading.MAX_UNPACKED_BYTES + 1)
            dst.writestr(info.filename, body)
    assert len(out.getvalue()) < 200_000
    assert _refusal("l.xlsx", out.getvalue()).code == "xlsx_unpacked_too_big"


def test_a_cell_at_the_last_excel_row_is_refused_not_expanded():
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.cell(row=1_048_576, column=1, value="x")
    buf = io.BytesIO()
    book.save(buf)
    refused = _refusal("l.xlsx", buf.getvalue())
    assert refused.code == "too_many_rows" and refused.params["row"] == 1_048_576


def test_too_many_cells_are_refused_from_the_sheet_xml_before_openpyxl_opens_it(monkeypatch):
    monkeypatch.setattr(reading, "MAX_CELLS", 10)
    rows = [HEADER] + [["JV", "T", "K", "Jagakarsa", 1, ""]] * 2
    assert _refusal("l.xlsx", _xlsx(("Data", rows, "visible"))).code == "too_many_cells"


def test_a_quote_that_closes_rows_later_is_reported_on_its_row():
    data = _csv(
        ",".join(HEADER),
        'JV-1,T,K,Jagakarsa,1,"buka',
        'JV-2,T,K,Jagakarsa,1,tutup"',
        "JV-3,T,K,Jagakarsa,1,ok",
    )
    report = load_records("l.csv", "vacancy", data=data)
    assert [v.id for v in report.records] == ["JV-3"]
    assert [(p.row, p.allowed.code) for p in report.problems] == [(2, "quote_spans_rows")]


def test_read_table_numbers_its_rows_as_the_spreadsheet_does():
    frame, _ = read_table("k.csv", _csv("a,b", "1,2", "", "3,4"))
    assert list(frame.index) == [2, 4]


def test_the_cli_validate_reads_a_chosen_sheet(tmp_path):
    path = tmp_path / "l.xlsx"
    path.write_bytes(_xlsx(
        ("A", [HEADER, ["JV-1", "T", "K", "Jagakarsa", 1, ""]], "visible"),
        ("B", [HEADER, ["JV-2", "T", "K", "Jagakarsa", -1, ""]], "visible"),
    ))  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-m", "matcher", "validate", str(path), "--kind", "vacancy", "--sheet", "B"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 1
    assert "row 2, column 'wage'" in out.stdout and "0 of 1 rows loaded" in out.stdout


def test_values_right_of_a_workbook_header_are_an_unnamed_column_not_a_broken_row():
    data = _xlsx(("Data", [HEADER, ["JV-1", "T", "K", "Jagakarsa", 1, "", "catatan"]], "visible"))
    report = load_records("l.xlsx", "vacancy", data=data)
    assert [v.id for v in report.records] == ["JV-1"]
    assert any(w.code == "unnamed_columns" and w.params["columns"] == "G" for w in report.warnings)


def test_a_very_long_bad_value_is_shortened_in_the_printed_report():
    data = _csv(",".join(HEADER), "JV-1,T," + "x" * 5000 + ",Jagakarsa,1,")
    line = load_records("l.csv", "vacancy", data=data).summary().splitlines()[-1]
    assert len(line) < 400 and "(5,000 characters)" in line


def test_a_multiline_description_with_commas_is_one_cell_not_a_misplaced_quote():
    data = _csv(",".join(HEADER), 'JV-1,T,K,Jagakarsa,1,"Tugas:\nkasir, stok, rak\nshift pagi"')
    [v] = load_records("l.csv", "vacancy", data=data).records
    assert v.description == "Tugas:\nkasir, stok, rak\nshift pagi"


def test_a_wage_that_reads_as_thousands_is_kept_and_said_before_saving():
    """ "4500" was stored as Rp 4.500 a month without a word."""
    data = (b"id;employer;title;kelurahan;wage\n"
            b"JV-1;Toko;Kasir;Jagakarsa;4500\n"
            b"JV-2;Toko;Kurir;Jagakarsa;4,5 jt\n"
            b"JV-3;Toko;Gudang;Jagakarsa;0\n")  # fmt: skip
    report = load_records("l.csv", "vacancy", data=data)
    assert [v.wage for v in report.records] == [4500, 4_500_000, 0]  # nothing refused
    (warning,) = [w for w in report.warnings if w.code == "wage_small"]
    assert warning.params == {"rows": "2"}
