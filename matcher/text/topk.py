"""Top-k of each row of a score matrix: one function, one tie-breaking rule.

The engine (batch ranking, skill gaps), the text matcher and the vector index all take
their k best through :func:`top_k_rows`, so equal scores always order the same way: the
lower column index first, whatever the chunking. (The batch prefilter's shortlist uses
torch's top-k for speed; it only decides which items are scored exactly.)
"""

from __future__ import annotations

import numpy as np


def top_k_rows(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and values of each row's ``k`` largest entries, best first.

    ``argpartition`` finds the k best in linear time; only those k are sorted. Ties are
    broken by the lower index so results do not depend on chunking.

    Examples
    --------
    >>> idx, val = top_k_rows(np.array([[0.5, 0.9, 0.5, 0.1]]), 3)
    >>> idx.tolist(), val.tolist()
    ([[1, 0, 2]], [[0.9, 0.5, 0.5]])
    """
    n = scores.shape[1]
    k = min(k, n)
    if k <= 0:
        empty = np.zeros((scores.shape[0], 0), dtype=np.int64)
        return empty, np.zeros((scores.shape[0], 0), dtype=scores.dtype)
    if k < n:
        part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    else:
        part = np.tile(np.arange(n), (scores.shape[0], 1))
    vals = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -vals), axis=1)
    idx = np.take_along_axis(part, order, axis=1)
    return idx, np.take_along_axis(scores, idx, axis=1)
