"""Loading files: good rows load, every bad row is reported, nothing is dropped silently."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from matcher.errors import FileFormatError
from matcher.loaders import load_jobseekers, load_programs, load_records, load_vacancies

VACANCY_HEADER = (
    "id;employer;title;description;required_skills;min_education;kelurahan;work_type;"
    "schedule;wage;openings;closing_date;catatan\n"
)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_windows_1252_semicolon_export_loads_good_rows_and_reports_each_bad_one(tmp_path):
    text = VACANCY_HEADER + (
        "JV-1;Café Senja;Barista;Kopi – espresso;meracik kopi;SMA;Tanjung Barat;"
        "paruh_waktu;Sabtu-Minggu 10:00-18:00;Rp 2.500.000;1;31/12/2026;ok\n"
        "JV-2;Toko A;Kasir;kasir;kasir;SMA;Tanjung Barat;penuh_waktu;;-100;1;2027-01-10;\n"
        "JV-3;Toko B;Gudang;gudang;angkat barang;SMP;Jagakarsa;kontrak;;3.000.000;2;31/02/2027;\n"
        "JV-4;Toko C;;x;x;SMA;Jagakarsa;shift;;3.000.000;1;2027-01-10;\n"
        "JV-1;Toko D;Kurir;antar;mengemudi motor;SMP;Jagakarsa;shift;;3.000.000;1;2027-01-10;\n"
    )
    path = write(tmp_path, "lowongan.csv", text, "cp1252")
    report = load_vacancies(path)
    assert [v.id for v in report.records] == ["JV-1"]
    assert report.records[0].employer == "Café Senja"
    assert report.records[0].wage == 2_500_000
    assert report.rows_read == 5
    assert report.bad_rows == [3, 4, 5, 6]
    problems = {(p.row, p.column): p for p in report.problems}
    assert problems[(3, "wage")].value == "-100"
    assert "at least 0" in problems[(3, "wage")].allowed
    assert problems[(4, "work_type")].value == "kontrak"
    assert "penuh waktu" in problems[(4, "work_type")].allowed
    assert "calendar" in problems[(4, "closing_date")].allowed
    assert (5, "title") in problems
    assert "row 2" in problems[(6, "id")].allowed
    assert any("windows-1252" in w for w in report.warnings)
    assert any("catatan" in w for w in report.warnings)
    # Every message names the file, row, column and value.
    message = str(problems[(4, "work_type")])
    assert "lowongan.csv" in message and "row 4" in message and "'kontrak'" in message


def test_missing_required_columns_name_them_and_the_expected_schema(tmp_path):
    path = write(tmp_path, "js.csv", "id,age\nJS-1,20\n")
    with pytest.raises(FileFormatError) as info:
        load_jobseekers(path)
    message = str(info.value)
    assert "js.csv" in message and "gender" in message and "kelurahan" in message


def test_excel_files_load_and_report_bad_cells(tmp_path):
    frame = pd.DataFrame(
        [
            {"id": "JS-1", "age": 20, "gender": "P", "kelurahan": "Tanjung Barat",
             "education": "SMK", "segment": "pemuda", "skills": "menjahit; obras"},
            {"id": "JS-2", "age": "dua puluh", "gender": "X", "kelurahan": "Tanjung Brat",
             "education": "SMA", "segment": "pemuda", "skills": ""},
        ]
    )  # fmt: skip
    path = tmp_path / "js.xlsx"
    frame.to_excel(path, index=False)
    report = load_jobseekers(path)
    assert [p.id for p in report.records] == ["JS-1"]
    assert report.records[0].skills == ("menjahit", "obras")
    cols = {p.column for p in report.problems}
    assert cols == {"age", "gender", "kelurahan"}
    kel = next(p for p in report.problems if p.column == "kelurahan")
    assert "Tanjung Barat" in kel.allowed  # a suggestion for the typo


def test_uploaded_bytes_are_read_without_a_file(tmp_path):
    data = (
        b"id,provider,title,program_type,seats,online,start_date\n"
        b"PR-1,PPKD,Menjahit,vokasi,20,ya,15/01/2027\n"
    )
    report = load_records("upload.csv", "program", data=data)
    assert report.ok and report.records[0].online and report.records[0].seats == 20


def test_an_offline_programme_needs_a_place(tmp_path):
    path = write(
        tmp_path, "p.csv", "id,provider,title,program_type,online\nPR-1,PPKD,Las,vokasi,tidak\n"
    )
    report = load_programs(path)
    assert report.problems[0].column == "kelurahan"


def test_files_of_other_types_are_refused_clearly(tmp_path):
    path = write(tmp_path, "data.json", "{}")
    with pytest.raises(FileFormatError, match=r"\.csv, \.xlsx"):
        load_vacancies(path)


def test_indonesian_column_names_are_understood(tmp_path):
    buf = io.StringIO()
    buf.write("id,nama,usia,jenis_kelamin,kelurahan,pendidikan,segment\n")
    buf.write("JS-9,Siti,30,P,Lenteng Agung,SMP,perempuan_wirausaha\n")
    path = write(tmp_path, "js.csv", buf.getvalue())
    report = load_jobseekers(path)
    assert report.ok and report.records[0].name == "Siti" and report.records[0].age == 30
