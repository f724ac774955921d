"""The employer's upload tab and the forms, fed broken files and pasted control characters.

AppTest cannot drive a file uploader, so ``st.file_uploader`` is replaced by one that
returns a chosen file; the page code that handles the upload runs unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import streamlit as st

from matcher.db import JobseekerRepository, VacancyRepository, session_scope
from tests.app.conftest import texts
from tests.malformed_files import corpus


@dataclass
class _Uploaded:
    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


_CASES = {c.name: c for c in corpus()}
# One file of each way to be unreadable, and of each kind of bad row (the corpus test
# covers all of them at the loader; here the page is what is under test).
BROKEN = [
    "vacancy_empty.csv", "vacancy_random_bytes_1.xlsx", "vacancy_unclosed_quote_0.csv",
    "vacancy_zip_bomb_sheet.xlsx", "vacancy_row_1048576.xlsx",
    "vacancy_duplicate_alias_columns.csv", "vacancy_pdf.csv",
]  # fmt: skip
ROW_PROBLEMS = [
    "vacancy_unquoted_comma_0.csv", "vacancy_bad_nul_title.csv", "vacancy_formula_no_value.xlsx",
    "vacancy_utf16_0.txt",
]  # fmt: skip


def _upload(monkeypatch, open_page, name: str, lang: str = "id"):
    case = _CASES[name]
    monkeypatch.setattr(st, "file_uploader", lambda *a, **k: _Uploaded(case.name, case.data))
    return open_page("employer", "pemberi_kerja", lang=lang)


@pytest.mark.parametrize("name", BROKEN)
def test_an_unreadable_upload_shows_a_translated_reason_and_no_traceback(
    monkeypatch, open_page, name
):
    at = _upload(monkeypatch, open_page, name)
    assert not at.exception
    shown = texts(at)
    assert "File tidak dapat dibaca" in shown
    assert name in shown  # the reason names the file
    assert "Traceback" not in shown and "/work/" not in shown and "site-packages" not in shown


@pytest.mark.parametrize("name", ROW_PROBLEMS)
def test_an_upload_with_bad_rows_previews_every_row_without_error(monkeypatch, open_page, name):
    at = _upload(monkeypatch, open_page, name)
    assert not at.exception
    assert "Traceback" not in texts(at)
    case = _CASES[name]
    read, ok, bad = (int(m.value) for m in at.metric[:3])
    assert read == len(case.expected) + len(case.must_fail) and ok + bad == read
    # The problems table names every bad row: the file's own (must_fail), and here the
    # rows of another employer or with a stored id, which this employer may not upload.
    problems = [d.value for d in at.dataframe if "Baris" in d.value.columns]
    rows = set(problems[0]["Baris"]) if problems else set()
    assert case.must_fail <= rows and len(rows) == bad


def test_upload_reasons_and_warnings_are_indonesian_by_default_and_english_on_switch(
    monkeypatch, open_page
):
    at = _upload(monkeypatch, open_page, "vacancy_hidden_first_0.xlsx")
    assert "lembar tersembunyi lama tidak dibaca" in texts(at)
    at = _upload(monkeypatch, open_page, "vacancy_hidden_first_0.xlsx", lang="en")
    assert "hidden sheet(s) lama were not read" in texts(at)
    at = _upload(monkeypatch, open_page, "vacancy_unclosed_quote_0.csv")
    assert "tidak pernah ditutup" in texts(at)


def test_a_workbook_with_several_sheets_offers_the_sheet_choice_and_reads_the_chosen_one(
    monkeypatch, open_page
):
    at = _upload(monkeypatch, open_page, "vacancy_hidden_first_0.xlsx")
    choice = next(s for s in at.selectbox if s.key.startswith("vac_sheet_"))
    assert choice.value == "Data" and list(choice.options) == ["lama", "Data", "Catatan"]
    choice.set_value("lama").run()
    assert not at.exception
    assert at.metric[0].value == "1"  # the stale hidden row, read because it was asked for
    assert "tersembunyi, dan dibaca sesuai pilihan" in texts(at)
    choice = next(s for s in at.selectbox if s.key.startswith("vac_sheet_"))
    choice.set_value("Catatan").run()  # a sheet without the vacancy columns
    assert not at.exception
    assert "kolom wajib tidak ada" in texts(at)


def test_the_vacancy_form_takes_a_soft_line_break_and_names_a_nul_by_field(open_page, db):
    at = open_page("employer", "pemberi_kerja")
    at.text_input(key="newvac_title").input("Kasir\x0bPagi")  # Word's soft line break
    at.selectbox(key="newvac_kelurahan").set_value("Tanjung Barat")
    at.text_area(key="newvac_description").input("Jaga kasir\x00")
    at.button(key="newvac_save").click().run()
    assert not at.exception
    assert "karakter kendali (ada U+0000" in texts(at)
    at.text_area(key="newvac_description").input("Jaga kasir\x0bshift pagi\ttiap hari")
    at.button(key="newvac_save").click().run()
    assert not at.exception
    with session_scope(db) as s:
        saved = [v.posting for v in VacancyRepository(s).list() if v.posting.title == "Kasir Pagi"]
    assert [p.description for p in saved] == ["Jaga kasir\nshift pagi\ttiap hari"]


def test_the_registration_form_survives_pasted_control_characters(open_page, db):
    at = open_page("register", "konselor")
    at.text_input(key="reg_name").input("Siti\x0bAminah\x1b")
    at.text_input(key="reg_phone").input("0812\u200b-1111-2222")
    at.checkbox(key="reg_consent").check()
    at.button(key="reg_submit").click().run()
    assert not at.exception
    shown = texts(at)
    assert "U+001B" in shown
    with session_scope(db) as s:
        assert JobseekerRepository(s).count() == 320


def test_each_bad_row_names_the_file_its_column_as_headed_and_what_is_allowed_in_indonesian(
    monkeypatch, open_page
):
    header = "id,employer,title,required_skills,kelurahan,work_type,wage,openings,closing_date"
    rows = [
        "JV-9001,Bakery Kawan,Kasir,kasir,Tanjung Barat,penuh waktu,2500000,1,31/12/2027",
        "JV-9002,Bakery Kawan,,kasir,Tanjung Barat,penuh_waktu,2500000,1,31/12/2027",
        "JV-9003,Bakery Kawan,Kasir,kasir,Tanjung Barat,kontrak,2500000,1,31/12/2027",
    ]
    data = "\n".join([header, *rows]).encode()
    monkeypatch.setattr(
        st, "file_uploader", lambda *a, **k: _Uploaded("lowongan_bulan_ini.csv", data)
    )
    at = open_page("employer", "pemberi_kerja")
    assert not at.exception
    problems = next(df.value for df in at.dataframe if "Berkas" in df.value.columns)
    assert list(problems.columns) == ["Berkas", "Baris", "Kolom", "Isi", "Yang diharapkan"]
    got = {(r["Baris"], r["Kolom"]): (r["Berkas"], r["Yang diharapkan"])
           for r in problems.to_dict("records")}  # fmt: skip
    assert got[(3, "Posisi (title)")] == ("lowongan_bulan_ini.csv", "wajib diisi")
    file, allowed = got[(4, "Jenis kerja (work_type)")]
    assert allowed == "salah satu dari: penuh waktu, paruh waktu, shift, dari rumah"
    assert len(got) == 2  # row 2's "penuh waktu" is read as written


def test_a_wage_that_reads_as_thousands_is_pointed_out_under_the_field(open_page):
    at = open_page("employer", "pemberi_kerja")
    at.text_input(key="newvac_wage").input("4500").run()
    assert not at.exception
    assert "Terbaca Rp 4.500 sebulan" in texts(at)
    at.text_input(key="newvac_wage").input("4,5 jt").run()
    assert "Terbaca Rp" not in texts(at)
