"""The Indonesian -> English glossary: known answers, boundaries, and file checks."""

from __future__ import annotations

import csv

import pytest

from matcher.errors import FileFormatError, ValidationError
from matcher.text.glossary import GLOSSARY_CSV, Glossary, load_glossary, lookup, translate


def test_project_glossary_has_between_250_and_400_unique_rows():
    with GLOSSARY_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert 250 <= len(rows) <= 400
    assert len(load_glossary()) == len(rows)


def test_load_glossary_reads_the_file_once():
    assert load_glossary() is load_glossary()


@pytest.mark.parametrize(
    ("text", "expected_words"),
    [
        ("bisa menjahit dan obras", ["sewing", "overlock"]),
        ("penjahit, permak", ["tailor", "clothing alteration"]),
        ("tukang las", ["welder"]),
        ("mengelas listrik", ["welding", "electrical"]),
        ("kasir dan pramuniaga", ["cashier", "shop assistant"]),
        ("nyetir, supir", ["driving", "driver"]),
        ("ojol", ["motorcycle taxi driver"]),
        ("bongkar muat di gudang", ["loading and unloading", "warehouse"]),
        ("pembukuan sederhana", ["bookkeeping"]),
        ("jualan online lewat media sosial", ["online selling", "social media"]),
        ("Bahasa Inggris", ["English language"]),
        ("merawat anak", ["childcare"]),
        ("satpam", ["security guard"]),
        ("teknisi AC", ["air conditioning technician"]),
    ],
)
def test_translates_known_indonesian_terms(text, expected_words):
    out = translate(text)
    for word in expected_words:
        assert word in out


def test_keeps_unknown_words_unchanged():
    assert translate("bisa menjahit xyzzy") == "bisa sewing xyzzy"


def test_prefers_the_longest_term():
    g = Glossary([("las", "welding"), ("tukang las", "welder"), ("tukang", "tradesperson")])
    assert g.translate("tukang las") == "welder"
    assert g.translate("tukang kayu") == "tradesperson kayu"


def test_matches_whole_words_only():
    g = Glossary([("las", "welding")])
    assert g.translate("kelas bahasa") == "kelas bahasa"
    assert g.translate("las, kelas") == "welding, kelas"


def test_matches_case_insensitively_and_across_extra_spaces():
    g = Glossary([("bahasa inggris", "English language")])
    assert g.translate("BAHASA   Inggris") == "English language"


def test_abbreviations_written_in_capitals_match_case_sensitively():
    g = Glossary([("ART", "housekeeping"), ("jahit", "sewing")])
    assert g.translate("ART 2 tahun") == "housekeeping 2 tahun"
    assert g.translate("art and design") == "art and design"
    assert g.translate("JAHIT") == "sewing"


def test_leaves_english_words_that_look_like_local_terms_alone():
    # "motor" and "excel" are ordinary English words too, so they are not bare entries.
    text = "fine motor skills; I excel at art"
    assert translate(text) == text
    assert translate("kartu SIM dan SIM A") == "SIM cards dan car driving licence"


def test_does_not_retranslate_inserted_english():
    g = Glossary([("kasir", "cashier"), ("cashier", "SHOULD NOT APPEAR")])
    assert g.translate("kasir") == "cashier"


def test_lookup_returns_none_for_unknown_terms():
    assert lookup("menjahit") == "sewing"
    assert lookup("  Tukang   LAS ") == "welder"
    assert lookup("menjahit dan obras") is None
    assert lookup("ART") == "housekeeping"
    assert lookup("art") is None


def test_rejects_duplicate_and_empty_rows_naming_the_row(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("id,en\njahit,sewing\nJahit,sew\n,empty\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        Glossary.from_csv(path)
    message = str(info.value)
    assert "row 3" in message and "'Jahit'" in message
    assert "row 4" in message


def test_rejects_a_file_without_the_required_columns(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("indonesian,english\njahit,sewing\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="id,en"):
        Glossary.from_csv(path)


def test_a_fallback_glossary_reads_the_runs_of_words_this_one_does_not_know():
    main = Glossary([("tukang las", "welder"), ("ART", "domestic worker"), ("jaga", "guard")])
    words = Glossary([("suku cadang", "spare parts"), ("kapal", "ship"), ("las", "WRONG")])
    assert main.translate("tukang las kapal", fallback=words) == "welder ship"
    # A term of several words in the fallback spans unknown words, not a known one.
    assert main.translate("jual suku cadang", fallback=words) == "jual spare parts"
    assert main.translate("jaga suku cadang", fallback=words) == "guard spare parts"
    # Case-sensitive abbreviations stay case-sensitive; English "art" goes on.
    assert main.translate("ART, art kapal", fallback=words) == "domestic worker, art ship"
    assert Glossary([]).translate("kapal", fallback=words) == "ship"


def test_single_word_terms_are_found_as_words_among_thousands():
    # Single words are looked up, not tried as thousands of regex alternatives; the
    # result is the same: whole words only, any case, longest term first.
    entries = [(f"kata{i}", f"word{i}") for i in range(3000)] + [("kata1 kata2", "pair")]
    g = Glossary(entries)
    assert g.translate("KATA7 dan kata1 kata2, kata12x") == "word7 dan pair, kata12x"
