"""Vector storage and nearest-neighbour search behind one interface.

The engine and the benchmarks hold embeddings in memory (:class:`NumpyIndex`, exact
search by chunked matrix products). At national scale the same calls run against
PostgreSQL with the ``pgvector`` extension (:class:`PgVectorIndex`, an HNSW index
filtered by eligibility columns); see ``docs/scaling.md``. Both implement
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


_SQL_OPS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class PgVectorIndex:
    """The same interface on PostgreSQL + pgvector: an HNSW index on inner product.

    One table ``<table>(id text primary key, embedding vector(dim), <attribute columns>)``;
    ``search`` is ``ORDER BY embedding <#> query LIMIT k`` with the filter as a ``WHERE``
    clause. pgvector >= 0.8's iterative scan keeps filtered HNSW queries from returning
    fewer than ``k`` rows when the filter is selective.

    Parameters
    ----------
    conn : psycopg.Connection
        An open connection (autocommit or not; each call commits).
    table : str
        Table name (created by :meth:`create`).
    dim : int
        Vector width.
    attributes : mapping of column name to SQL type
        Eligibility columns, e.g. ``{"min_education": "smallint", "closing_ordinal": "int"}``.
    ef_search : int
        HNSW candidate list size per query (recall vs speed).
    """

    def __init__(
        self,
        conn: Any,
        table: str,
        dim: int,
        attributes: Mapping[str, str] | None = None,
        ef_search: int = 100,
    ):
        for name in [table, *(attributes or {})]:
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
                raise ValueError(f"SQL name {name!r}; allowed: lower-case letters, digits, _")
        self.conn = conn
        self.table = table
        self.dim = int(dim)
        self.attributes = dict(attributes or {})
        self.ef_search = int(ef_search)

    def create(self, m: int = 16, ef_construction: int = 64) -> PgVectorIndex:
        """Create the extension, the table and its HNSW index if missing."""
        cols = "".join(f", {c} {t}" for c, t in self.attributes.items())
        with self.conn.cursor() as cur:
            cur.execute("CREATE EXTENSION IF NOT EXISTS vector")
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} "
                f"(id text PRIMARY KEY, embedding vector({self.dim}){cols})"
            )
            cur.execute(
                f"CREATE INDEX IF NOT EXISTS {self.table}_hnsw ON {self.table} USING hnsw "
                f"(embedding vector_ip_ops) WITH (m = {int(m)}, ef_construction = "
                f"{int(ef_construction)})"
            )
        self.conn.commit()
        return self

    def __len__(self) -> int:
        with self.conn.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {self.table}")
            return int(cur.fetchone()[0])

    def add(
        self,
        ids: Sequence[str],
        vectors: np.ndarray,
        attributes: Mapping[str, Sequence] | None = None,
    ) -> None:
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.shape != (len(ids), self.dim):
            raise ValueError(
                f"vectors have shape {vectors.shape}; expected ({len(ids)}, {self.dim})"
            )
        attributes = dict(attributes or {})
        if set(attributes) != set(self.attributes):
            raise ValueError(
                f"attributes {sorted(attributes)} differ from the index's {sorted(self.attributes)}"
            )
        names = list(self.attributes)
        cols = ", ".join(["id", "embedding", *names])
        marks = ", ".join(["%s", "%s::vector", *["%s"] * len(names)])
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in ["embedding", *names])
        rows = [
            (str(i), _vector_literal(v), *[_py(attributes[c][n]) for c in names])
            for n, (i, v) in enumerate(zip(ids, vectors, strict=True))
        ]
        with self.conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {self.table} ({cols}) VALUES ({marks}) "
                f"ON CONFLICT (id) DO UPDATE SET {updates}",
                rows,
            )
        self.conn.commit()

    def remove(self, ids: Sequence[str]) -> None:
        with self.conn.cursor() as cur:
            cur.execute(f"DELETE FROM {self.table} WHERE id = ANY(%s)", (list(map(str, ids)),))
        self.conn.commit()

    def search(
        self, query_vectors: np.ndarray, k: int, filter: Filter | None = None
    ) -> SearchResult:
        q = np.atleast_2d(np.asarray(query_vectors, dtype=np.float32))
        if q.shape[1] != self.dim:
            raise ValueError(f"query vectors have width {q.shape[1]}; the index has {self.dim}")
        where, params = self._where(filter)
        ids: list[list[str | None]] = []
        scores = np.full((len(q), int(k)), -np.inf, dtype=np.float32)
        with self.conn.cursor() as cur:
            cur.execute(f"SET LOCAL hnsw.ef_search = {self.ef_search}")
            try:
                cur.execute("SET LOCAL hnsw.iterative_scan = relaxed_order")
            except Exception:  # pgvector < 0.8 has no iterative scan; plain HNSW then
                self.conn.rollback()
                cur.execute(f"SET LOCAL hnsw.ef_search = {self.ef_search}")
            for r, vec in enumerate(q):
                lit = _vector_literal(vec)
                cur.execute(
                    f"SELECT id, -(embedding <#> %s::vector) AS score FROM {self.table}"
                    f"{where} ORDER BY embedding <#> %s::vector LIMIT %s",
                    (lit, *params, lit, int(k)),
                )
                got = cur.fetchall()
                # relaxed_order may return rows slightly out of order; sort the k we got.
                got.sort(key=lambda row: -row[1])
                ids.append([g[0] for g in got] + [None] * (int(k) - len(got)))
                scores[r, : len(got)] = [g[1] for g in got]
        self.conn.commit()
        return SearchResult(ids=ids, scores=scores)

    def _where(self, filter: Filter | None) -> tuple[str, list]:
        if not filter or not filter.conditions:
            return "", []
        clauses, params = [], []
        for cond in filter.conditions:
            if cond.column not in self.attributes:
                raise KeyError(
                    f"filter column {cond.column!r} is not an attribute of this index; "
                    f"allowed: {sorted(self.attributes)}"
                )
            if cond.op == "in":
                clauses.append(f"{cond.column} = ANY(%s)")
                params.append([_py(v) for v in cond.value])
            else:
                clauses.append(f"{cond.column} {_SQL_OPS[cond.op]} %s")
                params.append(_py(cond.value))
        return " WHERE " + " AND ".join(clauses), params


def _vector_literal(v: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.7g}" for x in v.tolist()) + "]"


def _py(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
