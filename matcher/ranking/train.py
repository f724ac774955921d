"""Fit the counselor ranker on decisions, measure it on held-out jobseekers, learning curves.

Quality is nDCG@10 of each held-out shown list, reordering the items a counselor judged
(graded pin 3 > accept 2 > move down 1 > reject 0) by the learned score, against the
same items in hand-set order. The split is by jobseeker, so the model is always judged
on people it never saw.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import roc_auc_score

from matcher.db.records import Decision
from matcher.domain import JobPosting, Jobseeker, OpportunityKind, TrainingProgram
from matcher.ranking.dataset import Dataset, build_dataset, decisions_hash, mean_ndcg
from matcher.ranking.estimator import CounselorRanker
from matcher.ranking.ranker import Ranker, make_manifest

Items = Mapping[tuple[OpportunityKind, str], JobPosting | TrainingProgram]
MIN_PAIRS = 20  # fewer judged pairs than this is not enough to learn anything


class NotEnoughDecisions(ValueError):
    """Too few usable decisions, or only one kind of label, to train on."""


@dataclass(frozen=True)
class Split:
    train: np.ndarray  # bool masks over the dataset's rows
    test: np.ndarray


def split_by_jobseeker(data: Dataset, test_share: float = 0.3, seed: int = 0) -> Split:
    """Hold out a share of jobseekers (all their lists), chosen at random."""
    if not 0.0 < test_share < 1.0:
        raise ValueError(f"test_share={test_share!r}; allowed: a number between 0 and 1")
    people = np.unique(data.jobseeker)
    rng = np.random.default_rng(seed)
    n_test = max(1, int(round(len(people) * test_share)))
    test_people = set(rng.permutation(people)[:n_test])
    test = np.array([j in test_people for j in data.jobseeker], dtype=bool)
    return Split(train=~test, test=test)


def fit(data: Dataset, C: float = 1.0, pairwise: bool = True) -> CounselorRanker:
    """A :class:`CounselorRanker` fitted on ``data`` (pins count double); pairwise within
    the shown lists unless ``pairwise`` is False or no list has both labels."""
    if len(data) < MIN_PAIRS or len(np.unique(data.y)) < 2:
        raise NotEnoughDecisions(
            f"{len(data)} judged pairs with labels {sorted(set(data.y.tolist()))}; "
            f"need at least {MIN_PAIRS} pairs with both kept and rejected items"
        )
    model = CounselorRanker(C=C)
    if pairwise:
        try:
            return model.fit(data.X, data.y, groups=data.group, sample_weight=data.weight)
        except ValueError:
            pass  # no list with both a kept and a rejected item: learn pointwise
    return model.fit(data.X, data.y, sample_weight=data.weight)


def evaluate(model: CounselorRanker, data: Dataset, k: int = 10) -> dict[str, float]:
    """nDCG@k of learned and hand-set order on ``data``'s lists, and the ROC AUC."""
    learned = model.decision_function(data.X)
    both = len(np.unique(data.y)) == 2
    return {
        "ndcg_learned": mean_ndcg(learned, data, k),
        "ndcg_hand": mean_ndcg(data.hand, data, k),
        "auc_learned": float(roc_auc_score(data.y, learned)) if both else float("nan"),
        "auc_hand": float(roc_auc_score(data.y, data.hand)) if both else float("nan"),
        "n_pairs": int(len(data)),
        "n_lists": int(len(np.unique(data.group))),
    }


def train_ranker(
    decisions: Sequence[Decision],
    people: Mapping[str, Jobseeker],
    items: Items,
    *,
    source: str,
    C: float = 1.0,
    test_share: float = 0.3,
    seed: int = 0,
) -> Ranker:
    """Measure on held-out jobseekers, then refit on everything and return the ranker.

    The manifest's ``metrics`` are the held-out ones; ``n_decisions`` counts the rows
    that contributed, and the data hash covers exactly those rows.

    Raises
    ------
    NotEnoughDecisions
    """
    decisions = list(decisions)
    data = build_dataset(decisions, people, items)
    if data.skipped and (len(data) < MIN_PAIRS or len(np.unique(data.y)) < 2):
        raise NotEnoughDecisions(
            f"{len(data)} usable judged pairs (need {MIN_PAIRS}, kept and rejected); "
            f"{data.skipped} decisions had no stored score parts or name a record that is gone"
        )
    metrics: dict[str, float] = {}
    split = split_by_jobseeker(data, test_share, seed) if len(data) else None
    if split is not None and split.test.any() and split.train.any():
        try:
            held = fit(data.subset(split.train), C)
            metrics = {
                f"heldout_{k}": v for k, v in evaluate(held, data.subset(split.test)).items()
            }
        except NotEnoughDecisions:
            metrics = {}  # too small to split; the full fit below decides
    model = fit(data, C)
    metrics.update({f"train_{k}": v for k, v in evaluate(model, data).items()})
    used = _used_rows(decisions, data)
    manifest = make_manifest(
        data_hash=decisions_hash(used), n_decisions=data.n_decisions, metrics=_clean(metrics),
        source=source, params={"C": C, "test_share": test_share, "seed": seed,
                               "skipped_decisions": data.skipped},
    )  # fmt: skip
    manifest["weights"] = [float(w) for w in model.coef_]  # readable without loading the model
    manifest["intercept"] = float(model.intercept_)
    return Ranker(model=model, manifest=manifest)


def _used_rows(decisions: Iterable[Decision], data: Dataset) -> list[Decision]:
    people = set(data.jobseeker.tolist())
    from matcher.ranking.dataset import LABEL_ACTIONS

    return [d for d in decisions if d.jobseeker_id in people and d.action in LABEL_ACTIONS
            and d.opportunity_id]  # fmt: skip


def _clean(metrics: dict[str, float]) -> dict[str, float | None]:
    """JSON-safe: NaN becomes None."""
    return {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in metrics.items()}


def learning_curve(
    decisions: Sequence[Decision],
    people: Mapping[str, Jobseeker],
    items: Items,
    sizes: Sequence[int] = (50, 100, 200, 400, 800, 1600),
    *,
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    test_share: float = 0.3,
    C: float = 1.0,
) -> list[dict[str, float]]:
    """Held-out nDCG@10 after the first N decisions, for each N and seed.

    For each seed, jobseekers are split into train and held-out; the model learns from
    the first N decisions (in the order they were made) about training jobseekers and is
    judged on every held-out list. Rows: ``n``, ``seed``, ``ndcg_learned``,
    ``ndcg_hand``, ``auc_learned``, ``n_pairs``.
    """
    decisions = list(decisions)
    full = build_dataset(decisions, people, items)
    rows = []
    for seed in seeds:
        split = split_by_jobseeker(full, test_share, seed)
        test = full.subset(split.test)
        train_people = set(full.jobseeker[split.train].tolist())
        pool = [d for d in decisions if d.jobseeker_id in train_people]
        for n in sizes:
            if n > len(pool):
                break
            data = build_dataset(pool[:n], people, items)
            try:
                model = fit(data, C)
            except NotEnoughDecisions:
                continue
            scores = evaluate(model, test)
            rows.append({"n": n, "seed": seed, "n_train_pairs": len(data), **scores})
    return rows
