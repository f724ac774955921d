"""Shortlists for batch ranking: a linear stand-in for the score, one matrix product per block.

``MatchingEngine.rank_all`` over 20,000 people x 50,000 vacancies would run the exact
five-part scorer on 10^9 pairs. Instead it shortlists first: every pair is scored with a
linear stand-in ``Q @ X.T`` (one dense product per block of people, plus one sparse
product for skills), each person keeps their ``n`` best, and only the shortlisted pairs
are scored exactly (stage 2, in the engine).

The stand-in is the sum of each score part's own linear stand-in
(:meth:`matcher.scoring.parts.ScorePart.stand_in`), with the request's weights: exact
for skills, distance and education; approximate for the semantic part (the dense
encoders only) and schedule (the mean of a job's alternatives); a part without one adds
nothing here and is scored in stage 2.

The hard rules are exact, so a shortlist never trades an eligible item for an ineligible
one. They come from the rule registry (:data:`matcher.scoring.rules.RULES`): a rule
decided by the item alone leaves the item out (closed, no seats on the request's day);
any other rule turns its few distinct item values into one-hot columns, against which
each person's row holds a penalty far larger than any score where the rule fails. A
relaxed rule costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matcher.domain import OpportunityKind
from matcher.scoring.parts import PARTS, StandIn
from matcher.scoring.parts.distance import one_hot
from matcher.scoring.rules import RULES, HardRule

# Far below any sum of parts (each in [0, 1], semantic z-scores rarely beyond +-10).
PENALTY = 1000.0


@dataclass
class ItemSide:
    """One catalog's side of the stand-in, for one request day and set of relaxed rules."""

    items: np.ndarray  # catalog rows that can be shortlisted (open, with seats)
    dense: np.ndarray  # (len(items), D) float32: every part's columns, then every rule's
    skills: sp.csr_matrix | None  # (len(items), C) the parts' sparse columns
    parts: list[tuple[int, StandIn]]  # (position in PARTS, its stand-in)
    rules: list[tuple[HardRule, np.ndarray]]  # (rule, its distinct item values)


def _distinct(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    values, inverse = np.unique(keys, axis=0 if keys.ndim == 2 else None, return_inverse=True)
    return values, inverse.reshape(-1)


def item_side(engine, kind: OpportunityKind, options) -> ItemSide:
    """Build the catalog side of the stand-in (vacancies only; see ``MatchingEngine.rank_all``)."""
    if kind is not OpportunityKind.VACANCY:
        raise ValueError(f"shortlists are built for vacancies; got kind={kind.value!r}")
    cat = engine.catalog(kind)
    relaxed = set(options.relaxed_rules)
    keep = np.ones(len(cat), dtype=bool)
    for rule in RULES:
        if rule.item_fails is not None and rule.rule not in relaxed:
            keep &= ~rule.item_fails(cat, options.today())
    items = np.flatnonzero(keep)
    parts = [(k, s) for k, p in enumerate(PARTS) if (s := p.stand_in(engine, kind, items))]
    rules = []
    for rule in RULES:
        if rule.keys is not None:
            values, inverse = _distinct(rule.keys(cat))
            rules.append((rule, values, one_hot(inverse[items], len(values))))
    dense = [s.item_cols for _, s in parts if s.item_cols is not None]
    dense += [cols for _, _, cols in rules]
    sparse = [s.item_sparse for _, s in parts if s.item_sparse is not None]
    return ItemSide(
        items=items,
        dense=np.ascontiguousarray(np.hstack(dense), dtype=np.float32),
        skills=sp.hstack(sparse, format="csr", dtype=np.float32) if sparse else None,
        parts=parts, rules=[(rule, values) for rule, values, _ in rules],
    )  # fmt: skip


def people_side(engine, kind, side: ItemSide, pidx: np.ndarray, options):
    """The people side for rows ``pidx`` of the engine's people: ``(dense, sparse)``."""
    w = options.weights.as_array()
    a = w / w.sum()
    relaxed = set(options.relaxed_rules)
    cat = engine.catalog(kind)
    dense = [s.person_cols(pidx, float(a[k])) for k, s in side.parts if s.item_cols is not None]
    for rule, values in side.rules:
        if rule.rule in relaxed:
            dense.append(np.zeros((len(pidx), len(values)), dtype=np.float32))
        else:
            failed = rule.fails(engine.people_, pidx, cat, values)
            dense.append(-PENALTY * failed.astype(np.float32))
    sparse = [
        s.person_sparse(pidx, float(a[k])) for k, s in side.parts if s.item_sparse is not None
    ]
    return (
        np.ascontiguousarray(np.hstack(dense), dtype=np.float32),
        sp.hstack(sparse, format="csr", dtype=np.float32) if sparse else None,
    )


def stand_in_scores(engine, kind, side: ItemSide, pidx: np.ndarray, options) -> np.ndarray:
    """The stand-in score of rows ``pidx`` against ``side.items``, (p, len(items))."""
    dense, skills = people_side(engine, kind, side, pidx, options)
    scores = dense @ side.dense.T
    if skills is not None:
        product = (skills @ side.skills.T).tocsr()
        rows = np.repeat(np.arange(product.shape[0]), np.diff(product.indptr))
        scores[rows, product.indices] += product.data
    return scores


def shortlists(
    engine, kind, pidx: np.ndarray, size: int, options, chunk_size: int = 1024
) -> np.ndarray:
    """Each person's ``size`` best catalog rows by the stand-in, (len(pidx), size), best
    first; -1 pads a catalog with fewer items that can be shortlisted."""
    side = item_side(engine, kind, options)
    k = min(int(size), len(side.items))
    out = np.full((len(pidx), int(size)), -1, dtype=np.int64)
    if k == 0:
        return out
    import torch  # its top-k is a partial sort, 5x numpy's argpartition at 50k columns

    for lo in range(0, len(pidx), chunk_size):
        rows = pidx[lo : lo + chunk_size]
        scores = stand_in_scores(engine, kind, side, rows, options)
        top = torch.topk(torch.from_numpy(scores), k, dim=1, sorted=True).indices.numpy()
        out[lo : lo + len(rows), :k] = side.items[top]
    return out
