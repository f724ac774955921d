"""Maximal marginal relevance: keep the top 10 from being ten copies of one kind of job."""

from __future__ import annotations

import numpy as np


def mmr(
    scores: np.ndarray,
    similarity: np.ndarray | None,
    k: int,
    diversity: float = 0.3,
) -> list[int]:
    """Pick ``k`` indices trading relevance against similarity to those already picked.

    Parameters
    ----------
    scores : (n,) relevance of each candidate, higher is better.
    similarity : (n, n) similarity between candidates in [0, 1]; may be None when
        ``diversity`` is 0 (plain score order reads none).
    k : how many to pick.
    diversity : 0 keeps the plain score order; 1 picks the most different next item.
        MMR's lambda is ``1 - diversity``.

    Examples
    --------
    >>> import numpy as np
    >>> sim = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1.]])
    >>> mmr(np.array([0.9, 0.85, 0.5]), sim, k=2, diversity=0.5)
    [0, 2]
    """
    if not 0.0 <= diversity <= 1.0:
        raise ValueError(f"diversity={diversity!r}; allowed: a number from 0 to 1")
    n = len(scores)
    k = min(k, n)
    if k == 0:
        return []
    if diversity == 0.0:
        return [int(i) for i in np.argsort(-scores, kind="stable")[:k]]
    if similarity is None:
        raise ValueError(f"diversity={diversity!r} needs the candidates' similarity; got None")
    lam = 1.0 - diversity
    chosen: list[int] = [int(np.argmax(scores))]
    max_sim = similarity[chosen[0]].astype(np.float64).copy()
    available = np.ones(n, dtype=bool)
    available[chosen[0]] = False
    while len(chosen) < k:
        gain = lam * scores - (1.0 - lam) * max_sim
        gain[~available] = -np.inf
        nxt = int(np.argmax(gain))
        chosen.append(nxt)
        available[nxt] = False
        max_sim = np.maximum(max_sim, similarity[nxt])
    return chosen


def jaccard_matrix(sets: list[frozenset]) -> np.ndarray:
    """Pairwise Jaccard similarity of small sets, (n, n)."""
    n = len(sets)
    out = np.eye(n, dtype=np.float32)
    for i in range(n):
        for j in range(i + 1, n):
            union = len(sets[i] | sets[j])
            value = len(sets[i] & sets[j]) / union if union else 0.0
            out[i, j] = out[j, i] = value
    return out
