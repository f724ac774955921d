"""A skill ESCO does not cover, reached through its nearest concept, on known answers.

The vacancy asks for "masak masakan rumahan", which maps to no concept; its nearest
concept is *cook*, which the person's "masak" maps to. She covers it at half weight
(``NEAR_WEIGHT``), the card says so ("mirip"), and it is no own-trade evidence.
"""

from __future__ import annotations

import numpy as np
import pytest

from matcher.domain import OpportunityKind
from matcher.engine import MatchingEngine, MatchOptions
from matcher.scoring.arrays import NEAR_WEIGHT
from matcher.scoring.evidence import TRADE_SKILLS, Evidence
from matcher.scoring.parts import part_index
from tests.conftest import TODAY, normaliser_of, person, training, vacancy

NORMALISE = normaliser_of(
    {"masak": "cook", "bikin roti": "bake", "jahit": "sew", "kasir": "till"},
    near={"masak masakan rumahan": "cook", "roti": "bake", "goreng": "fry", "roti sobek": "bake"},
)
OPTS = MatchOptions(as_of=TODAY, diversity=0.0, pathways=0, relevance_floor=0.0)


@pytest.fixture(scope="module")
def engine():
    people = [
        person("JS-COOK", skills=("masak",)),
        person("JS-BAKER", skills=("roti",)),
        person("JS-TAILOR", skills=("jahit",)),
    ]
    vacancies = [
        vacancy("V-COOK", "Juru masak", ("masak masakan rumahan", "goreng", "tumis")),
        vacancy("V-BAKE", "Staff produksi", ("bikin roti",)),
        vacancy("V-SHOP", "Kasir toko roti", ("bikin roti", "kasir"), nice_skills=("roti",)),
        vacancy("V-TILL", "Kasir", ("kasir",), nice_skills=("bikin roti",)),
    ]
    trainings = [training("T-TILL", "Kursus kasir", ("kasir",)),
                 # Excluded by age, so no plan can close *bake* with it.
                 training("T-BAKE", "Kursus bikin roti", ("bikin roti",), min_age=40)]  # fmt: skip
    return MatchingEngine(encoder="tfidf", normaliser=NORMALISE).fit(people, trainings, vacancies)


def card(engine, person_id, item_id, options=OPTS):
    result = engine.recommend_for_jobseeker(person_id, options)
    return next(r for r in [*result.vacancies, *result.excluded] if r.item_id == item_id)


def test_a_phrase_without_a_concept_counts_half_for_its_nearest_concept(engine):
    rec = card(engine, "JS-COOK", "V-COOK")
    # One of three required skills, at half weight; "goreng" is near a concept no one has.
    assert rec.explanation.part("skills").value == pytest.approx(NEAR_WEIGHT / 3, abs=1e-6)
    assert [s.text for s in rec.explanation.skills_near] == ["masak masakan rumahan"]
    assert [s.text for s in rec.explanation.skills_missing] == ["goreng", "tumis"]
    assert "keterampilan cocok: masak masakan rumahan (mirip)" in rec.explanation.summary("id")
    assert "masak masakan rumahan (similar)" in rec.explanation.summary("en")


def test_the_person_s_own_phrase_reaches_the_vacancy_s_concept(engine):
    rec = card(engine, "JS-BAKER", "V-BAKE")
    assert rec.explanation.part("skills").value == pytest.approx(NEAR_WEIGHT, abs=1e-6)
    assert [s.key for s in rec.explanation.skills_near] == ["c:bake"]


def test_without_a_near_concept_nothing_changes(engine):
    rec = card(engine, "JS-TAILOR", "V-COOK")
    assert rec.explanation.part("skills").value == 0.0
    assert rec.explanation.skills_near == ()


def test_a_near_concept_is_no_own_trade_evidence(engine):
    # Half of one of three skills reaches the own-trade bar as a score, not as evidence.
    assert NEAR_WEIGHT / 3 >= TRADE_SKILLS
    block = engine.score_block(OpportunityKind.VACANCY, engine.people_, np.array([0]), None, OPTS)
    col = engine.item_index_[OpportunityKind.VACANCY]["V-COOK"]
    assert block.parts[0, col, part_index("skills")] == pytest.approx(NEAR_WEIGHT / 3, abs=1e-6)
    assert not block.evidence[0, col] & Evidence.SKILLS
    bake = engine.item_index_[OpportunityKind.VACANCY]["V-BAKE"]
    baker = engine.score_block(OpportunityKind.VACANCY, engine.people_, np.array([1]), None, OPTS)
    assert baker.parts[0, bake, part_index("skills")] == pytest.approx(NEAR_WEIGHT, abs=1e-6)
    assert not baker.evidence[0, bake] & Evidence.SKILLS
    assert "own_trade_skills" not in card(engine, "JS-COOK", "V-COOK").explanation.facts


def test_a_one_off_profile_reaches_near_concepts_too(engine):
    walk_in = person("JS-NEW", skills=("masak",))
    rec = engine.recommend_for_jobseeker(walk_in, OPTS)
    [cook] = [r for r in rec.vacancies if r.item_id == "V-COOK"]
    assert [s.text for s in cook.explanation.skills_near] == ["masak masakan rumahan"]
    # A phrase no one wrote before widens the vocabulary, and its nearest concept with it.
    new_words = person("JS-NEW2", skills=("roti sobek",))
    rec = engine.recommend_for_jobseeker(new_words, OPTS)
    [bake] = [r for r in rec.vacancies if r.item_id == "V-BAKE"]
    assert [s.key for s in bake.explanation.skills_near] == ["c:bake"]
    assert bake.explanation.part("skills").value == pytest.approx(NEAR_WEIGHT, abs=1e-6)


def test_a_near_skill_is_marked_required_or_nice_to_have(engine):
    # The baker has "roti" itself (nice to have) and *bake* only through it (required).
    text = card(engine, "JS-BAKER", "V-SHOP").explanation.summary("id")
    assert "keterampilan cocok: bake (mirip), roti (nilai tambah)" in text, text
    text = card(engine, "JS-BAKER", "V-TILL").explanation.summary("id")
    assert "keterampilan cocok: bake (mirip, nilai tambah)" in text, text
    assert "bake (similar, nice to have)" in card(engine, "JS-BAKER", "V-TILL").explanation.summary(
        "en"
    )


def test_a_course_still_teaches_what_a_person_has_only_near(engine):
    """For a course, the gap and what it teaches read what the person has for sure."""
    options = MatchOptions(as_of=TODAY, diversity=0.0, pathways=3, relevance_floor=0.0)
    result = engine.recommend_for_jobseeker("JS-BAKER", options)
    course = next(r for r in [*result.trainings, *result.excluded] if r.item_id == "T-BAKE")
    assert [s.key for s in course.explanation.skills_new] == ["c:bake"]
    # The plan for the shop job closes "kasir" with the till course (the baking course
    # is closed to her) and leaves *bake* at its near weight: the skills part goes from
    # (0.5 + 0.5 x 1) / 2.5 to (0.5 + 1 + 0.5 x 1) / 2.5, not to (1 + 0.5 x 1) / 2.5.
    [plan] = [p for p in result.pathways if p.vacancy.item_id == "V-SHOP"]
    assert [t.item_id for t in plan.trainings] == ["T-TILL"]
    assert [s.key for s in plan.skills_still_missing] == ["c:bake"]
    now = plan.vacancy.explanation.part("skills").value
    assert now == pytest.approx((NEAR_WEIGHT + 0.5 * 1) / 2.5, abs=1e-6)
    after = (NEAR_WEIGHT + 1 + 0.5 * 1) / 2.5
    w = options.weights.as_array() / options.weights.as_array().sum()
    gain = w[part_index("skills")] * (after - now)
    assert plan.score_after - plan.score_now == pytest.approx(gain, abs=1e-4)


def test_an_export_marks_a_near_skill_as_the_card_does(engine):
    from app.i18n.explain import export_row

    row = export_row(card(engine, "JS-COOK", "V-COOK"))
    assert row["skills_matched"] == "masak masakan rumahan (mirip)"
    assert row["skills_missing"] == "goreng; tumis"


def test_the_needs_tables_never_read_a_nearest_concept_as_a_skill(tmp_path, monkeypatch):
    """The needs service shares the engine's phrase cache, and its entry format."""
    from matcher import config
    from matcher.text.skill_cache import PhraseCache
    from matcher.text.skills import SkillNormaliser
    from matcher.workspace.needs import cached_normalise

    monkeypatch.setattr(config, "MODELS_DIR", tmp_path)
    cache = PhraseCache.for_normaliser(SkillNormaliser())
    near = ("near:http://data.europa.eu/esco/skill/x", "prepare bakery products")
    cache.add(["roti"], [[("raw:roti", "roti"), near]])
    cached_normalise.cache_clear()
    try:
        assert cached_normalise()(["roti"]) == [[("raw:roti", "roti")]]
    finally:
        cached_normalise.cache_clear()


def test_a_vocabulary_pickled_before_near_concepts_still_reads():
    """An engine saved before ``near_of`` existed: the vocabulary makes it on first use."""
    import pickle

    from matcher.scoring.arrays import ConceptVocabulary

    vocab = ConceptVocabulary()
    vocab.add("raw:roti", "roti")
    vocab.add("c:bake", "bake")
    del vocab.near_of  # as unpickled from before the field
    old = pickle.loads(pickle.dumps(vocab))
    assert old.near().nnz == 0
    old.near_map()["raw:roti"] = ("c:bake",)
    assert old.near().toarray().tolist() == [[0.0, 1.0], [1.0, 0.0]]
