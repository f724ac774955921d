"""Wage fit: the vacancy's wage against the wage the jobseeker expects.

1 when the wage meets the expectation, falling linearly to 0 at ``FLOOR`` (60%) of it.
When either wage is unknown, or the item is a training or a programme (no wage), the
part is 1: no mismatch is known. Neutral rather than a middling value, so a person who
states no expectation is never pushed down; and 1 is also what an old stored decision
(saved before this part existed) reads as.

Its default weight is 0: every existing score, the evaluation table and the benchmark
figures stay as they were, and a vacancy that does not state its wage is not favoured
over one that does. A counselor can raise it per person (a slider like the others), and
the learned ranker learns its weight from decisions (its feature is ``wage``).
"""

from __future__ import annotations

import numpy as np

from matcher.domain import OpportunityKind
from matcher.scoring.parts.base import BlockInputs, PairView, ScorePart

FLOOR = 0.6  # a wage at 60% of the expectation or less fits 0


def wage_fit(offered: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Fit in [0, 1] of wages ``offered`` against ``expected`` (broadcast); NaN -> 1."""
    with np.errstate(invalid="ignore", divide="ignore"):
        fit = (offered / expected - FLOOR) / (1.0 - FLOOR)
    fit = np.clip(fit, 0.0, 1.0)
    return np.where(np.isnan(fit) | (expected <= 0), 1.0, fit).astype(np.float32)


def _expected(people, pidx: np.ndarray) -> np.ndarray:
    wages = (getattr(people.records[i], "expected_wage", None) for i in pidx)
    return np.fromiter((np.nan if w is None else w for w in wages), np.float64, len(pidx))


class WagePart(ScorePart):
    name = "wage"
    default_weight = 0.0
    neutral = 1.0

    def block(self, inputs: BlockInputs) -> np.ndarray:
        shape = inputs.km.shape
        if inputs.kind is not OpportunityKind.VACANCY:
            return np.ones(shape, dtype=np.float32)
        expected = _expected(inputs.people, inputs.pidx)[:, None]
        return np.broadcast_to(wage_fit(inputs.items(inputs.catalog.wage), expected), shape)

    # No stand-in: the fit is not linear in either wage; with weight 0 by default the
    # batch prefilter loses nothing, and stage 2 scores it exactly.

    def explain(self, pair: PairView) -> dict:
        expected = getattr(pair.people.records[pair.pi], "expected_wage", None)
        if pair.kind is not OpportunityKind.VACANCY or expected is None:
            return {}
        offered = pair.catalog.wage[pair.j]
        return {"wage": {"expected": float(expected),
                         "offered": None if np.isnan(offered) else float(offered)}}  # fmt: skip
