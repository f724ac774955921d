"""Shortlists for batch ranking: the stand-in keeps hard rules exact, and with the
semantic part weighted zero it *is* the score, so shortlisted ranking equals exact."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.domain import OpportunityKind
from matcher.engine import MatchingEngine, MatchOptions
from matcher.engine.batch import group_order, rank_shortlisted
from matcher.engine.prefilter import PENALTY, item_side, shortlists, stand_in_scores
from matcher.scoring.rules import Rule
from matcher.scoring.weights import Weights
from matcher.text.encoders import TfidfEncoder
from tests.conftest import TODAY, WordHashEncoder, assert_same_ranking, fake_normalise

VAC = OpportunityKind.VACANCY
NO_TEXT = Weights(semantic=0.0)


def exact_and_stand_in(engine, options):
    side = item_side(engine, VAC, options)
    pidx = np.arange(len(engine.people_))
    block = engine.score_block(VAC, engine.people_, pidx, side.items, options)
    return side, block, stand_in_scores(engine, VAC, side, pidx, options)


def test_closed_vacancies_are_never_shortlisted_unless_the_rule_is_relaxed(engine):
    closed = engine.item_index_[VAC]["V-CLOSED"]
    assert closed not in item_side(engine, VAC, MatchOptions(as_of=TODAY)).items
    relaxed = MatchOptions(as_of=TODAY, relaxed_rules=frozenset({Rule.CLOSING_DATE}))
    assert closed in item_side(engine, VAC, relaxed).items


def test_every_failed_rule_puts_the_pair_below_every_eligible_pair(engine):
    _, block, stand_in = exact_and_stand_in(engine, MatchOptions(as_of=TODAY))
    failed = block.bits != 0
    assert failed.any() and (~failed).any()  # the world has both
    assert (stand_in[failed] < -PENALTY / 2).all()
    assert (stand_in[~failed] > -1).all()


def test_a_relaxed_rule_costs_nothing(engine):
    options = MatchOptions(as_of=TODAY, relaxed_rules=frozenset({Rule.TRAVEL}))
    _, block, stand_in = exact_and_stand_in(engine, options)
    travel_only = block.bits == Rule.TRAVEL.bit
    assert travel_only.any()
    assert (stand_in[travel_only] > -1).all()


def test_without_the_text_part_the_stand_in_is_the_exact_score(engine):
    options = MatchOptions(as_of=TODAY, weights=NO_TEXT)
    side, block, stand_in = exact_and_stand_in(engine, options)
    ok = block.bits == 0
    # Schedules here have one alternative each, so the schedule part is exact too.
    np.testing.assert_allclose(stand_in[ok], block.score[ok], atol=1e-5)


def test_shortlisted_batch_ranking_equals_exact_ranking_when_the_stand_in_is_exact(engine):
    options = MatchOptions(as_of=TODAY, weights=NO_TEXT)
    exact_i, exact_s = engine.rank_all(VAC, top_k=2, options=options, shortlist=0)
    short_i, short_s = engine.rank_all(VAC, top_k=2, options=options, shortlist=2)
    assert (exact_i >= 0).any()  # someone has an eligible vacancy
    assert_same_ranking(short_i, short_s, exact_i, exact_s)  # the same items, not just scores


def test_shortlists_are_best_first_and_padded_when_the_catalog_is_small(engine):
    options = MatchOptions(as_of=TODAY, weights=NO_TEXT)
    side = item_side(engine, VAC, options)
    lists = shortlists(engine, VAC, np.arange(len(engine.people_)), len(side.items) + 2, options)
    assert (lists[:, -2:] == -1).all()
    scores = stand_in_scores(engine, VAC, side, np.arange(len(engine.people_)), options)
    pos = {j: i for i, j in enumerate(side.items)}
    for row, items in zip(scores, lists, strict=True):
        taken = [row[pos[j]] for j in items if j >= 0]
        assert taken == sorted(taken, reverse=True)


def test_shortlist_size_is_checked(engine):
    with pytest.raises(ValueError, match="shortlist=-1"):
        engine.rank_all(VAC, shortlist=-1)


@pytest.mark.parametrize("kind", list(OpportunityKind))
def test_scoring_each_persons_own_items_equals_the_shared_block(engine, kind):
    options = MatchOptions(as_of=TODAY)
    people = engine.people_
    pidx = np.arange(len(people))
    n = len(engine.catalogs_[kind])
    oidx = np.random.default_rng(0).integers(0, n, size=(len(pidx), 3))
    gap = engine.skill_gap(people, pidx, options) if kind is not VAC else None
    shared = engine.score_block(kind, people, pidx, None, options, gap)
    own = engine.score_block(kind, people, pidx, oidx, options, gap)
    np.testing.assert_allclose(
        own.parts, np.take_along_axis(shared.parts, oidx[..., None], 1), atol=1e-6
    )
    np.testing.assert_array_equal(own.bits, np.take_along_axis(shared.bits, oidx, 1))
    np.testing.assert_allclose(own.score, np.take_along_axis(shared.score, oidx, 1), atol=1e-6)


def test_ranking_everyone_lists_each_persons_eligible_items_best_first(world):
    from matcher.service import MatcherService, Records
    from tests.conftest import fake_normalise

    people, programs, vacancies = world
    service = MatcherService.from_records(
        Records(jobseekers=people, programs=programs, vacancies=vacancies),
        encoder="tfidf", normaliser=fake_normalise, ranker=None,
    )  # fmt: skip
    frame = service.rank_everyone("vacancy", top_k=3, as_of=TODAY)
    listed = 0
    for p in people:  # everyone, so a person the batch leaves out fails too
        one = service.recommend_for_jobseeker(p.id, top_k=3, diversity=0.0, as_of=TODAY)
        rows = frame[frame["jobseeker_id"] == p.id].sort_values("rank")
        assert rows["item_id"].tolist() == [r.item_id for r in one.vacancies], p.id
        listed += bool(one.vacancies)
    assert listed >= 2  # the world lists vacancies for several people
    assert "V-CLOSED" not in set(frame["item_id"])  # closed on TODAY
    with pytest.raises(ValueError, match="top_k=0"):
        service.rank_everyone("vacancy", top_k=0)


def test_the_batch_command_writes_every_jobseekers_top_list(tmp_path, capsys):
    from matcher import config
    from matcher.cli import main

    out = tmp_path / "batch.csv"
    args = ["batch", "--encoder", "tfidf", "--top-k", "3", "--as-of", "2026-11-27"]
    assert main([*args, "--shortlist", "20", "--out", str(out)]) == 0
    import pandas as pd

    frame = pd.read_csv(out)
    people = pd.read_csv(config.SAMPLE_DATA_DIR / "jobseekers.csv")
    assert list(frame.columns) == ["jobseeker_id", "rank", "kind", "item_id", "title", "score"]
    assert set(frame["jobseeker_id"]) <= set(people["id"])
    # 153 of the 320 get a list here (TF-IDF alone, the relevance floor): not just one.
    assert frame["jobseeker_id"].nunique() >= 100
    assert frame.groupby("jobseeker_id")["rank"].max().max() == 3
    assert "ranked vacancy for" in capsys.readouterr().out


def test_age_limits_are_exact_in_the_stand_in(world):
    # (Vacancies carry no gender or segment target; the engine's catalog sets "semua".)
    from matcher.engine import MatchingEngine
    from tests.conftest import fake_normalise, vacancy

    people, programs, vacancies = world
    limited = [
        vacancy("V-YOUNG", "Barista muda", ("customer service",), min_age=18, max_age=25),
        vacancy("V-OLDER", "Staf senior", ("customer service",), min_age=30),
    ]
    engine = MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        people, programs, vacancies + limited
    )
    _, block, stand_in = exact_and_stand_in(engine, MatchOptions(as_of=TODAY))
    failed = block.bits != 0
    assert (block.bits == Rule.AGE.bit).sum() >= 3  # the minor, the baker, the young ones
    assert (stand_in[failed] < -PENALTY / 2).all()
    assert (stand_in[~failed] > -1).all()


def test_a_shortlist_longer_than_what_can_be_shortlisted_is_padded_and_still_exact(world):
    from datetime import date

    from matcher.engine import MatchingEngine
    from tests.conftest import fake_normalise, vacancy

    people, programs, vacancies = world
    closed = vacancy("V-OLD", "Kasir (ditutup)", ("kasir",), closing_date=date(2026, 10, 1))
    engine = MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        people, programs, [*vacancies, closed]
    )
    options = MatchOptions(as_of=TODAY, weights=NO_TEXT)
    n_open = len(item_side(engine, VAC, options).items)
    exact_i, exact_s = engine.rank_all(VAC, top_k=3, options=options, shortlist=0)
    # One less than the catalog (so stage 1 runs) but more than the open vacancies.
    size = len(engine.catalogs_[VAC]) - 1
    assert size > n_open
    short_i, short_s = engine.rank_all(VAC, top_k=3, options=options, shortlist=size)
    np.testing.assert_allclose(short_s, exact_s, atol=1e-6)
    np.testing.assert_array_equal(short_i, exact_i)


def test_with_a_reference_sample_a_subset_scores_as_in_the_full_row(world, monkeypatch):
    import matcher.engine.matching as eng
    from tests.conftest import fake_normalise

    monkeypatch.setattr(eng, "SCORE_REFERENCE_ITEMS", 3)  # the catalogs are larger
    people, programs, vacancies = world
    engine = eng.MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        people, programs, vacancies
    )
    assert engine.text_[VAC].reference_ is not None
    options = MatchOptions(as_of=TODAY)
    pidx = np.arange(len(engine.people_))
    full = engine.score_block(VAC, engine.people_, pidx, None, options)
    cut = np.array([5, 0, 5, 2])
    part = engine.score_block(VAC, engine.people_, pidx, cut, options)
    np.testing.assert_allclose(part.score, full.score[:, cut], atol=1e-6)
    # The item's view of its people and each person's view of the item agree.
    ranked = engine.recommend_for_item("V-SEW", options).ranked
    tailor = next(r for r in ranked if r.item_id == "JS-TAILOR")
    j = engine.item_index_[VAC]["V-SEW"]
    assert tailor.score == pytest.approx(float(full.score[0, j]), abs=1e-6)


def test_bfloat16_only_rounds_the_semantic_estimate(world):
    people, programs, vacancies = world
    encoders = {"tfidf": TfidfEncoder(), "minilm": WordHashEncoder()}
    engine = MatchingEngine(encoder=encoders, normaliser=fake_normalise).fit(
        people, programs, vacancies
    )
    pidx = np.arange(len(engine.people_))
    options = MatchOptions(as_of=TODAY)
    side = item_side(engine, VAC, options)
    assert side.approx is not None and side.approx.shape[1] > 0  # the world has an estimate
    f32 = stand_in_scores(engine, VAC, side, pidx, options, "float32")
    bf16 = stand_in_scores(engine, VAC, side, pidx, options, "bfloat16")
    ok = f32 > -1
    assert not np.array_equal(bf16[ok], f32[ok])  # rounded...
    np.testing.assert_allclose(bf16[ok], f32[ok], atol=0.02)  # ...by little
    assert (bf16[~ok] < -PENALTY / 2).all()  # rules stay exact
    no_text = MatchOptions(as_of=TODAY, weights=NO_TEXT)
    np.testing.assert_array_equal(
        stand_in_scores(engine, VAC, side, pidx, no_text, "bfloat16"),
        stand_in_scores(engine, VAC, side, pidx, no_text, "float32"),
    )
    with pytest.raises(ValueError, match="precision='float16'"):
        stand_in_scores(engine, VAC, side, pidx, options, "float16")


def test_the_product_over_distinct_item_rows_equals_the_full_product(engine):
    options = MatchOptions(as_of=TODAY)
    pidx = np.arange(len(engine.people_))
    side = item_side(engine, VAC, options)
    side._low["distinct"] = None  # the full product
    full = stand_in_scores(engine, VAC, side, pidx, options)
    rows, inverse = np.unique(side.dense, axis=0, return_inverse=True)
    side._low["distinct"] = (rows, inverse.reshape(-1))
    assert inverse.ravel().tolist() != list(range(len(rows)))  # the gather reorders at least
    np.testing.assert_allclose(
        stand_in_scores(engine, VAC, side, pidx, options), full, rtol=1e-5, atol=1e-6
    )


TRN = OpportunityKind.TRAINING


def test_the_batch_gap_equals_the_gap_from_every_vacancy_scored_exactly(engine):
    from matcher.engine.batch import people_gaps

    options = MatchOptions(as_of=TODAY)
    pidx = np.arange(len(engine.people_))
    exact = engine.skill_gap(engine.people_, pidx, options)
    batch = people_gaps(engine, pidx, options)
    assert exact.nnz > 0  # someone lacks a skill their best vacancies ask for
    assert (exact != batch).nnz == 0


def test_trainings_are_shortlisted_too_and_agree_with_exact_ranking(engine):
    # Each training here teaches one skill, so the stand-in's missing clip never binds
    # and, without the text part, the stand-in orders trainings as the score does.
    options = MatchOptions(as_of=TODAY, weights=NO_TEXT)
    n = len(engine.catalog(TRN))
    exact_i, exact_s = engine.rank_all(TRN, top_k=1, options=options, shortlist=0)
    short_i, short_s = engine.rank_all(TRN, top_k=1, options=options, shortlist=2)
    assert n > 2  # a real shortlist, not the whole catalog
    assert (exact_i >= 0).any()
    assert_same_ranking(short_i, short_s, exact_i, exact_s)
    side = item_side(engine, TRN, options)
    assert side.skills is not None and side.skills.nnz > 0  # taught skills are in stage 1


def test_people_with_the_same_shortlist_are_grouped_together():
    # Four kinds of people, interleaved; each kind's shortlists hold the same 5 items
    # (in a different order), and no two kinds share an item.
    rng = np.random.default_rng(0)
    kinds = np.tile(np.arange(4), 64)
    lists = np.stack([rng.permutation(5) + 10 * k for k in kinds])
    order = group_order(lists, group=64)
    assert sorted(order) == list(range(len(lists)))
    for start in range(0, len(order), 64):
        run = order[start : start + 64]
        assert len(set(kinds[run])) == 1  # one kind per run: a union of 5 items
        assert len(np.unique(lists[run])) == 5


def test_few_people_are_grouped_by_their_best_items():
    lists = np.array([[3, 1], [2, 0], [3, 0], [-1, -1]])
    order = group_order(lists, group=64)
    assert lists[order, 0].tolist() == [-1, 2, 3, 3]


def test_shortlists_scored_in_clustered_groups_still_equal_exact_ranking(engine):
    # group=1: more than four groups, so people are ordered by k-means on their lists
    options = MatchOptions(as_of=TODAY, weights=NO_TEXT)
    rows = np.arange(len(engine.people_))
    exact_i, exact_s = engine.rank_all(VAC, top_k=2, options=options, shortlist=0)
    short_i, short_s = rank_shortlisted(engine, VAC, 2, options, 2, rows, group=1)
    assert (exact_i >= 0).any()
    assert_same_ranking(short_i, short_s, exact_i, exact_s)


def test_many_people_with_tiny_or_empty_shortlists_are_still_ordered():
    for lists in (np.full((300, 2), -1), np.zeros((300, 1), dtype=np.int64)):
        assert sorted(group_order(lists, group=4)) == list(range(300))


def test_worker_threads_give_the_batch_one_thread_gives(engine, monkeypatch):
    # Blocks of one person, chunks of one: every chunk on some worker, each with its own
    # buffers; the text part is on, so the scores are not trivially equal.
    import matcher.engine.prefilter as prefilter

    options = MatchOptions(as_of=TODAY)
    rows = np.arange(len(engine.people_))
    monkeypatch.setattr(prefilter, "PEOPLE_BLOCK", 1)
    results = {}
    for threads in ("1", "3"):
        monkeypatch.setenv("MATCHER_BATCH_THREADS", threads)
        lists = shortlists(engine, VAC, rows, 3, options, chunk_size=1)
        results[threads] = lists, rank_shortlisted(engine, VAC, 2, options, 3, rows, group=1)
    assert len(rows) > 3 and (results["1"][0] >= 0).all()
    np.testing.assert_array_equal(results["3"][0], results["1"][0])
    np.testing.assert_array_equal(results["3"][1][0], results["1"][1][0])
    np.testing.assert_allclose(results["3"][1][1], results["1"][1][1], rtol=1e-6)


def test_reused_buffers_give_the_scores_fresh_ones_give(engine):
    options = MatchOptions(as_of=TODAY)
    side = item_side(engine, VAC, options)
    scratch: dict = {}
    for pidx in (np.arange(len(engine.people_)), np.array([2, 0])):  # then a shorter chunk
        for precision in ("float32", "bfloat16"):
            fresh = stand_in_scores(engine, VAC, side, pidx, options, precision)
            held = stand_in_scores(engine, VAC, side, pidx, options, precision, scratch=scratch)
            # The same products into other memory: equal up to the BLAS kernel's rounding.
            np.testing.assert_allclose(held, fresh, rtol=1e-6, atol=1e-7)
    assert set(scratch) == {"scores", "low"}


def test_a_shortlisted_catalogs_stand_in_matrix_is_built_at_fit_and_travels_with_copies(
    world, monkeypatch
):
    import pickle

    import matcher.engine.batch as batch

    people, programs, vacancies = world
    monkeypatch.setattr(batch, "SHORTLIST_FROM", len(vacancies) - 1)  # vacancies only
    engine = MatchingEngine(encoder=WordHashEncoder(), normaliser=fake_normalise).fit(
        people, programs, vacancies
    )
    text = engine.text_matcher(VAC)
    built = text._subset_cache.get("surrogate_items")
    assert built is not None and built.shape[0] == len(vacancies)
    assert "surrogate_items" not in engine.text_matcher(TRN)._subset_cache
    # A copy (a Ray task maps it from the object store) carries it, not rebuilding it.
    copy = pickle.loads(pickle.dumps(engine))
    carried = copy.text_matcher(VAC)._subset_cache.get("surrogate_items")
    assert carried is not None and carried is not built
    np.testing.assert_array_equal(carried, built)
