"""Informal Indonesian as typed on a phone is brought to standard words before matching."""

from __future__ import annotations

import pytest

from matcher.text.skills.informal import InformalTable, informal_share, root_candidates, standardise
from matcher.text.skills.phrases import split_phrases


@pytest.mark.parametrize(
    ("typed", "standard"),
    [
        ("bs nyetir", "bisa menyetir"),  # chat abbreviation + nasal ny- on a glossary root
        ("kerja2 ngojol", "bekerja ojek online"),  # reduplication with 2 + job slang
        ("benerin motor", "memperbaiki motor"),  # -in suffix slang
        ("ngelas pagar", "mengelas pagar"),  # nge- prefix undone, formal me- form known
        ("mijit", "memijat"),
        ("jagain lansia", "merawat lansia"),
        ("kue-kue kering", "kue kering"),  # reduplication with a hyphen
    ],
)
def test_informal_spellings_become_standard_words(typed, standard):
    assert standardise(typed) == standard


def test_an_app_name_becomes_the_skill_it_stands_for():
    assert standardise("desain pakai canva") == "desain pakai desain grafis"
    # ...but says nothing twice when the phrase already names the skill
    assert standardise("edit video pake capcut") == "edit video pakai"


def test_abbreviations_in_capitals_do_not_eat_english_words():
    assert standardise("ART pulang pergi").startswith("asisten rumah tangga")
    assert standardise("art and design") == "art and design"


def test_words_nobody_knows_are_kept_as_written():
    assert standardise("xyzabc qwerty") == "xyzabc qwerty"
    assert standardise("") == ""


def test_root_candidates_undo_the_colloquial_prefixes():
    assert "cuci" in root_candidates("nyuci")
    assert "setir" in root_candidates("nyetir")
    assert "ketik" in root_candidates("ngetik")
    assert "las" in root_candidates("ngelas")
    assert "pijit" in root_candidates("mijit")
    assert "bersih" in root_candidates("bersihin")


def test_informal_share_counts_the_changed_words():
    assert informal_share("menjahit baju") == 0.0
    assert informal_share("bs nyetir") == 1.0


def test_a_table_entry_with_capitals_matches_only_in_capitals():
    table = InformalTable.from_rows([("OB", "office boy"), ("yg", "yang")])
    assert table.lookup("OB") == "office boy"
    assert table.lookup("ob") is None
    assert table.lookup("YG") == "yang"


@pytest.mark.parametrize(
    ("entry", "phrases"),
    [
        ("cuci dan setrika", ["cuci", "setrika"]),
        ("masak sama packing", ["masak", "packing"]),
        ("jahit + obras", ["jahit", "obras"]),
        ("nyetir n bongkar muat", ["nyetir", "bongkar muat"]),
    ],
)
def test_two_skills_in_one_phrase_are_split(entry, phrases):
    assert split_phrases(entry) == phrases


def test_exact_lookups_read_the_standard_spelling_even_with_informal_off():
    from matcher.text.skills import SkillNormaliser
    from matcher.text.skills.normaliser import MatchVia
    from matcher.text.skills.taxonomy import SkillConcept

    care = SkillConcept("s:care", "supervise children")
    norm = SkillNormaliser(overrides={"mengasuh anak": "s:care"}, informal=False).fit([care])
    [match] = norm.normalise_one("ngasuh anak")
    assert (match.uri, match.via) == ("s:care", MatchVia.OVERRIDE)
    # Nothing informal in the phrase: nothing else is tried.
    assert norm.normalise_one("anak")[0].uri is None


def test_chat_abbreviations_alone_are_expanded():
    from matcher.text.skills.informal import expand_abbreviations

    assert expand_abbreviations("bs kerja sm tim") == "bisa kerja sama tim"
    assert expand_abbreviations("pny SIM C") == "punya SIM C"
    # Slang and app names are not abbreviations: the standardiser's business, not this.
    assert expand_abbreviations("nyetir, edit pk capcut") == "nyetir, edit pakai capcut"


def test_the_default_normaliser_reads_a_phrase_through_its_abbreviations():
    from matcher.text.glossary import Glossary
    from matcher.text.skills import SkillNormaliser
    from matcher.text.skills.taxonomy import SkillConcept

    teams = SkillConcept("s:teams", "work in teams")
    textile = SkillConcept("s:textile", "work in textile manufacturing teams", ("work in team",))
    norm = SkillNormaliser(
        glossary=Glossary([("kerja sama tim", "work in teams")]), overrides={}, informal=False
    ).fit([teams, textile])
    # "sm" is "sama": the glossary's "kerja sama tim" reads it, not the fuzzy "work sm team".
    assert norm.normalise_one("bisa kerja sm tim")[0].uri == "s:teams"


def test_repeated_words_are_read_once_but_a_chemical_formula_is_not():
    from matcher.text.skills.informal import undo_reduplication

    assert undo_reduplication("potong2 sayur, kue-kue kering") == "potong sayur, kue kering"
    assert undo_reduplication("Scan2 barcode") == "Scan barcode"
    # "co2" (CO2 welding) and "mp3" are not repeated words; neither is a hyphenated pair.
    assert undo_reduplication("las co2, file mp3, check-in") == "las co2, file mp3, check-in"


def test_the_default_normaliser_reads_a_repeated_word_as_the_word():
    from matcher.text.glossary import Glossary
    from matcher.text.skills import SkillNormaliser
    from matcher.text.skills.taxonomy import SkillConcept

    scan = SkillConcept("s:scan", "use barcode scanning equipment", ("scan barcodes",))
    boxes = SkillConcept("s:boxes", "scan2 boxes")  # shares "scan2" only as typed
    norm = SkillNormaliser(glossary=Glossary([]), overrides={}, informal=False, lexicon=False)
    norm.fit([scan, boxes])
    assert norm.normalise_one("scan2 barcode")[0].uri == "s:scan"
    assert norm.normalise_one("scan barcode")[0].uri == "s:scan"
