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
from tests.conftest import TODAY, normaliser_of, person, vacancy

NORMALISE = normaliser_of(
    {"masak": "cook", "bikin roti": "bake", "jahit": "sew"},
    near={"masak masakan rumahan": "cook", "roti": "bake", "goreng": "fry"},
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
    ]
    return MatchingEngine(encoder="tfidf", normaliser=NORMALISE).fit(people, [], vacancies)


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


def test_an_export_marks_a_near_skill_as_the_card_does(engine):
    from app.i18n.explain import export_row

    row = export_row(card(engine, "JS-COOK", "V-COOK"))
    assert row["skills_matched"] == "masak masakan rumahan (mirip)"
    assert row["skills_missing"] == "goreng; tumis"
