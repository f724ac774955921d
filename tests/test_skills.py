"""ESCO taxonomy and SkillNormaliser: small known-answer taxonomies plus one real-ESCO check."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from matcher.errors import UnknownRecordError
from matcher.text.glossary import Glossary
from matcher.text.skills import (
    OVERRIDES_CSV,
    EscoTaxonomy,
    MatchVia,
    OccupationConcept,
    SkillConcept,
    SkillNormaliser,
    coverage,
    label_key,
    read_taxonomy,
    split_phrases,
)

SEW = SkillConcept("s:sew", "sew pieces of fabric", ("sew fabric", "sewing of fabric pieces"))
CASH = SkillConcept("s:cash", "operate cash register", ("use cash register", "operate till"))
SHEET = SkillConcept("s:sheet", "use spreadsheets software", ("use spreadsheets", "Excel"))
BAKE = SkillConcept("s:bake", "bake goods", ("bake products",), "skill/competence")
DRIVE = SkillConcept("s:drive", "drive vehicles", ("drive car",))
WELD = SkillConcept("s:weld", "operate welding equipment", ("use welding equipment",))
SKILLS = (SEW, CASH, SHEET, BAKE, DRIVE, WELD)
TAILOR = OccupationConcept("o:tailor", "tailor", ("dressmaker",), "7531")
CASHIER = OccupationConcept("o:cashier", "cashier", (), "5230")
RELATIONS = (
    ("o:tailor", "essential", "s:sew"),
    ("o:tailor", "optional", "s:sheet"),
    ("o:cashier", "essential", "s:cash"),
    ("o:cashier", "essential", "s:not-in-this-subset"),
)
GLOSSARY = Glossary(
    [("menjahit", "sewing"), ("jahit", "sewing"), ("obras", "overlock sewing"),
     ("kasir", "cashier"), ("mengelas", "welding"), ("nyetir", "driving")]
)  # fmt: skip
OVERRIDES = {
    "cashier": "s:cash",
    "sewing": "s:sew",
    "overlock sewing": "s:sew",
    "welding": "s:weld",
    "x": "s:elsewhere",
}


@pytest.fixture(scope="module")
def taxonomy() -> EscoTaxonomy:
    return EscoTaxonomy(SKILLS, (TAILOR, CASHIER), RELATIONS)


@pytest.fixture(scope="module")
def normaliser(taxonomy) -> SkillNormaliser:
    return SkillNormaliser(glossary=GLOSSARY, overrides=OVERRIDES).fit(taxonomy)


# --- taxonomy ---------------------------------------------------------------------------


def test_taxonomy_looks_up_skills_and_occupations_by_uri(taxonomy):
    assert taxonomy.skill("s:sew") is SEW
    assert taxonomy.occupation("o:tailor").isco_group == "7531"
    with pytest.raises(UnknownRecordError, match="no-such-skill"):
        taxonomy.skill("no-such-skill")


def test_taxonomy_separates_essential_from_optional_skills(taxonomy):
    assert taxonomy.essential_skills("o:tailor") == (SEW,)
    assert taxonomy.optional_skills("o:tailor") == (SHEET,)
    # The relation to a skill outside the taxonomy is dropped, not an error.
    assert taxonomy.essential_skills("o:cashier") == (CASH,)


def test_subset_keeps_only_the_skills_of_the_given_occupations(taxonomy):
    sub = taxonomy.skills_for_occupations(["o:tailor"])
    assert {s.uri for s in sub.skills} == {"s:sew", "s:sheet"}
    assert sub.essential_skills("o:cashier") == ()


def test_rejects_a_relation_type_that_esco_does_not_use():
    with pytest.raises(ValueError, match="'required'.*essential, optional"):
        EscoTaxonomy([SEW], [TAILOR], [("o:tailor", "required", "s:sew")])


def _write_esco(folder, skills_rows):
    folder.mkdir(exist_ok=True)
    with (folder / "skills_en.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["conceptUri", "preferredLabel", "altLabels", "skillType", "reuseLevel",
                    "description"])  # fmt: skip
        w.writerows(skills_rows)
    (folder / "occupations_en.csv").write_text(
        "conceptUri,preferredLabel,altLabels,iscoGroup,description\n"
        'o:tailor,tailor,"dressmaker\nseamstress",7531,Makes clothes.\n',
        encoding="utf-8",
    )
    (folder / "occupationSkillRelations.csv").write_text(
        "occupationUri,relationType,skillType,skillUri\no:tailor,essential,skill,s:sew\n",
        encoding="utf-8",
    )


def test_reads_esco_csvs_splitting_alt_labels_on_newlines(tmp_path):
    esco = tmp_path / "esco"
    _write_esco(esco, [["s:sew", "sew pieces of fabric", "sew fabric\nsewing\n", "skill", "", ""]])
    tax = read_taxonomy(esco)
    assert tax.skill("s:sew").alt_labels == ("sew fabric", "sewing")
    assert tax.occupation("o:tailor").alt_labels == ("dressmaker", "seamstress")
    assert [s.uri for s in tax.essential_skills("o:tailor")] == ["s:sew"]


def test_second_load_comes_from_the_cache_without_parsing_csv(tmp_path, monkeypatch):
    pytest.importorskip("pyarrow")
    esco, cache = tmp_path / "esco", tmp_path / "cache"
    _write_esco(esco, [["s:sew", "sew pieces of fabric", "sew fabric", "skill", "", ""]])
    first = read_taxonomy(esco, cache)
    assert (cache / "manifest.json").exists()

    def no_csv(*args, **kwargs):
        raise AssertionError("parsed the CSV again although the cache is fresh")

    monkeypatch.setattr("matcher.text.skills.taxonomy.pd.read_csv", no_csv)
    assert read_taxonomy(esco, cache).skill("s:sew") == first.skill("s:sew")


def test_cache_is_rebuilt_when_a_source_file_changes(tmp_path):
    esco, cache = tmp_path / "esco", tmp_path / "cache"
    _write_esco(esco, [["s:sew", "sew pieces of fabric", "", "skill", "", ""]])
    read_taxonomy(esco, cache)
    with (esco / "skills_en.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["conceptUri", "preferredLabel", "altLabels", "skillType", "reuseLevel",
                    "description"])  # fmt: skip
        w.writerow(["s:sew", "sew garments by hand", "", "skill", "", ""])
    assert read_taxonomy(esco, cache).skill("s:sew").label == "sew garments by hand"


# --- splitting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("menjahit, obras dan permak", ["menjahit", "obras", "permak"]),
        ("kasir; pramuniaga / SPG", ["kasir", "pramuniaga", "SPG"]),
        ("- nyetir\n- bongkar muat\n• kurir", ["nyetir", "bongkar muat", "kurir"]),
        ("1. jahit 2. obras", ["jahit", "obras"]),
        ("Microsoft Office (Word, Excel)", ["Microsoft Office", "Word", "Excel"]),
        ("kue kering & catering", ["kue kering", "catering"]),
        ("   ", []),
    ],
)
def test_splits_free_text_into_phrases(text, phrases):
    assert split_phrases(text) == phrases


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        # One verb, two objects: each part is a skill with the verb.
        ("jahit gamis dan seragam", ["jahit gamis", "jahit seragam"]),
        (
            "bersihin lantai n kaca & jendela",
            ["bersihin lantai", "bersihin kaca", "bersihin jendela"],
        ),
        # Two actions stay two phrases; so does a bare verb before the conjunction.
        ("bersihin lantai & setrika baju", ["bersihin lantai", "setrika baju"]),
        ("jahit dan obras", ["jahit", "obras"]),
        # A comma lists, it does not coordinate; a skill's own name stays as written.
        ("jahit gamis, seragam", ["jahit gamis", "seragam"]),
        ("jahit gamis & Excel", ["jahit gamis", "Excel"]),
        # A bare verb shares the object after the conjunction when that makes a skill the
        # normaliser knows for sure ("iron shirts"); else it stays as the person wrote it.
        ("setrika & jahit kemeja", ["setrika kemeja", "jahit kemeja"]),
        ("jahit dan bersihin lantai", ["jahit", "bersihin lantai"]),
        ("setrika, jahit kemeja", ["setrika", "jahit kemeja"]),  # a comma lists
        # The object is the nearest one after it in the run, not the last one's.
        (
            "setrika dan jahit kemeja dan bersihin lantai",
            ["setrika kemeja", "jahit kemeja", "bersihin lantai"],
        ),
        ("setrika dan jahit dan jahit kemeja", ["setrika kemeja", "jahit", "jahit kemeja"]),
    ],
)
def test_a_part_joined_by_a_conjunction_takes_the_verb_it_lacks(text, phrases):
    verbs = [
        SkillConcept("s:sew", "sew pieces of fabric"),
        SkillConcept("s:sg", "sew garments"),
        SkillConcept("s:cf", "clean floors"),
        SkillConcept("s:cw", "clean windows"),
        SkillConcept("s:it", "iron textiles"),
        SkillConcept("s:is", "iron shirts"),
        SHEET,
    ]
    glossary = Glossary(
        [
            ("jahit", "sew"),
            ("bersihin", "clean"),
            ("setrika", "iron"),
            ("lantai", "floors"),
            ("seragam", "uniforms"),
            ("obras", "overlock"),
            ("kemeja", "shirts"),
        ]
    )
    norm = SkillNormaliser(glossary=glossary, overrides={}, lexicon=False).fit(verbs)
    assert norm.entry_phrases(text) == phrases
    assert [m.text for m in norm.normalise_one(text)] == phrases  # what is matched, too


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("cuci setrika", ["cuci", "setrika"]),  # two actions, no "dan"
        ("bersihin setrika jahit", ["bersihin", "setrika", "jahit"]),
        ("setrika kemeja", ["setrika kemeja"]),  # a verb and its object
        ("setrika lantai", ["setrika lantai"]),  # ... even an odd one: no action in it
        ("cuci mobil", ["cuci mobil"]),  # "mobil" is no skill the normaliser knows
        ("clean iron", ["clean iron"]),  # typed in English: nothing to read as Indonesian
        ("cuci setrika kemeja lipat", ["cuci setrika kemeja lipat"]),  # four words
        ("jahit obras", ["jahit obras"]),  # "overlock" is a kind of sewing, not a verb
        ("setrika setrika", ["setrika setrika"]),  # one word said twice
    ],
)
def test_actions_typed_side_by_side_are_read_as_if_joined(text, phrases):
    skills = [
        SkillConcept("s:cf", "clean floors", ("clean",)),
        SkillConcept("s:it", "iron textiles", ("ironing",)),
        SkillConcept("s:is", "iron shirts"),
        SkillConcept("s:sew", "sew pieces of fabric", ("sewing",)),
        SkillConcept("s:car", "drive cars"),
    ]
    glossary = Glossary([("cuci", "clean"), ("bersihin", "clean"), ("setrika", "ironing"),
                         ("jahit", "sewing"), ("obras", "overlock sewing"),
                         ("kemeja", "shirts"), ("lantai", "floors")])  # fmt: skip
    # A bar above this tiny taxonomy's fuzzy scores ("cuci setrika" reaches *iron
    # textiles* at 0.82 here, 0.63 among all of ESCO): the whole maps by no fuzzy match.
    norm = SkillNormaliser(
        glossary=glossary, overrides={"overlock sewing": "s:sew"}, lexicon=False, threshold=0.9
    ).fit(skills)
    assert norm.entry_phrases(text) == phrases
    if len(phrases) > 1:  # each part reaches its own concept, as if "dan" stood between
        by_part = [(m.text, m.uri) for m in norm.normalise_one(text)]
        joined = [(m.text, m.uri) for m in norm.normalise_one(" dan ".join(phrases))]
        assert by_part == joined and len({uri for _, uri in by_part}) == len(phrases)


def test_actions_side_by_side_that_map_as_a_whole_stay_one_skill():
    # "desain kemasan" (ESCO: *design package*) is not design and packing: the whole
    # phrase's fuzzy match is asked before it is cut, and only an unmapped one is cut.
    skills = [
        SkillConcept("s:design", "design graphics", ("design",)),
        SkillConcept("s:pack", "pack goods", ("packing",)),
        SkillConcept("s:package", "design packaging"),
    ]
    glossary = Glossary([("desain", "design"), ("kemasan", "packing")])

    def read(threshold):
        norm = SkillNormaliser(glossary=glossary, overrides={}, lexicon=False,
                               threshold=threshold).fit(skills)  # fmt: skip
        return [m.text for m in norm.normalise_one("desain kemasan") if m.uri]

    assert read(0.75) == ["desain kemasan"]  # the whole maps (fuzzy, 0.80)
    assert read(0.9) == ["desain", "kemasan"]  # it does not: two actions


def test_does_not_split_words_that_merely_contain_dan():
    assert split_phrases("pendanaan usaha, dandan") == ["pendanaan usaha", "dandan"]


def test_coverage_counts_the_label_words_the_phrase_mentions():
    assert coverage("install plumbing systems", "plumbing") == pytest.approx(1 / 3)
    assert coverage("perform video editing", "video editing") == 1.0
    assert coverage("embroider fabrics", "embroidery fabric") == 1.0


def test_prefers_the_general_label_over_a_more_specific_one():
    general = SkillConcept("s:lead", "lead others")
    specific = SkillConcept("s:nurse-lead", "leadership in nursing")
    tax = EscoTaxonomy([general, SkillConcept("s:lp", "leadership principles"), specific])
    plain = SkillNormaliser(threshold=0.0, coverage_power=0.0, overrides={}).fit(tax)
    covered = SkillNormaliser(threshold=0.0, overrides={}).fit(tax)
    assert plain.normalise_one("leadership")[0].uri == "s:nurse-lead"
    assert covered.normalise_one("leadership")[0].uri != "s:nurse-lead"


def test_label_key_ignores_case_and_punctuation():
    assert label_key("  Operate Cash-Register! ") == "operate cash register"
    assert label_key("C++") == "c++"


# --- normaliser on a small known taxonomy ------------------------------------------------


def test_maps_an_exact_esco_label_ignoring_case_and_punctuation(normaliser):
    [m] = normaliser.normalise_one("Operate cash-register")
    assert (m.uri, m.via, m.score) == ("s:cash", MatchVia.EXACT, 1.0)


def test_maps_an_alternative_label_to_its_concept(normaliser):
    [m] = normaliser.normalise_one("operate till")
    assert m.uri == "s:cash" and m.label == "operate cash register"


def test_maps_indonesian_through_the_glossary_and_overrides(normaliser):
    matches = normaliser.normalise_one("bisa menjahit dan obras, kasir")
    assert [m.text for m in matches] == ["bisa menjahit", "obras", "kasir"]
    assert [m.uri for m in matches] == ["s:sew", "s:sew", "s:cash"]
    assert matches[0].via is MatchVia.OVERRIDE


def test_glossary_translation_can_reach_an_esco_label_exactly():
    norm = SkillNormaliser(glossary=Glossary([("nyetir mobil", "drive car")]), overrides={})
    [m] = norm.fit(EscoTaxonomy(SKILLS)).normalise_one("Nyetir mobil")
    assert (m.uri, m.via) == ("s:drive", MatchVia.GLOSSARY)


def test_a_rendering_in_the_singular_reaches_a_label_in_the_plural():
    # Indonesian marks no plural: "bikin rencana bisnis" renders "develop business plan",
    # ESCO's label says "develop business plans".
    plans = SkillConcept("s:plans", "develop business plans")
    glossary = Glossary([("bikin rencana bisnis", "develop business plan"),
                         ("cuci piring", "wash dish"), ("urus pajak", "tax")])  # fmt: skip
    dishes = SkillConcept("s:dishes", "wash dishes")
    taxes = SkillConcept("s:taxes", "taxes")
    norm = SkillNormaliser(glossary=glossary, overrides={}).fit(
        EscoTaxonomy([*SKILLS, plans, dishes, taxes])
    )
    [m] = norm.normalise_one("bikin rencana bisnis")
    assert (m.uri, m.via, m.score) == ("s:plans", MatchVia.GLOSSARY, 1.0)
    assert norm.normalise_one("cuci piring")[0].uri == "s:dishes"  # -es after "sh"
    # One word is a name, not an object: "tax" is not made "taxes".
    assert norm.normalise_one("urus pajak")[0].via is not MatchVia.GLOSSARY


def test_a_rendering_in_the_ing_form_reaches_a_label_that_begins_with_the_base_verb():
    # "baking roti" renders "baking bread"; ESCO's skills begin with a base verb.
    bread = SkillConcept("s:bread", "prepare bakery products", ("bake bread",))
    rooms = SkillConcept("s:rooms", "clean rooms")
    glossary = Glossary([("baking roti", "baking bread"), ("cleaning kamar", "cleaning room"),
                         ("shopping online", "shopping online")])  # fmt: skip
    norm = SkillNormaliser(glossary=glossary, overrides={}).fit(
        EscoTaxonomy([*SKILLS, bread, rooms, SkillConcept("s:shop", "shop online")])
    )
    [m] = norm.normalise_one("baking roti")
    assert (m.uri, m.via, m.score) == ("s:bread", MatchVia.GLOSSARY, 1.0)
    assert norm.normalise_one("cleaning kamar")[0].uri == "s:rooms"  # base, then plural
    assert norm.normalise_one("shopping online")[0].uri == "s:shop"  # a doubled consonant


def test_fuzzy_matches_a_near_spelling(normaliser):
    [m] = normaliser.normalise_one("operating welding equipments")
    assert m.uri == "s:weld" and m.via is MatchVia.FUZZY
    assert 0.7 <= m.score < 1.0


@pytest.mark.parametrize("typed", ["Excel dasar", "excel dikit", "paham excel", "Excel"])
def test_words_that_say_how_well_do_not_hide_the_skill(normaliser, typed):
    # "Excel" is an alternative label; "dasar" (basic), "dikit" (a little) and "paham"
    # (understands) say how well, not what.
    [m] = normaliser.normalise_one(typed)
    assert m.uri == "s:sheet" and m.score == 1.0


def test_keeps_gibberish_as_an_unmapped_phrase(normaliser):
    [m] = normaliser.normalise_one("xqzt blorf")
    assert m.uri is None and m.label is None and not m.mapped
    assert m.text == "xqzt blorf" and m.via is MatchVia.UNMAPPED


def test_a_higher_threshold_turns_a_fuzzy_match_into_unmapped(taxonomy):
    text = "operating welding equipments"
    low = SkillNormaliser(threshold=0.5, glossary=GLOSSARY, overrides={}).fit(taxonomy)
    high = SkillNormaliser(threshold=0.99, glossary=GLOSSARY, overrides={}).fit(taxonomy)
    [m_low] = low.normalise_one(text)
    [m_high] = high.normalise_one(text)
    assert m_low.uri == "s:weld"
    assert m_high.uri is None and m_high.score == m_low.score


def test_top_k_returns_several_distinct_skills_best_first(taxonomy):
    norm = SkillNormaliser(threshold=0.0, top_k=3, glossary=GLOSSARY, overrides={})
    matches = norm.fit(taxonomy).normalise_one("use welding spreadsheets")
    assert len({m.uri for m in matches}) == 3
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_batch_results_equal_one_by_one_results(normaliser):
    texts = ["menjahit, kasir", "xqzt", "operate till", "", "use spreadsheets / bake goods"]
    assert normaliser.transform(texts) == [normaliser.normalise_one(t) for t in texts]
    assert normaliser.normalise_one("") == []


def test_overrides_outside_the_indexed_skills_are_skipped(normaliser):
    assert normaliser.overrides_skipped_ == 1


def test_follows_the_estimator_contract(taxonomy):
    norm = SkillNormaliser(threshold=0.8, glossary=GLOSSARY)
    with pytest.raises(NotFittedError):
        norm.transform(["kasir"])
    assert clone(norm).get_params()["threshold"] == 0.8
    assert norm.fit(taxonomy) is norm


@pytest.mark.parametrize(
    ("param", "value"),
    [("threshold", 1.5), ("top_k", 0), ("semantic_weight", -0.1), ("coverage_power", -1)],
)
def test_rejects_out_of_range_parameters_naming_them(taxonomy, param, value):
    with pytest.raises(ValueError, match=param):
        SkillNormaliser(**{param: value}).fit(taxonomy)


def test_refuses_a_bare_string(normaliser):
    with pytest.raises(TypeError, match="single string"):
        normaliser.transform("kasir")


class ConceptEncoder:
    """Fake semantic encoder: a text's vector counts the concepts its words name."""

    CONCEPTS = {"till": 0, "cash": 0, "register": 0, "checkout": 0, "sew": 1, "tailoring": 1}

    def transform(self, texts):
        out = np.zeros((len(texts), 3), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in label_key(text).split():
                out[i, self.CONCEPTS.get(word, 2)] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_a_semantic_encoder_rescues_a_synonym_tfidf_cannot_see(taxonomy):
    plain = SkillNormaliser(threshold=0.6, overrides={}).fit(taxonomy)
    blended = SkillNormaliser(
        threshold=0.6, overrides={}, encoder=ConceptEncoder(), semantic_weight=0.8
    ).fit(taxonomy)
    assert plain.normalise_one("checkout")[0].uri is None
    [m] = blended.normalise_one("checkout")
    assert (m.uri, m.via) == ("s:cash", MatchVia.BLEND)


# --- knowledge concepts on the default path ----------------------------------------------

# ESCO files some fields as knowledge: their preferred label is the field's name, their
# alternative labels hold loose variants ("Canvas" is an LMS, not the design app Canva).
LMS = SkillConcept("s:lms", "learning management systems", ("Canvas",), "knowledge")
SERVICE = SkillConcept("s:service", "customer service", ("client care",), "knowledge")
GUARD = SkillConcept("s:guard", "guard premises", ("watch over buildings",), "skill/competence")
KNOWLEDGE_TAXONOMY = EscoTaxonomy((LMS, SERVICE, GUARD, *SKILLS))


def knowledge_normaliser(**params) -> SkillNormaliser:
    glossary = Glossary([("layanan pelanggan", "customer service")])
    return SkillNormaliser(glossary=glossary, overrides={}, **params).fit(KNOWLEDGE_TAXONOMY)


def test_an_alternative_label_of_a_knowledge_concept_is_held_back_and_keeps_the_words():
    matches = knowledge_normaliser().normalise_one("operate till, Canvas")
    assert [(m.text, m.uri, m.via) for m in matches] == [
        ("operate till", "s:cash", MatchVia.EXACT),
        ("Canvas", None, MatchVia.UNMAPPED),
    ]
    # Without the discount the old behaviour comes back: the LMS is claimed.
    [m] = knowledge_normaliser(knowledge_discount=1.0).normalise_one("Canvas")
    assert (m.uri, m.via) == ("s:lms", MatchVia.EXACT)


def test_a_near_spelling_of_a_knowledge_alternative_label_is_held_back_too():
    [m] = knowledge_normaliser().normalise_one("canva")
    assert m.uri is None and m.text == "canva"
    [m] = knowledge_normaliser(knowledge_discount=1.0).normalise_one("canva")
    assert (m.uri, m.via) == ("s:lms", MatchVia.FUZZY)


def test_the_preferred_label_of_a_knowledge_concept_still_maps_also_through_the_glossary():
    norm = knowledge_normaliser()
    [m] = norm.normalise_one("Customer Service")
    assert (m.uri, m.via) == ("s:service", MatchVia.EXACT)
    [m] = norm.normalise_one("layanan pelanggan")
    assert (m.uri, m.via) == ("s:service", MatchVia.GLOSSARY)
    [m] = norm.normalise_one("learning managment systems")  # a near spelling of it
    assert (m.uri, m.via) == ("s:lms", MatchVia.FUZZY)
    [m] = norm.normalise_one("learning management system")  # its singular, looked up plural
    assert (m.uri, m.via, m.score) == ("s:lms", MatchVia.GLOSSARY, 1.0)


def test_a_phrase_that_names_a_field_gets_the_knowledge_concept_by_its_alternative_label():
    [m] = knowledge_normaliser().normalise_one("Canvas knowledge")
    assert m.uri == "s:lms"


def test_an_alternative_label_shared_by_a_skill_and_a_knowledge_concept_goes_to_the_skill():
    survey = SkillConcept("s:survey", "surveying", ("watch over buildings",), "knowledge")
    norm = SkillNormaliser(overrides={}, glossary=Glossary([])).fit([survey, GUARD])
    assert [m.uri for m in norm.normalise_one("watch over buildings")] == ["s:guard"]


def test_a_field_whose_practice_is_a_skill_maps_to_that_skill_unless_the_field_is_named():
    # ESCO files "first aid" under knowledge and "provide first aid" as its practice.
    aid = SkillConcept("k:aid", "first aid", ("emergency first aid",), "knowledge")
    give = SkillConcept("s:aid", "provide first aid")
    sell = SkillConcept("s:sell", "sell cosmetics")  # a specific verb: another skill
    cosmetics = SkillConcept("k:cos", "cosmetics", (), "knowledge")
    glossary = Glossary([("P3K", "first aid"), ("kosmetik", "cosmetics")])
    taxonomy = [aid, give, sell, cosmetics]
    # By default a field's name is the field, as public annotations of job ads have it.
    plain = SkillNormaliser(overrides={}, glossary=glossary).fit(taxonomy)
    assert [m.uri for m in plain.normalise_one("P3K")] == ["k:aid"]
    assert [m.uri for m in plain.normalise_one("first aid")] == ["k:aid"]
    norm = SkillNormaliser(overrides={}, glossary=glossary, field_practice=True).fit(taxonomy)
    assert norm.practice_of_ == {0: 1}
    assert [m.uri for m in norm.normalise_one("P3K")] == ["s:aid"]
    assert [m.uri for m in norm.normalise_one("first aid")] == ["s:aid"]
    assert [m.uri for m in norm.normalise_one("ilmu first aid")] == ["k:aid"]  # a field
    assert [m.uri for m in norm.normalise_one("kosmetik")] == ["k:cos"]


def test_a_language_a_person_lists_is_one_she_speaks_also_through_an_override_or_a_near_spelling():
    korean = SkillConcept("k:ko", "Korean", ("Korean language",), "knowledge")
    speak = SkillConcept("s:ko", "interact verbally in Korean")
    read = SkillConcept("s:ko-read", "understand written Korean")
    glossary = Glossary([("bahasa korea", "Korean language"), ("hangul", "hangul")])
    taxonomy = [korean, speak, read, *SKILLS]
    plain = SkillNormaliser(overrides={"hangul": "k:ko"}, glossary=glossary).fit(taxonomy)
    for typed in ("Korean", "hangul"):  # by default the language itself
        assert [m.uri for m in plain.normalise_one(typed)] == ["k:ko"], typed
    norm = SkillNormaliser(
        overrides={"hangul": "k:ko"}, glossary=glossary, field_practice=True
    ).fit(taxonomy)
    assert norm.practice_of_ == {0: 1}
    for typed in ("bahasa korea", "Korean", "hangul", "koreann"):  # exact, override, fuzzy
        [m] = norm.normalise_one(typed)
        assert m.uri == "s:ko", typed
    assert [m.uri for m in norm.normalise_one("ilmu bahasa korea")] == ["k:ko"]  # a field
    kept = SkillNormaliser(
        overrides={}, glossary=glossary, knowledge_discount=1.0, field_practice=True
    ).fit(taxonomy)  # the ablation keeps every skill-before-knowledge rule off
    assert [m.uri for m in kept.normalise_one("bahasa korea")] == ["k:ko"]
    strict = SkillNormaliser(
        overrides={}, glossary=glossary, threshold=0.99, field_practice=True
    ).fit(taxonomy)
    [m] = strict.normalise_one("koreann")  # below the bar: its nearest concept, practised
    assert m.uri is None and [uri for uri, *_ in m.near] == ["s:ko"]


def test_a_phrase_that_begins_with_a_verb_of_using_names_the_skill_of_what_it_uses():
    sheet = SkillConcept("s:sheet", "use spreadsheets software", ("excel",))
    cash = SkillConcept("s:cash", "operate cash register")
    glossary = Glossary([("mesin kasir", "operate cash register")])
    # A bar no fuzzy match reaches: only the lookups decide.
    norm = SkillNormaliser(overrides={}, glossary=glossary, threshold=0.99).fit(
        [sheet, cash, *SKILLS]
    )
    for typed in ("menggunakan excel", "bisa pake Excel", "pk excel", "using Excel"):
        [m] = norm.normalise_one(typed)
        assert (m.uri, m.text) == ("s:sheet", typed), typed  # the words as typed
    [m] = norm.normalise_one("mengoperasikan mesin kasir")
    assert m.uri == "s:cash"
    [m] = norm.normalise_one("pake sepatu")  # what it uses maps to nothing
    assert m.uri is None


# --- real ESCO ----------------------------------------------------------------------------

SCREEN = {"prepare screen printing", "screen printing process", "operate screen printing press"}
DIGITAL = {"plan digital marketing", "digital marketing techniques"}
ONLINE = {"sell products", "process orders from online shop", "e-commerce systems"}
NEGOTIATE = {"negotiate compromises", "negotiate price"}
LEAD = {"leadership principles", "lead others"}
GARDEN = {"use gardening equipment", "create garden areas", "perform ground maintenance activities"}
CONTENT = {"digital content creation", "create digital content"}
STOCK = {"follow stock control instructions", "maintain stock control systems"}
ARABIC = {"Arabic", "understand written Arabic", "understand spoken Arabic", "write Arabic",
          "interact verbally in Arabic"}  # fmt: skip
JAPANESE = {"Japanese", "understand written Japanese", "understand spoken Japanese",
            "write Japanese", "interact verbally in Japanese"}  # fmt: skip

# Dev list for choosing the threshold: phrase -> acceptable ESCO preferred labels, or None
# when no ESCO concept fits and "unmapped" is the right answer. Written by hand from what
# each phrase means; phrases covered word-for-word by skill_overrides.csv are left out, so
# this measures the glossary + exact + TF-IDF path. 63 phrases have an answer, 12 do not.
#
# Top-1 precision / recall measured on 2026-11-27 (threshold was tuned on this same list,
# so these are optimistic):
#   TF-IDF, no coverage weighting:   0.70 -> P 0.69 R 0.59;  0.85 -> P 0.82 R 0.35
#   TF-IDF x label coverage (default): 0.60 -> P 0.83 R 0.54;  0.70 -> P 0.91 R 0.49;
#                                      0.80 -> P 0.95 R 0.32
#   + MiniLM blend, semantic_weight 0.5: 0.70 -> P 0.95 R 0.57;  0.75 -> P 1.00 R 0.48
#   MiniLM only (semantic_weight 1.0):   0.80 -> P 0.92 R 0.68;  0.85 -> P 1.00 R 0.51
DEV_SET: list[tuple[str, set[str] | None]] = [
    ("operate forklift trucks", {"operate forklift", "operation of lifting gears"}),
    ("embroidery", {"embroider fabrics"}),
    ("screen printing", SCREEN),
    ("digital marketing", DIGITAL),
    ("selling products online", ONLINE),
    ("Python programming", {"Python (computer programming)"}),
    ("time management", {"manage time"}),
    ("negotiation", NEGOTIATE),
    ("leadership", LEAD),
    ("public speaking", {"speak about your work in public"}),
    ("bake bread", {"prepare bakery products", "bake goods"}),
    ("decorate cakes", {"decorate pastry for special events", "prepare bakery products"}),
    ("hair colouring", {"hair colouring"}),
    ("manicure", {"cosmetic manicure"}),
    ("give massage", {"give massages"}),
    ("wash laundry", {"wash the laundry"}),
    ("iron clothes", {"iron textiles"}),
    ("cleaning toilets", {"clean toilet facilities"}),
    ("handling customer complaints", {"handle customer complaints", "handle complaints"}),
    ("stock taking", STOCK),
    ("inventory management", {"manage inventory", "inventory management rules"}),
    ("gardening", GARDEN),
    ("plumbing", {"repair plumbing systems", "install plumbing systems", "plumbing tools"}),
    ("carpentry", {"carpentry"}),
    ("bricklaying", {"lay bricks"}),
    ("painting walls", {"paint surfaces"}),
    ("tile installation", {"lay tiles"}),
    ("repair mobile phones", {"repair mobile devices"}),
    ("computer repair", {"maintain computer hardware"}),
    ("video editing", {"perform video editing"}),
    ("content creation", CONTENT),
    ("tax returns", {"prepare tax returns forms"}),
    ("Spanish", {"Spanish"}),
    ("Canva", {"graphics editor software"}),
    ("data entry", None),
    ("MYOB", None),
    ("blorf zzk", None),
    ("qwerty asdf", None),
    ("bordir", {"embroider fabrics"}),
    ("sablon", SCREEN),
    ("pemasaran digital", DIGITAL),
    ("jualan online", ONLINE),
    ("servis hp", {"repair mobile devices"}),
    ("rencana usaha", {"develop business plans"}),
    ("penetapan harga", {"pricing strategies", "price product", "set up pricing strategies"}),
    ("negosiasi", NEGOTIATE),
    ("kepemimpinan", LEAD),
    ("pengendalian mutu", {"oversee quality control", "quality control systems"}),
    ("keamanan pangan", {"food safety standards", "food safety principles"}),
    ("merajut", {"use manual knitting techniques", "manufacture knitted textiles"}),
    ("desain busana", {"design wearing apparel"}),
    ("kerajinan tangan", {"crafting"}),
    ("perawatan wajah", {"perform facial treatment"}),
    ("manikur", {"cosmetic manicure"}),
    ("tukang kayu", {"carpentry"}),
    ("tukang batu", {"lay bricks"}),
    ("berkebun", GARDEN),
    ("budidaya ikan", {"maintain aquaculture ponds", "develop aquaculture strategies"}),
    ("bahasa Arab", ARABIC),
    ("bahasa Jepang", JAPANESE),
    ("stock opname", STOCK),
    ("edit video", {"perform video editing"}),
    ("membuat konten", CONTENT),
    ("sopir truk", {"drive vehicles", "manoeuvre heavy trucks"}),
    ("kurir", {"deliver correspondence"}),
    ("tambal ban", {"cold vulcanisation", "hot vulcanisation"}),
    ("ganti oli", {"lubricate engines"}),
    ("sertifikat halal", None),
    ("membatik", None),
    ("entri data", None),
    ("rajin", None),
    ("sabar", None),
    ("ramah", None),
    ("Gojek", None),
    ("3 tahun", None),
]


def dev_scores(norm: SkillNormaliser) -> tuple[float, float]:
    """Precision and recall of the top match on DEV_SET."""
    labels = [ms[0].label for ms in norm.transform([p for p, _ in DEV_SET])]
    tp = sum(1 for (_, gold), got in zip(DEV_SET, labels, strict=True) if gold and got in gold)
    mapped = sum(1 for got in labels if got is not None)
    positives = sum(1 for _, gold in DEV_SET if gold)
    return tp / max(mapped, 1), tp / positives


@pytest.fixture(scope="module")
def esco_normaliser() -> SkillNormaliser:
    return SkillNormaliser().fit()


@pytest.mark.integration
def test_real_esco_known_answers_in_both_languages(esco_normaliser):
    norm = esco_normaliser
    [sew] = norm.normalise_one("menjahit")
    assert "sew" in sew.label
    [cash] = norm.normalise_one("operate cash register")
    assert (cash.label, cash.via) == ("operate cash register", MatchVia.EXACT)
    [kasir] = norm.normalise_one("kasir")
    assert kasir.label == "operate cash register"
    for text in ("Microsoft Excel", "Excel", "ms excel"):
        [excel] = norm.normalise_one(text)
        assert excel.label == "use spreadsheets software", text
    [hair] = norm.normalise_one("potong rambut")
    assert hair.label == "hairdressing"
    [junk] = norm.normalise_one("xqzt blorf")
    assert junk.uri is None and junk.text == "xqzt blorf"


@pytest.mark.integration
def test_real_esco_dev_list_precision_is_high_at_the_default_threshold(esco_normaliser):
    precision, recall = dev_scores(esco_normaliser)
    # Measured 2026-11-27 at threshold 0.70: precision 0.91, recall 0.49 (see DEV_SET).
    # Since knowledge concepts reached by an alternative label are held back: precision
    # 0.97, recall 0.44 (Python and manicure x2 went, right; Canva and computer repair
    # went, wrong). With the lexicon, at threshold 0.75 (2026-11-30): precision 0.96,
    # recall 0.41 (0.44 at 0.7): two English phrases fall below the higher bar.
    assert precision >= 0.85
    assert recall >= 0.40


@pytest.mark.integration
def test_real_esco_knowledge_named_by_a_loose_alternative_label_is_held_back(esco_normaliser):
    """The issue's wrong cards: each reached a knowledge concept by an alternative label."""
    for phrase in ("jaga keamanan", "packing barang"):  # securities, packaging engineering
        [m] = esco_normaliser.normalise_one(phrase)  # before
        assert (m.uri, m.text) == (None, phrase), m.label
    # Canva reached Canvas (an LMS); the informal table names the skill the app is used
    # for, and the exact lookups read it: graphic design, the field's own name.
    assert [m.label for m in esco_normaliser.normalise_one("Canva")] == ["graphic design"]
    # "security" reached "securities" by its preferred label (fuzzy, 0.73): the rule
    # trusts a knowledge concept's own name as much as a skill's (docs/evaluation.md), so
    # the overrides say what people here mean by it. "nyetir forklift" reached "drive
    # agricultural machines", whose alternative labels include "forklift driving".
    right = {"customer service": "customer service", "forklift": "operate forklift",
             "merawat lansia": "tend to elderly people", "satpam": "patrol areas",
             "packing": "pack goods", "kasir": "operate cash register",
             "security": "patrol areas", "nyetir forklift": "operate forklift"}  # fmt: skip
    for phrase, label in right.items():
        assert [m.label for m in esco_normaliser.normalise_one(phrase)] == [label], phrase


@pytest.mark.integration
def test_real_esco_a_fields_name_is_the_field_as_public_annotations_have_it(esco_normaliser):
    """The HOUSE/TECH skill-span annotators gave these spans the field (knowledge)
    concept; so does the default normaliser (``field_practice`` off)."""
    from matcher.evaluation.skill_phrases import read_skill_spans

    spans = read_skill_spans("validation")
    gold = dict(zip(spans["phrase"], spans["groups"], strict=True))
    for span in ("English", "Machine Learning", "business analysis"):
        [m] = esco_normaliser.normalise_one(span)
        assert m.uri in gold[span][0], (span, m.label)
    assert [m.label for m in esco_normaliser.normalise_one("first aid")] == ["first aid"]


@pytest.mark.integration
def test_real_esco_the_glossarys_english_stays_english_in_the_rendering(esco_normaliser):
    # "air" is also Indonesian (water); the glossary's "AC" -> "air conditioning" is not.
    assert "water" not in esco_normaliser._rendering("pasang AC")
    [m] = esco_normaliser.normalise_one("pasang AC")  # no claim, but the right neighbour
    assert [label for _, label, _ in m.near] == ["install air conditioning device"]
    assert "water" in esco_normaliser._rendering("masak air")  # typed "air" is water


@pytest.mark.integration
def test_every_override_points_at_a_real_esco_skill_with_the_stated_label(esco_normaliser):
    with OVERRIDES_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    by_uri = {s.uri: s for s in esco_normaliser.skills_}
    for row in rows:
        assert by_uri[row["esco_uri"]].label == row["esco_label"], row
    assert esco_normaliser.overrides_skipped_ == 0


@pytest.mark.integration
def test_pos_at_a_shop_is_a_till_not_proof_of_stake():
    normaliser = SkillNormaliser().fit()
    for phrase in ("POS", "bisa POS", "mesin kasir (POS)"):
        labels = {m.label for m in normaliser.normalise_one(phrase)}
        assert labels == {"operate cash register"}, phrase
    # ESCO's own meaning is still there when asked for as a field. "proof of stake" alone
    # is only an alternative label of that knowledge concept, so it is held back.
    stake = normaliser.normalise_one("proof of stake knowledge")
    assert stake[0].label == "blockchain consensus mechanisms"
    assert normaliser.normalise_one("proof of stake")[0].uri is None


def test_an_unmapped_phrase_keeps_its_nearest_concept_below_the_bar(normaliser):
    """``SkillMatch.near``: never a claim, only the concept nearest the words kept."""
    from matcher.text.skills.normaliser import NEAR_BAR

    [near] = normaliser.normalise_one("operate cash")  # below the bar, near the till
    assert near.uri is None and near.via is MatchVia.UNMAPPED
    [(uri, label, score)] = near.near
    assert (uri, label) == ("s:cash", "operate cash register")
    assert NEAR_BAR <= score < normaliser.threshold
    [mapped] = normaliser.normalise_one("operate cash register")
    assert mapped.uri == "s:cash" and mapped.near == ()
    [weak] = normaliser.normalise_one("sew shirts")  # some likeness, below NEAR_BAR
    assert weak.uri is None and 0 < weak.score < NEAR_BAR and weak.near == ()
    # A knowledge concept reached through a loose alternative label is held back, and is
    # no nearer for it: "canva" is near "Canvas" (0.83 before the hold), but not *it*.
    lms = SkillConcept("k:lms", "learning management systems", ("Canvas",), "knowledge")
    held = SkillNormaliser(overrides={}).fit(EscoTaxonomy([lms, SEW]))
    [canva] = held.normalise_one("canva")
    assert canva.uri is None and canva.score >= NEAR_BAR and canva.near == ()


def test_an_unmapped_phrase_whose_first_word_is_a_sure_skill_is_nearest_that_skill(normaliser):
    """The head comes first: "kasir toko" is a till, "jahit seragam sekolah" sewing."""
    from matcher.text.skills.normaliser import NEAR_BAR

    [till] = normaliser.normalise_one("kasir toko")  # "kasir" -> cashier -> override
    assert till.uri is None and till.near == (("s:cash", "operate cash register", NEAR_BAR),)
    [sewing] = normaliser.normalise_one("bisa jahit seragam sekolah")  # filler first
    assert sewing.uri is None and [uri for uri, _, _ in sewing.near] == ["s:sew"]
    [shop] = normaliser.normalise_one("toko kasir")  # the head is "toko": no sure skill
    assert shop.uri is None and shop.near == ()
    [kasir] = normaliser.normalise_one("kasir")  # mapped itself: no nearest concept
    assert kasir.uri == "s:cash" and kasir.near == ()


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0)])
def test_a_name_two_concepts_share_goes_to_its_own_concept_then_the_one_more_jobs_need(order):
    """A fuzzy tie between concepts that share a name ("prepare bread" is a name of bread
    and of bakery products in ESCO) goes to the concept whose preferred label it is,
    else to the one more occupations need; the concepts' order (and argpartition's order
    among equals) does not decide it. Only a tie on both goes to the lower index."""
    bread = SkillConcept("s:bread", "prepare bread products", ("prepare bread",))
    bakery = SkillConcept("s:bakery", "prepare bakery products", ("prepare bread",))
    own = SkillConcept("s:own", "prepare bread", ())  # the shared name is its own label
    baker = OccupationConcept("o:baker", "baker", (), "7512")
    cook = OccupationConcept("o:cook", "cook", (), "5120")
    needs = (("o:baker", "essential", "s:bakery"), ("o:cook", "optional", "s:bakery"),
             ("o:baker", "optional", "s:bread"))  # fmt: skip
    concepts = [(bread, bakery, own)[i] for i in order]

    def first(kept) -> str:
        taxonomy = EscoTaxonomy(tuple(kept), (baker, cook), needs)
        norm = SkillNormaliser(overrides={}, threshold=0.3).fit(taxonomy)
        [m] = norm.normalise_one("preparing breads")
        return m.uri

    assert first(concepts) == "s:own"
    assert first([c for c in concepts if c is not own]) == "s:bakery"  # needed by two


@pytest.mark.integration
def test_real_esco_own_trade_phrases_have_the_concept_people_map_to_as_nearest(esco_normaliser):
    """A cook's vacancy asks for "masak masakan rumahan" (no concept) and a cook writes
    "masak" (*use cooking techniques*): the first is nearest the second's concept."""
    from matcher.engine.normalise import concept_normaliser

    normalise = concept_normaliser(esco_normaliser)
    [[(masak, _)]] = normalise(["masak"])
    phrases = ["masak masakan rumahan", "roti", "masak"]
    keys = normalise(phrases)
    assert [k for k, _ in keys[0]] == ["raw:masak masakan rumahan"]
    near = normalise.near(phrases)
    assert near[0] == [(masak, "use cooking techniques")]
    # ESCO names both *prepare bread products* and *prepare bakery products* "prepare
    # bread"; the tie goes to the one more occupations need (9 against 2).
    assert [label for _, label in near[1]] == ["prepare bakery products"]
    assert near[2] == []  # mapped: no nearest concept
    # "packing" is *pack goods* (an override): so is the nearest concept of "packing
    # barang", not the fuzzy *design package*.
    [[(pack, _)]] = normalise(["packing"])
    assert normalise.near(["packing barang"]) == [[(pack, "pack goods")]]
