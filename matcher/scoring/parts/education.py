"""Education part: the person's level against the item's minimum."""

from __future__ import annotations

import numpy as np

from matcher.scoring.parts.base import BlockInputs, ScorePart, StandIn
from matcher.scoring.parts.distance import one_hot


def education_score(person_edu: np.ndarray, min_edu: np.ndarray) -> np.ndarray:
    """1 when the requirement is met; a mild penalty far above it, zero below it."""
    gap = person_edu[:, None].astype(np.float32) - min_edu[None, :].astype(np.float32)
    overqualified = (gap >= 3) & (min_edu[None, :] > 0)
    score = np.where(gap < 0, 0.0, np.where(overqualified, 0.8, 1.0))
    return score.astype(np.float32)


class EducationPart(ScorePart):
    name = "education"
    default_weight = 0.08
    neutral = 1.0

    def block(self, inputs: BlockInputs) -> np.ndarray:
        # A table over the few levels (small non-negative integers), gathered to every pair.
        person_edu = inputs.people.education[inputs.pidx].astype(np.int64)
        min_edu = inputs.items(inputs.catalog.min_education).astype(np.int64)
        levels = np.arange(int(max(person_edu.max(initial=0), min_edu.max(initial=0))) + 1)
        return education_score(levels, levels)[person_edu[:, None], min_edu]

    def stand_in(self, engine, kind, items) -> StandIn:
        # Exact: the person's row of the level table against a one-hot of the item's
        # minimum level.
        cat, people = engine.catalog(kind), engine.people_
        levels = int(max(cat.min_education.max(initial=0), people.education.max(initial=0))) + 1

        def person_cols(pidx: np.ndarray, w: float) -> np.ndarray:
            return education_score(people.education[pidx], np.arange(levels)) * w

        return StandIn(one_hot(cat.min_education[items], levels), person_cols)
