"""Business topics, trade-specific programmes and the wish to start a business
(matcher.scoring.business), on phrases whose right reading is known."""

from __future__ import annotations

import pytest

from matcher.domain import BusinessStage, ProgramType, Segment
from matcher.scoring.business import (
    START,
    business_text,
    is_general,
    needs,
    programme_topics,
    sectors,
    states_wish,
    topics,
    trade_skills,
    wants_business,
)
from tests.conftest import person, training


@pytest.mark.parametrize(
    "text",
    [
        "pengen buka usaha sendiri",
        "pingin punya toko kelontong",
        "mau mulai jualan online",
        "rencana bikin usaha laundry",
        "kepengen bgt buka kedai kecil2an",
        "cita-cita jadi pengusaha",
        "ingin memulai bisnis rumahan",
        "mau dagang aja dari rumah",
    ],
)
def test_a_wish_to_start_a_business_is_read_in_informal_indonesian(text):
    assert states_wish(text)


@pytest.mark.parametrize(
    "text",
    [
        "ga mau buka usaha, mau kerja kantoran",
        "belum kepikiran bikin usaha",
        "pengen kerja di toko",
        "mau kerja apa aja",
        "pernah jualan pulsa waktu sekolah",
        "bantu usaha keluarga",
        "",
    ],
)
def test_no_wish_is_read_where_none_is_written(text):
    assert not states_wish(text)


def test_topics_are_read_with_suffixes_and_whole_words_only():
    assert topics("mau rapiin pembukuannya, butuh modal") == {"keuangan", "modal"}
    assert topics("kurasi produk sebelum pameran") == {"pasar"}  # 'kur' is not in 'kurasi'
    assert topics("masak rendang") == frozenset()


@pytest.mark.parametrize("text", ["pengen masuk toko oleh2", "masuk toko oleh-oleh"])
def test_a_repeated_word_as_people_type_it_still_names_its_topic(text):
    assert topics(text) == {"pasar"}


def test_a_repeated_word_still_names_its_sector():
    assert sectors("bikin kue2 pesanan") == sectors("bikin kue pesanan") != frozenset()


def test_a_programme_teaching_a_trade_is_trade_specific():
    cake = training("E-1", "Usaha kue rumahan", ("bikin kue basah", "hitung HPP"),
                    program_type=ProgramType.ENTREPRENEURSHIP)  # fmt: skip
    books = training("E-2", "Kelas keuangan usaha", ("catat keuangan", "hitung HPP"),
                     program_type=ProgramType.ENTREPRENEURSHIP)  # fmt: skip
    assert trade_skills(cake.skills_taught) == ["bikin kue basah"]
    assert not is_general(cake) and is_general(books)
    assert programme_topics(books) == {"keuangan"}


def test_a_programme_is_for_what_its_title_names_else_what_it_teaches():
    def programme(title, skills):
        return training("E-1", title, skills, program_type=ProgramType.ENTREPRENEURSHIP)

    # The title says the purpose; filing the NIB is part of the curriculum.
    onboarding = programme("Onboarding Marketplace & Katalog Online",
                           ("jualan online di Shopee", "urus NIB"))  # fmt: skip
    assert programme_topics(onboarding) == {"online", "pasar"}
    packing = programme("Pengemasan & Perizinan: NIB, PIRT, Halal", ("label produk",))
    assert programme_topics(packing) == {"kemasan", "izin"}
    # A title that names no topic: the skills decide.
    mentoring = programme("Pendampingan UMKM Kuliner", ("PIRT", "hitung HPP"))
    assert programme_topics(mentoring) == {"izin", "keuangan"}


def test_needs_come_from_interests_and_business_and_starting_out_from_the_idea_stage():
    idea = person("P-1", segment=Segment.WOMAN_ENTREPRENEUR, interests="promosi di IG",
                  business_description="rencana jualan sambal", business_stage=BusinessStage.IDEA)  # fmt: skip
    assert needs(idea) == {"online", START}
    grown = person("P-2", segment=Segment.WOMAN_ENTREPRENEUR, interests="tambah modal",
                   business_description="toko kelontong", business_stage=BusinessStage.GROWING)  # fmt: skip
    assert needs(grown) == {"modal"}
    assert business_text(grown) == "toko kelontong"


def test_a_young_person_who_wants_a_business_has_one_to_serve_and_its_text():
    wish = person("P-3", interests="pengen buka usaha kue sendiri, jualan online")
    assert wants_business(wish) and START in needs(wish) and "online" in needs(wish)
    assert "usaha kue" in business_text(wish)
    job = person("P-4", interests="kasir; pramuniaga", experience="jaga toko 1 th")
    assert not wants_business(job) and business_text(job) == "" and needs(job) == frozenset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jualan kue kering & catering nasi box", {"kuliner"}),
        ("penjahit rumahan, terima jahitan", {"fashion"}),
        ("laundry kiloan antar jemput", {"jasa_rumah_tangga"}),
        ("warung sembako depan rumah", {"dagang"}),
        ("Pendampingan UMKM Kuliner", {"kuliner"}),
        ("Kelas pembukuan untuk UMKM", set()),  # a general programme names no sector
        ("", set()),
    ],
)
def test_sectors_are_read_from_a_business_text_or_a_programme_title(text, expected):
    from matcher.scoring.business import sectors

    assert sectors(text) == expected


def test_the_sector_file_names_each_cue_once():
    from matcher.scoring.business import sector_cues

    cues = [c for cs in sector_cues().values() for c in cs]
    assert len(cues) == len(set(cues)) and len(sector_cues()) >= 5
