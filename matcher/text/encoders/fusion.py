"""Score fusion: several encoders' cosines, calibrated, then combined with weights.

No single encoder wins every task (character TF-IDF on short titles, MiniLM on long English
text, multilingual USE on Indonesian), so the default matcher adds their votes. Raw cosines
are not comparable across encoders (MiniLM spreads 0..1, USE sits higher, TF-IDF is mostly
near 0), so each encoder's scores for a query are first standardised over the candidates
(z-scores: "how far above this query's typical candidate"). Adding z-scores is CombSUM with
zero-mean/unit-variance normalisation; an encoder that sees one clear winner (a large z)
speaks louder for that query, which is what makes the sum beat each part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from matcher.errors import OptionEnum
from matcher.text.encoders.base import Encoder, check_texts, l2_normalise


class Calibration(OptionEnum):
    """How per-encoder scores are made comparable before they are added."""

    __option__ = "calibration"

    ZSCORE = "zscore"  # standardise each query's row over the candidates
    NONE = "none"  # add raw cosines


def row_stats(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's mean and standard deviation, as (n, 1) columns."""
    scores = np.asarray(scores, dtype=np.float32)
    return scores.mean(axis=1, keepdims=True), scores.std(axis=1, keepdims=True)


def standardise_rows(
    scores: np.ndarray, stats: tuple[np.ndarray, np.ndarray] | None = None
) -> np.ndarray:
    """Z-score each row; a constant row (no information) becomes all zeros.

    ``stats`` are the rows' ``(mean, std)`` when they come from elsewhere (a reference
    sample of the candidates, see ``TextMatcher(reference_size=...)``); by default the
    row's own.
    """
    scores = np.asarray(scores, dtype=np.float32)
    mean, std = row_stats(scores) if stats is None else stats
    std = np.where(np.asarray(std) < 1e-6, np.inf, std).astype(np.float32)
    return (scores - mean) / std


def fuse_scores(
    scores: Mapping[str, np.ndarray],
    weights: Mapping[str, float | np.ndarray],
    calibration: str | Calibration = Calibration.ZSCORE,
    stats: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> np.ndarray:
    """Weighted mean of calibrated score matrices of equal shape.

    Parameters
    ----------
    scores : mapping of name to ndarray (n_queries, n_candidates)
    weights : mapping of name to float or ndarray (n_queries,)
        A weight per encoder, or per encoder and query. An encoder missing from
        ``weights`` or weighted 0 is left out.
    calibration : {"zscore", "none"}
    stats : mapping of name to (mean, std) columns, or None
        Z-score each encoder with these per-query statistics instead of its row's own.
    """
    calibration = Calibration.parse(calibration)
    n = next(iter(scores.values())).shape[0] if scores else 0
    used = {
        name: np.clip(np.broadcast_to(np.asarray(weights.get(name, 0.0), float), (n,)), 0, None)
        for name in scores
    }
    total = sum(used.values()) if used else np.zeros(n)
    if n and (np.asarray(total) <= 0).any():
        raise ValueError(f"no positive weight for any of {sorted(scores)}; weights={weights}")
    out: np.ndarray | None = None
    for name, w in used.items():
        if not w.any():
            continue
        part = scores[name]
        if calibration is Calibration.ZSCORE:
            part = standardise_rows(part, None if stats is None else stats[name])
        share = (w / total).astype(np.float32)[:, None]
        out = part * share if out is None else out + part * share
    return np.asarray(out, dtype=np.float32)


class FusionEncoder(Encoder):
    """One vector from several dense encoders: weighted, concatenated, re-normalised.

    The dot product of two fused rows is the weighted mean of the component cosines, so
    this is the fusion to use where a single vector is needed (a vector index, MMR).
    ``TextMatcher(encoder="default")`` does better: it calibrates per query, adds
    character TF-IDF and routes Indonesian queries.

    Parameters
    ----------
    encoders : sequence of Encoder
        Dense encoders (their ``transform`` returns an ndarray).
    weights : sequence of float or None
        One weight per encoder; equal when ``None``.
    """

    def __init__(self, encoders: Sequence[Encoder], weights: Sequence[float] | None = None):
        self.encoders = encoders
        self.weights = weights

    def _weights(self) -> np.ndarray:
        w = np.ones(len(self.encoders)) if self.weights is None else np.asarray(self.weights)
        if len(w) != len(self.encoders) or (w < 0).any() or w.sum() <= 0:
            raise ValueError(
                f"weights={self.weights!r}: need {len(self.encoders)} non-negative weights "
                "with a positive sum"
            )
        return w / w.sum()

    def fit(self, texts: Sequence[str], y: object = None) -> FusionEncoder:
        texts = check_texts(texts)
        for enc in self.encoders:
            enc.fit(texts)
        self.__dict__.pop("_queries", None)  # its query side (cache.for_queries) is stale
        return self

    def _encode(self, texts: list[str]) -> np.ndarray:
        blocks = [
            np.sqrt(w) * np.asarray(enc.transform(texts), dtype=np.float32)
            for enc, w in zip(self.encoders, self._weights(), strict=True)
        ]
        return l2_normalise(np.hstack(blocks))

    def fingerprint(self) -> str:
        parts = [
            f"{e.fingerprint()}*{w:.4f}"
            for e, w in zip(self.encoders, self._weights(), strict=True)
        ]
        return "fusion(" + ",".join(parts) + ")"

    @property
    def dim(self) -> int:
        return sum(e.dim for e in self.encoders)
