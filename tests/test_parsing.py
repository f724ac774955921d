"""Values as people in Jakarta write them."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.domain import Education, WorkType
from matcher.parsing import (
    parse_bool,
    parse_date,
    parse_education,
    parse_enum,
    parse_float,
    parse_int,
    parse_list,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.500.000", 1_500_000),
        ("Rp 3.200.000", 3_200_000),
        ("Rp. 4.800.000/bulan", 4_800_000),
        ("Rp 4.500.000,-", 4_500_000),
        ("Rp 4.500.000,00", 4_500_000),
        ("4,5 juta", 4_500_000),
        ("2 jt", 2_000_000),
        ("750rb", 750_000),
        ("5000000", 5_000_000),
        ("1,500,000", 1_500_000),
        ("12", 12),
        (7, 7),
        (7.0, 7),
    ],
)
def test_reads_indonesian_numbers(text, value):
    assert parse_int(text) == value


@pytest.mark.parametrize("text", ["satu juta", "1.5.00", "", "12abc", True])
def test_rejects_what_is_not_a_whole_number(text):
    with pytest.raises(ValueError, match="whole number written in digits"):
        parse_int(text)


def test_a_minimum_is_part_of_the_message():
    with pytest.raises(ValueError, match="at least 0"):
        parse_int("-250.000", minimum=0)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("31/12/2026", date(2026, 12, 31)),
        ("2026-12-31", date(2026, 12, 31)),
        ("5-1-2027", date(2027, 1, 5)),
        ("5 Januari 2027", date(2027, 1, 5)),
        ("17 Agustus 2026", date(2026, 8, 17)),
        ("2027-1-5", date(2027, 1, 5)),
    ],
)
def test_reads_day_first_and_named_month_dates(text, value):
    assert parse_date(text) == value


def test_an_impossible_date_is_named_as_such():
    with pytest.raises(ValueError, match="that day does not exist"):
        parse_date("31/02/2027")


def test_an_unreadable_date_lists_the_accepted_forms():
    with pytest.raises(ValueError, match="31/12/2026"):
        parse_date("besok")


@pytest.mark.parametrize(
    ("text", "level"),
    [("SMK", Education.SMA), ("Paket C", Education.SMA), ("D3", Education.DIPLOMA),
     ("s1", Education.S1), ("SMP", Education.SMP), ("SMA/SMK", Education.SMA)],
)  # fmt: skip
def test_maps_indonesian_education_names_to_levels(text, level):
    assert parse_education(text) == level


def test_unknown_education_lists_the_levels():
    with pytest.raises(ValueError, match="SMA"):
        parse_education("SMA kelas 2")


def test_enum_error_lists_every_allowed_value_as_a_person_writes_it():
    with pytest.raises(ValueError) as info:
        parse_enum("kontrak", WorkType)
    for member in WorkType:
        assert member.value.replace("_", " ") in str(info.value)
    assert "_" not in str(info.value)
    # ... and each is read back as written there, or with a hyphen.
    assert parse_enum("Penuh Waktu", WorkType) is WorkType.FULL_TIME
    assert parse_enum("dari-rumah", WorkType) is parse_enum("dari_rumah", WorkType)


def test_lists_split_on_semicolons_else_commas():
    assert parse_list("menjahit; obras, permak") == ("menjahit", "obras, permak")
    assert parse_list("menjahit, obras") == ("menjahit", "obras")
    assert parse_list("Kasir|Cashier", separators="|") == ("Kasir", "Cashier")
    assert parse_list(None) == ()


def test_booleans_in_indonesian_and_english():
    assert parse_bool("ya") and parse_bool("Online") and not parse_bool("tidak")
    with pytest.raises(ValueError, match="ya or tidak"):
        parse_bool("mungkin")


def test_decimals_take_comma_or_dot():
    assert parse_float("7,5") == 7.5
    assert parse_float("3 km") == 3.0
