"""The score-part registry, the rule registry and wage fit, the part that proves them."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from matcher.db.enums import DecisionAction
from matcher.db.records import Decision
from matcher.domain import OpportunityKind
from matcher.engine import MatchingEngine, MatchOptions
from matcher.ranking.dataset import build_dataset, stored_parts
from matcher.ranking.features import FEATURE_NAMES
from matcher.scoring.parts import PART_NAMES, PARTS, part_index
from matcher.scoring.parts.wage import wage_fit
from matcher.scoring.rules import RULES, Rule
from matcher.scoring.weights import Part, Weights
from tests.conftest import TODAY, fake_normalise, person, training, vacancy

VAC = OpportunityKind.VACANCY
OPTS = MatchOptions(as_of=TODAY, diversity=0.0, pathways=0)


def test_every_registered_part_has_a_weight_a_part_member_and_a_feature():
    assert list(Weights().to_dict()) == list(PART_NAMES) == [p.value for p in Part]
    assert all(name in FEATURE_NAMES for name in PART_NAMES)
    assert part_index("wage") == len(PARTS) - 1


def test_weights_are_immutable_hashable_and_name_what_is_allowed():
    w = Weights(distance=0.4)
    assert w.distance == 0.4 and w == Weights.from_dict(w.to_dict())
    assert hash(w) == hash(Weights(distance=0.4))
    with pytest.raises(AttributeError):
        w.distance = 1.0
    with pytest.raises(Exception, match="wage"):
        Weights(salary=1.0)


def test_every_rule_has_one_registry_entry_in_bit_order():
    assert [r.rule for r in RULES] == list(Rule)
    for rule in RULES:  # the prefilter needs one of the two forms
        assert (rule.item_fails is None) != (rule.keys is None and rule.fails is None)


def test_wage_fit_is_one_at_the_expectation_and_zero_at_sixty_percent():
    expected = np.array([[4_000_000.0]])
    offered = np.array([5_000_000, 4_000_000, 3_200_000, 2_400_000, 1_000_000], dtype=float)
    np.testing.assert_allclose(wage_fit(offered, expected)[0], [1, 1, 0.5, 0, 0], atol=1e-6)


def test_an_unknown_wage_on_either_side_is_neutral():
    fit = wage_fit(np.array([np.nan, 3_200_000.0]), np.array([[4_000_000.0], [np.nan]]))
    np.testing.assert_array_equal(fit, [[1, 0.5], [1, 1]])


def _world(expected_wage):
    people = [person("JS-A", skills=("kasir",), expected_wage=expected_wage)]
    vacancies = [
        vacancy("V-LOW", "Kasir toko", ("kasir",), wage=2_000_000),
        vacancy("V-HIGH", "Kasir toko", ("kasir",), wage=4_000_000),
    ]
    programs = [training("T-1", "Kursus kasir", ("kasir",))]
    return MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        people, programs, vacancies
    )


def test_wage_fit_weighs_nothing_by_default_and_ranks_by_pay_when_raised():
    engine = _world(4_000_000)
    plain = engine.recommend_for_jobseeker("JS-A", OPTS).vacancies
    assert plain[0].score == pytest.approx(plain[1].score)  # identical but for the wage
    low = next(r for r in plain if r.item_id == "V-LOW").explanation
    assert low.part("wage").value == 0.0 and low.part("wage").weight == 0.0
    assert low.facts["wage"] == {"expected": 4_000_000.0, "offered": 2_000_000.0}
    weighted = MatchOptions(as_of=TODAY, diversity=0.0, pathways=0,
                            weights=Weights(wage=0.2))  # fmt: skip
    assert engine.recommend_for_jobseeker("JS-A", weighted).vacancies[0].item_id == "V-HIGH"


def test_wage_fit_is_neutral_for_trainings_and_for_people_without_an_expectation():
    engine = _world(None)
    result = engine.recommend_for_jobseeker("JS-A", OPTS)
    for rec in result.vacancies + result.trainings:
        assert rec.explanation.part("wage").value == 1.0
        assert "wage" not in rec.explanation.facts


def test_the_summary_states_both_wages_in_rupiah():
    from app.i18n.explain import summary

    engine = _world(4_000_000)
    recs = engine.recommend_for_jobseeker("JS-A", OPTS).vacancies
    rec = next(r for r in recs if r.item_id == "V-LOW")
    assert "gaji Rp 2.000.000, harapan Rp 4.000.000" in summary(rec.explanation, "id")
    assert "wage Rp 2.000.000, expects Rp 4.000.000" in summary(rec.explanation, "en")


def test_a_decision_stored_before_a_part_existed_reads_that_part_as_neutral():
    old = {"semantic": 0.5, "skills": 1.0, "distance": 0.8, "schedule": 0.7, "education": 1.0}
    parts = stored_parts(old)
    assert parts[part_index("wage")] == 1.0 and parts[part_index("skills")] == 1.0
    assert stored_parts({}) is None
    people = {"JS-A": person("JS-A")}
    items = {(VAC, "V-1"): vacancy("V-1", "Kasir", ("kasir",))}
    decision = Decision(
        id=1, jobseeker_id="JS-A", opportunity_kind=VAC, opportunity_id="V-1",
        action=DecisionAction.ACCEPT, reason_code=None, note="", rank_before=1, rank_after=1,
        score_parts=old, details={}, who="konselor", at=datetime(2026, 1, 5, tzinfo=UTC),
    )  # fmt: skip
    data = build_dataset([decision], people, items)
    assert len(data) == 1 and data.skipped == 0
    assert data.X[0, FEATURE_NAMES.index("wage")] == 1.0


@pytest.mark.parametrize(
    "package",
    ["matcher.text", "matcher.scoring", "matcher.engine", "matcher.ranking", "matcher.cli"],
)  # fmt: skip
def test_each_package_imports_alone_in_a_fresh_interpreter(package):
    # A cycle between packages shows as an ImportError (partially initialised module)
    # when the package is the first thing imported.
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, "-c", f"import {package}"], capture_output=True,
                         text=True, timeout=300, cwd=root, env=env)  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]


def test_the_summary_marks_only_the_nice_to_have_skills_even_when_labels_repeat():
    from app.i18n.explain import summary
    from matcher.engine.results import Explanation, ScorePart

    parts = (ScorePart(Part.SKILLS, 1.0, 1.0, 1.0),)
    expl = Explanation(parts=parts, skills_matched=("kasir", "kasir"), skills_bonus=("kasir",))
    assert "keterampilan cocok: kasir, kasir (nilai tambah)" in summary(expl, "id")
    assert "skills matched: kasir, kasir (nice to have)" in summary(expl, "en")


def test_the_summary_names_only_strong_parts_as_strengths():
    from app.i18n.explain import summary
    from matcher.engine.results import Explanation, ScorePart

    # Skills at its neutral 0.5 adds most here, but is no strength of the item.
    parts = (ScorePart(Part.SEMANTIC, 0.3, 0.35, 0.105), ScorePart(Part.SKILLS, 0.5, 0.3, 0.15),
             ScorePart(Part.DISTANCE, 1.0, 0.15, 0.15 - 1e-3))  # fmt: skip
    assert summary(Explanation(parts=parts), "id") == "Kuat di: jarak"
    weak = (ScorePart(Part.SKILLS, 0.5, 1.0, 0.5),)
    assert "Kuat di" not in summary(Explanation(parts=weak), "id")


def test_a_few_peoples_skill_rows_read_dense_equal_scipys_rows():
    import scipy.sparse as sp

    from matcher.scoring.parts.skills import _dense_rows

    # Unsorted indices and a duplicate entry (2, 1) + (2, 1): scipy adds duplicates up.
    m = sp.csr_matrix((np.array([1, 2, 3, 4, 5], np.float32), np.array([3, 0, 1, 1, 4]),
                       np.array([0, 2, 2, 5])), shape=(3, 6))  # fmt: skip
    rows = np.array([2, 0, 1, 2])
    np.testing.assert_array_equal(_dense_rows(m, rows), m[rows].toarray())
    assert _dense_rows(m, rows).dtype == np.float32
    np.testing.assert_array_equal(_dense_rows(m.tocsc(), rows[:1]), m[rows[:1]].toarray())
