"""Top-k of each row of a score matrix: one function, one tie-breaking rule.

The engine (batch ranking, skill gaps), the text matcher, the vector index and the skill
normaliser's candidate pools all take their k best through :func:`top_k_rows`, so equal
scores always go the same way: the lower column index first, whatever the chunking and
whatever the CPU. That holds at the k-th place too: of several items tied there, the
lower indices get in. (``argpartition`` alone leaves that choice to the CPU's sort
kernels, which differ between AVX2 and AVX-512 machines. The batch prefilter's shortlist
uses torch's top-k for speed; it only decides which items are scored exactly.)
"""

from __future__ import annotations

import numpy as np


def top_k_rows(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and values of each row's ``k`` largest entries, best first.

    ``argpartition`` finds the k best in linear time; only those k are sorted. Ties are
    broken by the lower index, at the k-th place too, so results depend neither on
    chunking nor on the CPU.

    Examples
    --------
    >>> idx, val = top_k_rows(np.array([[0.5, 0.9, 0.5, 0.1]]), 3)
    >>> idx.tolist(), val.tolist()
    ([[1, 0, 2]], [[0.9, 0.5, 0.5]])
    >>> top_k_rows(np.array([[0.0, 0.0, 0.0, 0.7, 0.0]]), 2)[0].tolist()
    [[3, 0]]
    """
    n = scores.shape[1]
    k = min(k, n)
    if k <= 0:
        empty = np.zeros((scores.shape[0], 0), dtype=np.int64)
        return empty, np.zeros((scores.shape[0], 0), dtype=scores.dtype)
    if k < n:
        part = _lowest_tied_in(scores, np.argpartition(-scores, k - 1, axis=1)[:, :k])
    else:
        part = np.tile(np.arange(n), (scores.shape[0], 1))
    vals = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -vals), axis=1)
    idx = np.take_along_axis(part, order, axis=1)
    return idx, np.take_along_axis(scores, idx, axis=1)


def _lowest_tied_in(scores: np.ndarray, part: np.ndarray) -> np.ndarray:
    """``part`` (each row's k best, from argpartition) with the items tied at the k-th
    value replaced, where more are tied than fit, by the lowest-indexed of them. Not at
    -inf, which callers use for "no item" (excluded, ineligible) and drop: the batch's
    shortlists have many such rows, and their order would cost a pass each for nothing."""
    vals = np.take_along_axis(scores, part, axis=1)
    kth = vals.min(axis=1, keepdims=True)  # NaN where a row lists NaN: left as it is
    k = part.shape[1]
    crowded = np.flatnonzero(
        np.isfinite(kth[:, 0]) & ((scores == kth).sum(axis=1) > (vals == kth).sum(axis=1))
    )
    for r in crowded:
        above = np.flatnonzero(scores[r] > kth[r, 0])
        tied = np.flatnonzero(scores[r] == kth[r, 0])[: k - len(above)]
        part[r] = np.concatenate([above, tied])
    return part
