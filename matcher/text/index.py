"""Vector storage and nearest-neighbour search behind one interface.

The engine and the benchmarks hold embeddings in memory (:class:`NumpyIndex`, exact
search by chunked matrix products). At national scale the same calls run against
PostgreSQL with the ``pgvector`` extension
(:class:`matcher.scale.pgvector_index.PgVectorIndex`, an HNSW index filtered by
eligibility columns, also importable from here); see ``docs/scaling.md``. Both implement
:class:`VectorIndex`:

* ``add(ids, vectors, attributes)`` inserts or replaces rows; ``attributes`` are the
  columns eligibility filters use (education level, closing date ordinal, kelurahan...);
* ``remove(ids)``;
* ``search(query_vectors, k, filter)`` returns the ``k`` best rows per query by inner
  product (vectors are L2-normalised, so it is the cosine), restricted to rows whose
  attributes pass ``filter``.

A :class:`Filter` is a conjunction of conditions on attribute columns, simple enough to
become a SQL ``WHERE`` clause or a numpy boolean mask.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from matcher.text.topk import top_k_rows


@dataclass(frozen=True)
class Condition:
    """One test on an attribute column: ``op`` is one of ``Condition.OPS``."""

    column: str
    op: str
    value: Any

    OPS = ("==", "!=", "<", "<=", ">", ">=", "in")

    def __post_init__(self) -> None:
        if self.op not in self.OPS:
            raise ValueError(f"Condition op={self.op!r}; allowed: {', '.join(self.OPS)}")
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", self.column):
            raise ValueError(
                f"Condition column={self.column!r}; allowed: lower-case letters, digits, _"
            )

    def mask(self, values: np.ndarray) -> np.ndarray:
        if self.op == "in":
            return np.isin(values, list(self.value))
        return {
            "==": np.equal,
            "!=": np.not_equal,
            "<": np.less,
            "<=": np.less_equal,
            ">": np.greater,
            ">=": np.greater_equal,
        }[self.op](values, self.value)


@dataclass(frozen=True)
class Filter:
    """All conditions must hold (AND). Empty: every row passes.

    Examples
    --------
    >>> f = Filter.where(("min_education", "<=", 3), ("closing_ordinal", ">=", 739948))
    >>> len(f.conditions)
    2
    """

    conditions: tuple[Condition, ...] = field(default=())

    @classmethod
    def where(cls, *conditions: tuple[str, str, Any]) -> Filter:
        return cls(tuple(Condition(c, op, v) for c, op, v in conditions))

    def mask(self, attributes: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        out = np.ones(n, dtype=bool)
        for cond in self.conditions:
            if cond.column not in attributes:
                raise KeyError(
                    f"filter column {cond.column!r} is not an attribute of this index; "
                    f"allowed: {sorted(attributes)}"
                )
            out &= cond.mask(attributes[cond.column])
        return out


@dataclass(frozen=True)
class SearchResult:
    """``ids[q][r]`` is query q's r-th best row (None past the matching rows)."""

    ids: list[list[str | None]]
    scores: np.ndarray  # (n_queries, k) float32, -inf past the matching rows


@runtime_checkable
class VectorIndex(Protocol):
    """Where item vectors live and how the nearest ones are found."""

    dim: int

    def add(
        self,
        ids: Sequence[str],
        vectors: np.ndarray,
        attributes: Mapping[str, Sequence] | None = None,
    ) -> None: ...

    def remove(self, ids: Sequence[str]) -> None: ...

    def search(
        self, query_vectors: np.ndarray, k: int, filter: Filter | None = None
    ) -> SearchResult: ...

    def __len__(self) -> int: ...


class NumpyIndex:
    """Exact in-memory search: one float32 matrix, chunked products, top-k by partition.

    Parameters
    ----------
    dim : int
        Vector width.
    chunk_size : int
        Queries per matrix product; memory is ``chunk_size x len(index)`` floats.
    """

    def __init__(self, dim: int, chunk_size: int = 1024):
        if int(dim) < 1:
            raise ValueError(f"dim={dim}; allowed: an integer >= 1")
        self.dim = int(dim)
        self.chunk_size = int(chunk_size)
        self._vectors = np.zeros((0, self.dim), dtype=np.float32)
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}
        self._attrs: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def vectors(self) -> np.ndarray:
        return self._vectors

    def add(
        self,
        ids: Sequence[str],
        vectors: np.ndarray,
        attributes: Mapping[str, Sequence] | None = None,
    ) -> None:
        """Insert rows; an id already present is replaced (remove, then append)."""
        ids = [str(i) for i in ids]
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.shape != (len(ids), self.dim):
            raise ValueError(
                f"vectors have shape {vectors.shape}; expected ({len(ids)}, {self.dim})"
            )
        attributes = dict(attributes or {})
        if len(self) and set(attributes) != set(self._attrs):
            raise ValueError(
                f"attributes {sorted(attributes)} differ from the index's {sorted(self._attrs)}"
            )
        for name, values in attributes.items():
            if len(values) != len(ids):
                raise ValueError(f"attribute {name!r} has {len(values)} values for {len(ids)} ids")
        self.remove([i for i in ids if i in self._pos])
        start = len(self._ids)
        self._vectors = np.vstack([self._vectors, vectors])
        self._ids.extend(ids)
        self._pos.update({i: start + n for n, i in enumerate(ids)})
        for name, values in attributes.items():
            new = np.asarray(values)
            old = self._attrs.get(name)
            self._attrs[name] = new if old is None or not len(old) else np.concatenate([old, new])

    def remove(self, ids: Sequence[str]) -> None:
        drop = sorted(self._pos[i] for i in ids if i in self._pos)
        if not drop:
            return
        keep = np.ones(len(self._ids), dtype=bool)
        keep[drop] = False
        self._vectors = self._vectors[keep]
        self._ids = [i for i, k in zip(self._ids, keep, strict=True) if k]
        self._pos = {i: n for n, i in enumerate(self._ids)}
        self._attrs = {name: values[keep] for name, values in self._attrs.items()}

    def search(
        self, query_vectors: np.ndarray, k: int, filter: Filter | None = None
    ) -> SearchResult:
        q = np.atleast_2d(np.asarray(query_vectors, dtype=np.float32))
        if q.shape[1] != self.dim:
            raise ValueError(f"query vectors have width {q.shape[1]}; the index has {self.dim}")
        if int(k) < 1:
            raise ValueError(f"k={k}; allowed: an integer >= 1")
        k = min(int(k), max(len(self), 1))
        allowed = filter.mask(self._attrs, len(self)) if filter else None
        idx = np.full((len(q), k), -1, dtype=np.int64)
        val = np.full((len(q), k), -np.inf, dtype=np.float32)
        if len(self):
            for lo in range(0, len(q), self.chunk_size):
                s = q[lo : lo + self.chunk_size] @ self._vectors.T
                if allowed is not None:
                    s[:, ~allowed] = -np.inf
                idx[lo : lo + len(s)], val[lo : lo + len(s)] = top_k_rows(s, k)
        ids = [
            [self._ids[j] if np.isfinite(v) else None for j, v in zip(row, vrow, strict=True)]
            for row, vrow in zip(idx, val, strict=True)
        ]
        return SearchResult(ids=ids, scores=val)


def __getattr__(name: str):
    # The PostgreSQL implementation lives in matcher.scale (it needs psycopg and a server);
    # importing it lazily keeps ``matcher.text.index`` free of both.
    if name == "PgVectorIndex":
        from matcher.scale.pgvector_index import PgVectorIndex

        return PgVectorIndex
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
