"""Explanations: what each recommendation carries, built only for what is shown.

The parts and their weighted contributions, each part's facts (km, schedule fit, the two
wages), the skills matched, missing, nice-to-have and newly taught, the rules that
exclude the item or were relaxed, and the learned ranker's adjustment. Codes and values
only: the words are in ``app/i18n`` (:mod:`app.i18n.explain`).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matcher.domain import OpportunityKind
from matcher.engine import results as ex
from matcher.scoring.arrays import CatalogArrays
from matcher.scoring.parts import PARTS, PairView
from matcher.scoring.rules import failed_rules, relax_mask
from matcher.scoring.weights import Part


def explain_pair(engine, kind, block, row, col, people, pi, options, gap=None, item_col=None):
    """Explanation of pair (row, col) of ``block``; ``item_col`` indexes the catalog."""
    cat = engine.catalogs_[kind]
    j = col if item_col is None else item_col
    w = options.weights.as_array()
    w = w / w.sum()
    km = float(block.km[row, col])
    values = block.parts[row, col]
    parts = tuple(
        ex.ScorePart(Part(p.name), float(values[k]), float(w[k]), float(values[k] * w[k]))
        for k, p in enumerate(PARTS)
    )
    facts: dict = {}
    for k, p in enumerate(PARTS):
        facts.update(p.explain(PairView(kind, people, pi, cat, j, float(values[k]), km)))
    have = set(_row(people.effective, pi))
    req = list(_row(cat.required, j))
    labels = engine.vocab_.labels
    bonus: list[str] = []
    new: list[str] = []
    if kind is OpportunityKind.VACANCY:
        matched = [labels[c] for c in req if c in have]
        missing = [labels[c] for c in req if c not in have]
        bonus = [labels[c] for c in _row(cat.nice, j) if c in have]
        matched += bonus
    else:
        wanted = set(_row(people.interests, pi))
        if gap is not None:
            wanted |= set(_row(gap, 0 if gap.shape[0] == 1 else pi))
        matched = [labels[c] for c in req if c in wanted]
        missing = []
        new = [labels[c] for c in req if c not in have]
    bits = int(block.bits[row, col])
    relaxed = relax_mask(options.relaxed_rules)
    adjustment = None
    if engine.ranker is not None:
        # The parts add up to the hand-weighted score; say how far the learned ranker
        # moved it, so the explanation still adds up to the score shown.
        adjustment = float(block.score[row, col]) - sum(p.contribution for p in parts)
    return ex.Explanation(
        parts=parts,
        skills_matched=tuple(matched),
        skills_missing=tuple(missing),
        skills_bonus=tuple(bonus),
        skills_new=tuple(new),
        distance_km=facts.pop("distance_km", None),
        schedule_fit=facts.pop("schedule_fit", None),
        facts=facts,
        failed_rules=tuple(failed_rules(bits & ~relaxed)),
        relaxed_rules=tuple(failed_rules(bits & relaxed)),
        learned_adjustment=None if adjustment is None else round(adjustment, 4),
    )


def item_signature(cat: CatalogArrays, j: int) -> frozenset:
    """What makes two items 'the same kind of job': title words and skill concepts."""
    words = {f"w:{w}" for w in cat.records[j].title.lower().split() if len(w) > 2}
    skills = {f"s:{c}" for c in _row(cat.required, j)}
    return frozenset(words | skills)


def _row(m: sp.spmatrix, i: int) -> np.ndarray:
    """Column indices of row ``i`` in stored order, as ``m[i].indices`` but without a
    scipy row copy (~0.1 ms each, and an explanation takes several)."""
    if m.format != "csr":
        return m.tocsr()[i].indices
    return m.indices[m.indptr[i] : m.indptr[i + 1]]
