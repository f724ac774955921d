"""Evaluation harness: metrics agree with sklearn, tasks do not leak answers."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import ndcg_score

from matcher import config
from matcher.errors import OptionError
from matcher.evaluation import (
    METRICS,
    Method,
    TaskName,
    build_task,
    evaluate_scores,
    ranking_metrics,
    relevant_ranks,
    run_evaluation,
)
from matcher.evaluation.datasets import indonesian_dev

needs_shared_data = pytest.mark.skipif(
    not (config.ESCO_DIR / "occupations_en.csv").exists(), reason="shared/data not present"
)


def test_ndcg_at_10_matches_sklearn_on_random_scores():
    rng = np.random.default_rng(1)
    scores = rng.random((20, 40))
    relevant = [sorted(rng.choice(40, size=rng.integers(1, 6), replace=False)) for _ in range(20)]
    truth = np.zeros_like(scores)
    for i, rel in enumerate(relevant):
        truth[i, rel] = 1.0
    ours = evaluate_scores(scores, relevant)["ndcg@10"]
    assert ours == pytest.approx(ndcg_score(truth, scores, k=10), abs=1e-9)


def test_recall_and_mrr_on_a_hand_worked_example():
    scores = np.array([[0.9, 0.8, 0.7, 0.1], [0.1, 0.2, 0.3, 0.9]])
    # query 0: relevant at ranks 2 and 4; query 1: relevant at rank 1
    m = evaluate_scores(scores, [[1, 3], [3]])
    assert m["recall@1"] == pytest.approx((0.0 + 1.0) / 2)
    assert m["recall@5"] == pytest.approx(1.0)
    assert m["mrr"] == pytest.approx((1 / 2 + 1) / 2)


def test_a_tie_counts_as_the_average_position_not_the_best():
    ranks = relevant_ranks(np.zeros((1, 5)), [[2]])
    assert ranks[0].tolist() == [3.0]  # a constant scorer is no better than chance
    assert ranking_metrics(ranks)["recall@1"] == 0.0


def test_every_metric_is_reported():
    assert set(METRICS) <= set(evaluate_scores(np.eye(3), [[0], [1], [2]]))


def test_unknown_method_and_task_list_the_allowed_values():
    with pytest.raises(OptionError, match="tfidf, bm25, minilm, use, fixed, default"):
        Method.parse("word2vec")
    with pytest.raises(OptionError, match="onet_title_to_occupation"):
        TaskName.parse("onet")


@needs_shared_data
def test_indonesian_dev_set_is_large_enough_and_every_uri_is_in_esco():
    dev = indonesian_dev()
    assert len(dev) >= 150
    assert set(dev["kind"]) == {"occupation", "skill"}
    occ = build_task(TaskName.INDONESIAN_TO_OCCUPATION, limit=None)
    skl = build_task(TaskName.INDONESIAN_TO_SKILL, limit=None)
    assert len(occ.queries) + len(skl.queries) == len(dev)


@needs_shared_data
def test_onet_queries_never_appear_among_candidate_names():
    task = build_task(TaskName.ONET_TITLE_TO_OCCUPATION, limit=300, seed=3)
    names = {n.strip().lower() for c, a in zip(task.candidates, task.aliases, strict=True)
             for n in [c, *a]}  # fmt: skip
    leaked = [q for q in task.queries if q.strip().lower() in names]
    # An O*NET alternate title can equal an occupation's own title; that is fair game.
    titles = {c.strip().lower() for c in task.candidates}
    assert all(q.strip().lower() in titles for q in leaked)


@needs_shared_data
def test_subsample_is_fixed_by_seed():
    a = build_task(TaskName.ESCO_SKILLS_TO_OCCUPATION, limit=20, seed=7)
    b = build_task(TaskName.ESCO_SKILLS_TO_OCCUPATION, limit=20, seed=7)
    c = build_task(TaskName.ESCO_SKILLS_TO_OCCUPATION, limit=20, seed=8)
    assert a.queries == b.queries and a.queries != c.queries
    assert all(len(q.split(", ")) >= 8 for q in a.queries)


@needs_shared_data
def test_quick_run_returns_one_row_per_task_and_method():
    table = run_evaluation(
        tasks=["onet_title_to_occupation"], methods=["tfidf", "bm25"], limit=30, seed=0
    )
    assert table[["task", "method"]].values.tolist() == [
        ["onet_title_to_occupation", "tfidf"],
        ["onet_title_to_occupation", "bm25"],
    ]
    assert (table["mrr"] > 0.2).all()  # far above chance (1/1016) for word overlap methods
