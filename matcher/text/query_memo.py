"""QueryMemo: what a TextMatcher works out about a query text, kept for the next request.

A query's language, each encoder's vector of it and the fusion's votes depend only on
the text and the fitted matcher, so they are computed once per text:

* **pinned** texts, remembered at index time (``TextMatcher.remember``: the indexed
  jobseekers' profiles), stay for the life of the index; every kind of opportunity and
  every request reuses them, and the nightly batch reads them in both of its stages;
* **ad-hoc** texts (a profile edited in the workspace, a search box) are kept in a
  least-recently-used memo of ``limit`` texts.

Sparse vectors (TF-IDF) are kept as their indices and values, so a chunk of queries
becomes one CSR matrix by concatenation, not by stacking thousands of small matrices.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

# Ad-hoc query texts remembered per TextMatcher (1,000 x (384 + 512) floats = 3.6 MB).
AD_HOC_LIMIT = 1000


@dataclass(frozen=True)
class QueryInfo:
    """One query text, worked out: language, per-encoder vector, per-encoder vote."""

    lang: str
    vectors: dict[str, object]  # dense: (d,) float32; sparse: (indices, data, width)
    votes: dict[str, float]


@dataclass(frozen=True)
class QueryBatch:
    """A list of queries, laid out for scoring: rows in the order asked."""

    langs: list[str]
    vectors: dict[str, object]  # dense (n, d) ndarray or (n, width) CSR
    votes: dict[str, np.ndarray]  # (n,) per encoder


Compute = Callable[[list[str]], QueryBatch]


class QueryMemo:
    """Remembered :class:`QueryInfo` per text; see the module docstring."""

    def __init__(self, limit: int = AD_HOC_LIMIT):
        self.limit = limit
        self._pinned: dict[str, QueryInfo] = {}
        self._recent: OrderedDict[str, QueryInfo] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._pinned) + len(self._recent)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_lock", None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def pinned(self) -> int:
        return len(self._pinned)

    def forget(self, texts: Sequence[str]) -> int:
        """Drop ``texts``, pinned or recent (a profile edited since it was pinned: its old
        text is no one's any more); how many were held."""
        with self._lock:
            return sum((self._pinned.pop(t, None) is not None)
                       + (self._recent.pop(t, None) is not None) for t in set(texts))  # fmt: skip

    def get(self, texts: Sequence[str], compute: Compute, pin: bool = False) -> QueryBatch:
        """The batch for ``texts``; texts not yet known are computed in one call."""
        found: dict[str, QueryInfo] = {}
        with self._lock:
            for text in texts:
                info = self._pinned.get(text)
                if info is None:
                    info = self._recent.get(text)
                    if info is not None:
                        self._recent.move_to_end(text)
                if info is not None:
                    found[text] = info
        todo = list(dict.fromkeys(t for t in texts if t not in found))
        if todo:
            fresh = split(compute(todo), todo)
            found.update(fresh)
            with self._lock:
                for text, info in fresh.items():
                    if pin:
                        self._pinned[text] = info
                        self._recent.pop(text, None)
                    elif text not in self._pinned:
                        self._recent[text] = info
                while len(self._recent) > self.limit:
                    self._recent.popitem(last=False)
        return join([found[t] for t in texts])


def split(batch: QueryBatch, texts: list[str]) -> dict[str, QueryInfo]:
    """One :class:`QueryInfo` per row of ``batch``."""
    rows: list[dict[str, object]] = [{} for _ in texts]
    for key, m in batch.vectors.items():
        if sp.issparse(m):
            m = m.tocsr()
            for i in range(len(texts)):
                lo, hi = m.indptr[i], m.indptr[i + 1]
                rows[i][key] = (m.indices[lo:hi].copy(), m.data[lo:hi].copy(), m.shape[1])
        else:
            dense = np.asarray(m, dtype=np.float32)
            for i in range(len(texts)):
                rows[i][key] = dense[i].copy()
    return {
        text: QueryInfo(
            lang=batch.langs[i],
            vectors=rows[i],
            votes={key: float(v[i]) for key, v in batch.votes.items()},
        )
        for i, text in enumerate(texts)
    }


def join(infos: list[QueryInfo]) -> QueryBatch:
    """The infos stacked as a batch (the inverse of :func:`split`)."""
    if not infos:
        return QueryBatch([], {}, {})
    vectors: dict[str, object] = {}
    for key, first in infos[0].vectors.items():
        if isinstance(first, tuple):
            lengths = np.fromiter((len(i.vectors[key][0]) for i in infos), np.int64, len(infos))
            indptr = np.concatenate([[0], np.cumsum(lengths)])
            indices = np.concatenate([i.vectors[key][0] for i in infos])
            data = np.concatenate([i.vectors[key][1] for i in infos])
            vectors[key] = sp.csr_matrix((data, indices, indptr), shape=(len(infos), first[2]))
        else:
            vectors[key] = np.stack([i.vectors[key] for i in infos])
    votes = {key: np.array([i.votes[key] for i in infos]) for key in infos[0].votes}
    return QueryBatch([i.lang for i in infos], vectors, votes)
