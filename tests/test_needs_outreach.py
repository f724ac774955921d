"""Outreach: WhatsApp text and flyer from deterministic templates."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.domain import (
    Education,
    JobPosting,
    ProgramType,
    TargetSegment,
    TrainingProgram,
    WorkType,
)
from matcher.loaders import load_programs, load_vacancies
from matcher.needs.outreach import WHATSAPP_LIMIT, Paper, clean, flyer_html, message
from tests.needs_fixtures import ROOT

PROGRAM = TrainingProgram(
    "PR-900", "Koperasi Wanita Melati", "Pembukuan Sederhana untuk UMKM",
    ProgramType.ENTREPRENEURSHIP, description="Catat pemasukan dan pengeluaran.",
    skills_taught=("pembukuan sederhana", "hitung HPP"), min_age=21, max_age=55,
    target_segment=TargetSegment.WOMAN_ENTREPRENEUR, schedule="Senin-Kamis 08:00-11:00",
    kelurahan="Tanjung Barat", seats=20, seats_filled=5, start_date=date(2027, 1, 11),
    duration_days=3,
)  # fmt: skip
VACANCY = JobPosting(
    "JV-900", "Toko Sumber Rejeki", "Kasir", description="Melayani pembeli.",
    required_skills=("kasir",), min_education=Education.SMA, kelurahan="Lenteng Agung",
    work_type=WorkType.SHIFT, schedule="shift pagi/sore", wage=4_200_000, openings=2,
    closing_date=date(2026, 12, 20), min_age=18, max_age=30,
)  # fmt: skip


def test_program_message_says_what_for_whom_when_where_and_how_to_register():
    text = message(PROGRAM, contact="Ibu Yuli (0812-1111-2222)").text
    for part in ("*Pembukuan Sederhana untuk UMKM*", "perempuan pelaku usaha", "usia 21-55",
                 "Senin-Kamis 08:00-11:00", "11 Januari 2027", "Kel. Tanjung Barat",
                 "GRATIS", "15 kursi tersisa", "Ibu Yuli (0812-1111-2222)", "PR-900"):  # fmt: skip
        assert part in text, part


def test_vacancy_message_shows_wage_deadline_and_requirements():
    text = message(VACANCY).text
    for part in ("*Lowongan: Kasir*", "Toko Sumber Rejeki", "Rp 4.200.000/bulan",
                 "20 Desember 2026", "pendidikan minimal SMA/SMK", "2 orang", "JV-900"):  # fmt: skip
        assert part in text, part


def test_long_items_are_shortened_but_keep_how_to_register():
    long = TrainingProgram(
        "PR-901", "P" * 40, "Kursus " + "sangat panjang " * 20, ProgramType.VOCATIONAL,
        description="deskripsi " * 120, skills_taught=tuple(f"keahlian {i}" for i in range(40)),
        schedule="Senin-Jumat 08:00-12:00", kelurahan="Jagakarsa",
    )  # fmt: skip
    out = message(long, contact="Pak Budi (0812)")
    assert out.fits and out.shortened and out.length <= WHATSAPP_LIMIT
    assert "Cara daftar" in out.text and "Pak Budi" in out.text


def test_every_sample_item_fits_in_a_whatsapp_message():
    programs = load_programs(ROOT / "data" / "sample" / "programs.csv").records
    vacancies = load_vacancies(ROOT / "data" / "sample" / "vacancies.csv").records
    contact = "Dr. Anita Kusumawati (fiktif) (0812-1234-5678)"
    assert all(message(x, contact=contact).fits for x in programs + vacancies)


def test_user_text_cannot_restyle_the_whatsapp_message():
    assert clean("*GRATIS* _hari ini_ ~x~\nbaris") == "GRATIS hari ini x baris"


@pytest.mark.parametrize("paper", list(Paper))
def test_flyer_escapes_user_text_and_sets_the_page_size(paper):
    evil = TrainingProgram(
        "PR-902", "<script>alert(1)</script>", "Kelas <b>Jahit</b>", ProgramType.VOCATIONAL,
        description='"onerror=x', kelurahan="Jagakarsa",
    )  # fmt: skip
    page = flyer_html(evil, contact="<img src=x>", paper=paper)
    assert "<script>" not in page and "<b>Jahit" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "Kelas &lt;b&gt;Jahit&lt;/b&gt;" in page
    assert f"size: {paper.value}" in page and "@media print" in page
    assert "http" not in page  # no external fonts or images: prints offline


def test_paper_option_lists_allowed_values():
    with pytest.raises(ValueError, match="Letter.*A5, A4"):
        flyer_html(PROGRAM, paper="Letter")
