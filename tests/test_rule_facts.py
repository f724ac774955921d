"""Excluded items a counselor can act on: what each failed rule compared, and the items
nearest to being offered first. Built on the tiny world of ``conftest``, whose ages,
distances and dates are known."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from app.i18n.explain import rule_reason, summary
from matcher.domain import Education
from matcher.engine import MatchingEngine, MatchOptions
from matcher.scoring.rules import Rule
from tests.conftest import TODAY, fake_normalise, vacancy

ALL = MatchOptions(as_of=TODAY, show_excluded=50, relevance_floor=0.0, top_k=50)


@pytest.fixture
def engine(world):
    people, programs, vacancies = world
    vacancies = [
        *vacancies,
        vacancy("V-YOUNG", "Helper gudang muda", ("warehouse",), min_age=18, max_age=25),
        # Two rules from reach: closed, and it wants a degree. Same skills as V-SEW.
        vacancy("V-S1-CLOSED", "Operator jahit konveksi (S1, ditutup)", ("sewing", "overlock"),
                min_education=Education.S1, closing_date=date(2026, 11, 1)),
    ]  # fmt: skip
    return MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        people, programs, vacancies
    )


def excluded(engine, person, options=ALL):
    return {r.item_id: r for r in engine.recommend_for_jobseeker(person, options).excluded}


@pytest.mark.parametrize(
    ("person", "item", "rule", "facts"),
    [
        ("JS-MINOR", "V-YOUNG", Rule.AGE, {"age": 17, "min": 18, "max": 25}),
        ("JS-MINOR", "V-WARE-NIGHT", Rule.MINOR_NIGHT_SHIFT, {"age": 17}),
        ("JS-TAILOR", "V-S1", Rule.EDUCATION, {"education": 3, "min": 5}),
        ("JS-TAILOR", "V-CLOSED", Rule.CLOSING_DATE,
         {"closed_on": "2026-11-01", "started": False}),
        ("JS-TAILOR", "P-MEN", Rule.GENDER, {"target": "L"}),
        ("JS-TAILOR", "P-BIZ", Rule.SEGMENT, {"target": "perempuan_wirausaha"}),
        ("JS-TAILOR", "P-FULL", Rule.SEATS, {}),
    ],
)  # fmt: skip
def test_each_failed_rule_carries_what_it_compared(engine, person, item, rule, facts):
    expl = excluded(engine, person)[item].explanation
    assert rule in expl.failed_rules
    assert expl.rule_facts[rule.value] == facts
    # Only the rules that failed or were relaxed have facts.
    assert set(expl.rule_facts) == {r.value for r in expl.failed_rules + expl.relaxed_rules}


def test_travel_says_how_far_against_the_persons_own_limit(engine):
    expl = excluded(engine, "JS-TAILOR")["V-FAR"].explanation
    facts = expl.rule_facts["travel"]
    assert facts["max_km"] == 8.0
    assert facts["km"] == expl.distance_km  # the figure the card shows beside it
    assert facts["km"] > 8.0
    reason = rule_reason(expl, Rule.TRAVEL, "id")
    assert reason.startswith("Lebih jauh dari jarak tempuh maksimum (")
    assert f"{facts['km']:.1f} km; batas jarak tempuhnya 8.0 km)" in reason


def test_card_text_gives_the_figures_in_indonesian_and_english(engine):
    young = excluded(engine, "JS-MINOR")["V-YOUNG"].explanation
    assert "TIDAK MEMENUHI: Usia di luar batas yang disyaratkan (umur 17 th; syarat 18-25 th)" \
        in summary(young, "id")  # fmt: skip
    assert "EXCLUDED: Age outside the required range (age 17; required 18-25)" \
        in summary(young, "en")  # fmt: skip
    closed = excluded(engine, "JS-TAILOR")["V-CLOSED"].explanation
    assert "(ditutup 01-11-2026)" in summary(closed, "id")
    s1 = excluded(engine, "JS-TAILOR")["V-S1"].explanation
    assert "(pendidikannya SMA/SMK; minimal S1/D4)" in summary(s1, "id")


def test_a_relaxed_rule_keeps_its_figures(engine):
    options = MatchOptions(as_of=TODAY, relaxed_rules=frozenset({Rule.AGE}), top_k=50,
                           relevance_floor=0.0)  # fmt: skip
    result = engine.recommend_for_jobseeker("JS-MINOR", options)
    young = next(r for r in result.vacancies if r.item_id == "V-YOUNG").explanation
    assert young.relaxed_rules == (Rule.AGE,)
    assert "dilonggarkan: Usia di luar batas yang disyaratkan (umur 17 th; syarat 18-25 th)" \
        in summary(young, "id")  # fmt: skip


def test_a_page_about_the_item_shows_its_requirement_not_the_persons_details(engine):
    from matcher.workspace.tokens import without_distance

    found = engine.recommend_for_item("V-YOUNG", ALL)
    minor = next(r for r in found.excluded if r.item_id == "JS-MINOR").explanation
    assert "umur 17 th" in rule_reason(minor, Rule.AGE, "id")
    assert rule_reason(without_distance(minor), Rule.AGE, "id") == (
        "Usia di luar batas yang disyaratkan (syarat 18-25 th)"
    )
    far = next(r for r in engine.recommend_for_item("V-FAR", ALL).excluded
               if r.item_id == "JS-TAILOR").explanation  # fmt: skip
    assert rule_reason(without_distance(far), Rule.TRAVEL, "id") == (
        "Lebih jauh dari jarak tempuh maksimum"
    )


def test_the_excluded_list_shows_items_one_rule_from_reach_first(engine):
    everything = excluded(engine, "JS-TAILOR")
    two_rules = everything["V-S1-CLOSED"]
    assert set(two_rules.explanation.failed_rules) == {Rule.CLOSING_DATE, Rule.EDUCATION}
    one_rule = everything["V-FAR"]
    # By score alone the two-rule item would come first: it asks for both of her skills.
    assert two_rules.score > one_rule.score
    vacancies = [r for r in engine.recommend_for_jobseeker("JS-TAILOR", ALL).excluded
                 if r.kind == "vacancy"]  # fmt: skip
    counts = [len(r.explanation.failed_rules) for r in vacancies]
    assert counts == sorted(counts)
    order = [r.item_id for r in vacancies]
    assert order.index("V-FAR") < order.index("V-S1-CLOSED")
    # Among items that fail as many rules, the higher score first.
    for a, b in zip(vacancies, vacancies[1:], strict=False):
        if len(a.explanation.failed_rules) == len(b.explanation.failed_rules):
            assert a.score >= b.score


def test_exclusion_order_on_known_bits():
    age, travel, night = Rule.AGE.bit, Rule.TRAVEL.bit, Rule.MINOR_NIGHT_SHIFT.bit
    bits = np.array([age | travel, age, night, travel, 0, age], dtype=np.int32)
    score = np.array([0.9, 0.5, 0.99, 0.7, 1.0, 0.5], dtype=np.float32)
    mask = bits != 0
    order = MatchingEngine.exclusion_order(bits, score, mask, ALL, 10)
    # One rule before two; the rule nobody may relax last; equal scores by index.
    assert order.tolist() == [3, 1, 5, 0, 2]
    assert MatchingEngine.exclusion_order(bits, score, mask, ALL, 2).tolist() == [3, 1]
    # A relaxed rule no longer counts: with travel relaxed, item 0 fails one rule and
    # item 3 none (it is no longer excluded).
    relaxed = MatchOptions(as_of=TODAY, relaxed_rules=frozenset({Rule.TRAVEL}))
    still = MatchingEngine.excluded(bits, relaxed)
    assert MatchingEngine.exclusion_order(bits, score, still, relaxed, 10).tolist() == [0, 1, 5, 2]
    assert MatchingEngine.exclusion_order(bits, score, still, relaxed, 0).tolist() == []


def test_a_distance_just_past_the_limit_is_not_shown_as_the_limit():
    from matcher.engine.results import Explanation

    expl = Explanation(parts=(), failed_rules=(Rule.TRAVEL,),
                       rule_facts={"travel": {"km": 8.03, "max_km": 8.0}})  # fmt: skip
    assert rule_reason(expl, Rule.TRAVEL, "id") == (
        "Lebih jauh dari jarak tempuh maksimum (8.03 km; batas jarak tempuhnya 8.00 km)"
    )
    expl = Explanation(parts=(), failed_rules=(Rule.TRAVEL,),
                       rule_facts={"travel": {"km": 11.06, "max_km": 6.0}})  # fmt: skip
    assert rule_reason(expl, Rule.TRAVEL, "en") == (
        "Farther than the travel limit (11.1 km; their limit 6.0 km)"
    )


def test_two_failed_rules_read_as_one_sentence(engine):
    two = excluded(engine, "JS-TAILOR")["V-S1-CLOSED"].explanation
    text = summary(two, "id")
    assert text.count("TIDAK MEMENUHI") == 1
    assert text.startswith("TIDAK MEMENUHI: Pendidikan di bawah syarat minimum (pendidikannya "
                           "SMA/SMK; minimal S1/D4) dan Pendaftaran sudah ditutup (ditutup "
                           "01-11-2026); ")  # fmt: skip
