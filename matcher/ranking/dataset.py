"""Counselor decisions (rows of ``recommendation_decisions``) turned into labelled pairs.

Every item action a counselor takes on a list is a judgement of one (person,
opportunity) pair. The last decisive action on a pair gives its grade:

    pin 3, accept 2, move up 2, move down 1, reject 0

(unpinning leaves an accepted item: 2). Moves are weaker evidence than an explicit
accept, pin or reject, so they never override one. Restoring a rejected item takes the
rejection back without judging the item: the pair has no label until a later action. A grade of 2 or more is a positive
label for the pointwise classifier; pins count double. The score parts stored with each
decision are the features' base, so the model learns from what the counselor saw; a
part added after a decision was stored takes that part's neutral value.
The same code reads real rows from the database and simulated ones
(:mod:`matcher.ranking.sim`); both are :class:`matcher.db.records.Decision`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from matcher.db.enums import DecisionAction
from matcher.db.records import Decision
from matcher.domain import JobPosting, Jobseeker, OpportunityKind, TrainingProgram, WorkType
from matcher.ranking.features import FEATURE_NAMES, night_hours, pair_matrix, person_context
from matcher.scoring.parts import PARTS
from matcher.scoring.schedule import Schedule, parse_job_schedule, parse_programme_schedule
from matcher.scoring.weights import Weights, combine

A = DecisionAction
GRADES = {A.PIN: 3, A.ACCEPT: 2, A.MOVE_UP: 2, A.UNPIN: 2, A.MOVE_DOWN: 1, A.REJECT: 0}
WEAK = frozenset({A.MOVE_UP, A.MOVE_DOWN})
LABEL_ACTIONS = (*GRADES, A.RESTORE)  # what training reads: the grades and their undoing
POSITIVE_GRADE = 2


@dataclass(frozen=True)
class Dataset:
    """Labelled pairs: features, labels, grades and the list each pair was shown in."""

    X: np.ndarray  # (n, F)
    y: np.ndarray  # (n,) 1 = kept (grade >= 2), 0 = rejected or moved down
    grade: np.ndarray  # (n,) 0..3
    weight: np.ndarray  # (n,) pins count double
    hand: np.ndarray  # (n,) hand-set score from the stored parts
    jobseeker: np.ndarray  # (n,) object
    group: np.ndarray  # (n,) "jobseeker|kind": one shown list
    n_decisions: int  # decision rows that contributed
    skipped: int  # item decisions that could not be used (no parts, unknown record)

    def __len__(self) -> int:
        return len(self.y)

    def subset(self, mask: np.ndarray) -> Dataset:
        return Dataset(
            self.X[mask], self.y[mask], self.grade[mask], self.weight[mask], self.hand[mask],
            self.jobseeker[mask], self.group[mask], self.n_decisions, self.skipped,
        )  # fmt: skip


def item_schedule(kind: OpportunityKind, item: JobPosting | TrainingProgram) -> Schedule:
    """The schedule exactly as :class:`matcher.scoring.arrays.CatalogArrays` parses it."""
    if OpportunityKind(kind) is OpportunityKind.VACANCY:
        return parse_job_schedule(item.schedule, item.work_type is WorkType.HOME_BASED)
    return parse_programme_schedule(item.schedule, item.online)


def decisions_hash(decisions: Iterable[Decision]) -> str:
    """sha256 of the decision rows used, in a canonical JSON form (order-independent)."""
    rows = sorted(
        json.dumps(
            {
                "jobseeker_id": d.jobseeker_id,
                "kind": str(d.opportunity_kind) if d.opportunity_kind else None,
                "item": d.opportunity_id,
                "action": str(d.action),
                "reason": str(d.reason_code) if d.reason_code else None,
                "rank_before": d.rank_before,
                "rank_after": d.rank_after,
                "parts": d.score_parts,
                "who": d.who,
                "at": d.at.isoformat() if d.at else None,
            },
            sort_keys=True,
            default=str,
        )
        for d in decisions
    )
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def label_pairs(decisions: Iterable[Decision]) -> tuple[dict, int, list[Decision]]:
    """``{(jobseeker, kind, item): (grade, parts)}``, skipped count and the rows used."""
    pairs: dict[tuple[str, OpportunityKind, str], tuple[int, np.ndarray]] = {}
    skipped, used = 0, []
    ordered = sorted(decisions, key=lambda d: (d.at is None, d.at, d.id))
    for d in ordered:
        action = DecisionAction(d.action)
        if action not in LABEL_ACTIONS or not d.opportunity_id or d.opportunity_kind is None:
            continue
        key = (d.jobseeker_id, OpportunityKind(d.opportunity_kind), d.opportunity_id)
        if action is A.RESTORE:
            if pairs.pop(key, None) is not None:
                used.append(d)
            continue
        parts = stored_parts(d.score_parts)
        if parts is None and key not in pairs:
            skipped += 1
            continue
        old = pairs.get(key)
        if old is not None and action in WEAK and old[2]:
            used.append(d)
            continue  # a move never overrides an explicit accept, pin or reject
        grade = GRADES[action]
        pairs[key] = (grade, parts if parts is not None else old[1], action not in WEAK)
        used.append(d)
    return {k: v[:2] for k, v in pairs.items()}, skipped, used


def stored_parts(stored: Mapping | None) -> np.ndarray | None:
    """A decision's stored score parts in registry order, by name; None when it has none.

    A part the decision does not name (it was stored before the part existed) takes the
    part's ``neutral`` value, so old decisions stay usable when a part is added.
    """
    if not stored:
        return None
    return np.array([float(stored.get(p.name, p.neutral)) for p in PARTS], dtype=np.float32)


def build_dataset(
    decisions: Iterable[Decision],
    people: Mapping[str, Jobseeker],
    items: Mapping[tuple[OpportunityKind, str], JobPosting | TrainingProgram],
) -> Dataset:
    """Labelled pairs with features, from decision rows and the current records.

    Pairs whose person or opportunity is no longer known are skipped and counted.
    """
    decisions = list(decisions)
    pairs, skipped, used = label_pairs(decisions)
    keys = [k for k in pairs if k[0] in people and (k[1], k[2]) in items]
    skipped += len(pairs) - len(keys)
    kept = set(keys)
    used = [d for d in used if (d.jobseeker_id, d.opportunity_kind, d.opportunity_id) in kept]
    X = np.zeros((len(keys), len(FEATURE_NAMES)), dtype=np.float32)
    for kind in OpportunityKind:
        rows = [i for i, k in enumerate(keys) if k[1] is kind]
        if not rows:
            continue
        parts = np.stack([pairs[keys[i]][1] for i in rows])
        ctx = person_context([people[keys[i][0]] for i in rows])
        night = night_hours([item_schedule(kind, items[(kind, keys[i][2])]) for i in rows])
        X[rows] = pair_matrix(parts, kind, ctx, night)
    grade = np.array([pairs[k][0] for k in keys], dtype=np.int64)
    all_parts = (
        np.stack([pairs[k][1] for k in keys])
        if keys
        else np.zeros((0, len(PARTS)), dtype=np.float32)
    )
    return Dataset(
        X=X,
        y=(grade >= POSITIVE_GRADE).astype(np.int64),
        grade=grade,
        weight=np.where(grade >= 3, 2.0, 1.0),
        hand=combine(all_parts, Weights()).astype(np.float32),
        jobseeker=np.array([k[0] for k in keys], dtype=object),
        group=np.array([f"{k[0]}|{k[1].value}" for k in keys], dtype=object),
        n_decisions=len(used),
        skipped=skipped,
    )


def ndcg_at_k(grades: np.ndarray, scores: np.ndarray, k: int = 10) -> float:
    """nDCG@k of one list: linear gains, log2 discounts, ties broken by list order.

    Equals scikit-learn's ``ndcg_score`` when scores have no ties (a test checks it).
    """
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")[:k]
    discount = 1.0 / np.log2(np.arange(2, len(order) + 2))
    ideal = np.sort(grades)[::-1][:k]
    best = float(ideal @ discount[: len(ideal)])
    return float(grades[order] @ discount) / best if best > 0 else 0.0


def mean_ndcg(scores: np.ndarray, data: Dataset, k: int = 10) -> float:
    """Mean nDCG@k over shown lists, ranking each list's judged items by ``scores``.

    Lists with fewer than two judged items or a single grade have no order to get
    right and are left out.
    """
    values = []
    order = np.argsort(data.group, kind="stable")
    groups = data.group[order]
    bounds = np.flatnonzero(groups[1:] != groups[:-1]) + 1
    for rows in np.split(order, bounds) if len(order) else []:
        grades = data.grade[rows]
        if len(rows) < 2 or grades.min() == grades.max():
            continue
        values.append(ndcg_at_k(grades, scores[rows], k))
    return float(np.mean(values)) if values else float("nan")
