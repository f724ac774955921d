"""Semantic part: how close the person's profile text is to the item's text."""

from __future__ import annotations

import numpy as np

from matcher.scoring.parts.base import BlockInputs, ScorePart, StandIn


def squash(z: np.ndarray) -> np.ndarray:
    """Per-query z-scores to [0, 1]: 0 is an average item, ~2.5 a strong match."""
    z = np.asarray(z, dtype=np.float32)
    return np.clip((z + 0.5) / 3.0, 0.0, 1.0).astype(np.float32)


class SemanticPart(ScorePart):
    name = "semantic"
    evidence = True
    default_weight = 0.35

    def block(self, inputs: BlockInputs) -> np.ndarray:
        return squash(inputs.text_scores())

    def stand_in(self, engine, kind, items) -> StandIn:
        # The text matcher's dense encoders against half each item's own text vector
        # plus half its mean name vector, scaled like its z-scores; TF-IDF, the best-name
        # maximum, the per-person constant and the squash's clip are left out (measured:
        # clipping the estimate made shortlists worse, see docs/scaling.md).
        text = engine.text_matcher(kind)
        texts = engine.people_.texts

        def person_cols(pidx: np.ndarray, w: float) -> np.ndarray:
            return text.surrogate_queries([texts[i] for i in pidx])[0] * (w / 3.0)

        return StandIn(text.surrogate_items()[items], person_cols, exact=False)
