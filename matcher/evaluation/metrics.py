"""Ranking metrics from a score matrix and the relevant candidates of each query.

Ranks are computed exactly over all candidates (not only a top-k list), and a tie counts
as the average of the positions it spans, so a method that scores everything 0 gets a
random-chance rank rather than rank 1.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

METRICS = ("recall@1", "recall@5", "recall@10", "mrr", "ndcg@10")


def relevant_ranks(scores: np.ndarray, relevant: Sequence[Sequence[int]]) -> list[np.ndarray]:
    """1-based rank of each relevant candidate of each query (ties: mean position)."""
    scores = np.asarray(scores)
    if scores.shape[0] != len(relevant):
        raise ValueError(f"{scores.shape[0]} score rows but {len(relevant)} relevance lists")
    out = []
    for row, rel in zip(scores, relevant, strict=True):
        rel = np.asarray(sorted(set(rel)), dtype=np.int64)
        if rel.size == 0:
            raise ValueError("a query has no relevant candidate; drop it before scoring")
        s = row[rel][:, None]
        greater = (row[None, :] > s).sum(axis=1)
        ties = (row[None, :] == s).sum(axis=1)  # includes itself
        out.append(greater + (ties + 1) / 2.0)
    return out


def ranking_metrics(ranks: Sequence[np.ndarray], ks: Sequence[int] = (1, 5, 10)) -> dict:
    """Mean Recall@k, MRR and binary nDCG@10 over queries.

    Recall@k is the share of a query's relevant candidates found in its top k (hit rate
    when there is one). MRR uses the first relevant candidate. nDCG@10 uses gain 1 for
    relevant candidates and the ideal ordering of ``min(n_relevant, 10)`` hits.
    """
    out: dict[str, float] = {}
    for k in ks:
        out[f"recall@{k}"] = float(np.mean([(r <= k).mean() for r in ranks]))
    out["mrr"] = float(np.mean([1.0 / r.min() for r in ranks]))
    out["ndcg@10"] = float(np.mean([_ndcg(r, 10) for r in ranks]))
    return out


def _ndcg(ranks: np.ndarray, k: int) -> float:
    top = ranks[ranks <= k]
    dcg = float(np.sum(1.0 / np.log2(top + 1.0)))
    ideal = float(np.sum(1.0 / np.log2(np.arange(1, min(len(ranks), k) + 1) + 1.0)))
    return dcg / ideal


def evaluate_scores(scores: np.ndarray, relevant: Sequence[Sequence[int]]) -> dict:
    """``ranking_metrics`` of a full score matrix."""
    return ranking_metrics(relevant_ranks(scores, relevant))
