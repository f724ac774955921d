"""The :class:`~matcher.text.index.VectorIndex` interface on PostgreSQL + pgvector.

One table per item kind, ``<table>(id text primary key, embedding vector(dim), <filter
columns>)``, with an HNSW index on inner product (``vector_ip_ops``). Vectors are
L2-normalised, so the inner product is the cosine and scores equal
:class:`~matcher.text.index.NumpyIndex`'s (up to float32 rounding: pgvector sums in another
order than BLAS).

* ``add`` streams rows with a binary ``COPY`` (no per-float text formatting) into a
  staging table and upserts them (``INSERT ... ON CONFLICT (id) DO UPDATE``); with
  ``replace=False`` it copies straight into the table (a first bulk load).
* ``remove`` deletes by id.
* ``search(q, k, filter)`` is ``ORDER BY embedding <#> q LIMIT k`` with the filter as a
  ``WHERE`` clause: an HNSW scan with ``hnsw.ef_search`` candidates and pgvector 0.8's
  iterative scan (``relaxed_order``), so a selective filter still fills ``k`` rows.
  ``exact=True`` turns index scans off: a sequential scan scores every row that passes
  the filter, which is exact search.

Build the HNSW index after a bulk load (:meth:`PgVectorIndex.build_index`): building on a
full table is much faster than inserting into a live graph row by row.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from matcher.text.index import Filter, SearchResult

_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_SQL_OPS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
# Binary COPY encoders per column type: a value -> its bytes (network byte order).
_BINARY = {
    "smallint": lambda v: struct.pack(">h", int(v)),
    "integer": lambda v: struct.pack(">i", int(v)),
    "bigint": lambda v: struct.pack(">q", int(v)),
    "boolean": lambda v: b"\x01" if bool(v) else b"\x00",
    "real": lambda v: struct.pack(">f", float(v)),
    "double precision": lambda v: struct.pack(">d", float(v)),
    "text": lambda v: str(v).encode("utf-8"),
}
_ALIASES = {"int": "integer", "int4": "integer", "int2": "smallint", "int8": "bigint",
            "bool": "boolean", "float4": "real", "float8": "double precision"}  # fmt: skip
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_COPY_TRAILER = struct.pack(">h", -1)


class PgVectorIndex:
    """Nearest rows by inner product in PostgreSQL, filtered by eligibility columns.

    Parameters
    ----------
    conn : psycopg.Connection
        An open connection; every call commits its own transaction.
    table : str
        Table name (lower-case letters, digits, ``_``); :meth:`create` makes it.
    dim : int
        Vector width (pgvector's HNSW takes up to 2,000 dimensions for ``vector``).
    attributes : mapping of column name to SQL type
        Filter columns, e.g. ``{"min_education": "smallint", "closing_ordinal": "integer",
        "kelurahan": "text"}``. Types: smallint, integer, bigint, boolean, real,
        double precision, text. ``None`` values are stored as NULL (which no comparison
        passes).
    ef_search : int
        HNSW candidate list per query: recall against speed (pgvector's default is 40).

    Examples
    --------
    >>> index = PgVectorIndex(conn, "vacancies", 384, {"min_education": "smallint"})
    >>> index.create()  # doctest: +SKIP
    >>> index.add(ids, vectors, {"min_education": levels})  # doctest: +SKIP
    >>> index.search(q, 10, Filter.where(("min_education", "<=", 3)))  # doctest: +SKIP
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
            if not _NAME.fullmatch(name):
                raise ValueError(f"SQL name {name!r}; allowed: lower-case letters, digits, _")
        if int(dim) < 1:
            raise ValueError(f"dim={dim}; allowed: an integer >= 1")
        if int(ef_search) < 1:
            raise ValueError(f"ef_search={ef_search}; allowed: an integer >= 1")
        types = {}
        for name, sql_type in (attributes or {}).items():
            t = _ALIASES.get(sql_type.lower(), sql_type.lower())
            if t not in _BINARY:
                raise ValueError(
                    f"attribute {name!r} has type {sql_type!r}; allowed: {', '.join(_BINARY)}"
                )
            types[name] = t
        self.conn = conn
        self.table = table
        self.dim = int(dim)
        self.attributes = types
        self.ef_search = int(ef_search)

    # ----------------------------------------------------------------- schema
    def create(self, index: bool = True, m: int = 16, ef_construction: int = 64) -> PgVectorIndex:
        """Create the extension and the table if missing; the HNSW index too unless
        ``index=False`` (then load rows first and call :meth:`build_index`)."""
        cols = "".join(f", {c} {t}" for c, t in self.attributes.items())
        with self.conn.cursor() as cur:
            cur.execute("CREATE EXTENSION IF NOT EXISTS vector")
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} "
                f"(id text PRIMARY KEY, embedding vector({self.dim}) NOT NULL{cols})"
            )
        self.conn.commit()
        if index:
            self.build_index(m, ef_construction)
        return self

    def build_index(
        self,
        m: int = 16,
        ef_construction: int = 64,
        maintenance_work_mem: str | None = None,
        parallel_workers: int | None = None,
    ) -> None:
        """Build the HNSW index (``vector_ip_ops``) if missing.

        ``maintenance_work_mem`` should hold the whole graph (pgvector warns and slows down
        when it does not); ``parallel_workers`` is ``max_parallel_maintenance_workers``:
        the leader plus that many processes build together.
        """
        if int(m) < 2 or int(ef_construction) < 2 * int(m):
            raise ValueError(
                f"m={m}, ef_construction={ef_construction}; allowed: m >= 2 and "
                "ef_construction >= 2 * m (pgvector's rule)"
            )
        with self.conn.cursor() as cur:
            if maintenance_work_mem:
                cur.execute("SELECT set_config('maintenance_work_mem', %s, true)",
                            (str(maintenance_work_mem),))  # fmt: skip
            if parallel_workers is not None:
                cur.execute("SELECT set_config('max_parallel_maintenance_workers', %s, true)",
                            (str(int(parallel_workers)),))  # fmt: skip
            cur.execute(
                f"CREATE INDEX IF NOT EXISTS {self.table}_hnsw ON {self.table} USING hnsw "
                f"(embedding vector_ip_ops) WITH (m = {int(m)}, ef_construction = "
                f"{int(ef_construction)})"
            )
        self.conn.commit()

    def drop(self) -> None:
        """Drop the table and its index."""
        with self.conn.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {self.table}")
        self.conn.commit()

    def __len__(self) -> int:
        with self.conn.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {self.table}")
            n = int(cur.fetchone()[0])
        self.conn.commit()
        return n

    # ------------------------------------------------------------------- rows
    def add(
        self,
        ids: Sequence[str],
        vectors: np.ndarray,
        attributes: Mapping[str, Sequence] | None = None,
        replace: bool = True,
    ) -> None:
        """Insert rows; an id already present is replaced (vector and attributes).

        ``replace=False`` copies straight into the table, which is faster for a first
        load and fails if an id is already there.
        """
        ids = [str(i) for i in ids]
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.shape != (len(ids), self.dim):
            raise ValueError(
                f"vectors have shape {vectors.shape}; expected ({len(ids)}, {self.dim})"
            )
        if not np.isfinite(vectors).all():
            raise ValueError("vectors hold NaN or infinity; allowed: finite numbers")
        attributes = dict(attributes or {})
        if set(attributes) != set(self.attributes):
            raise ValueError(
                f"attributes {sorted(attributes)} differ from the index's {sorted(self.attributes)}"
            )
        for name, values in attributes.items():
            if len(values) != len(ids):
                raise ValueError(f"attribute {name!r} has {len(values)} values for {len(ids)} ids")
        if len(set(ids)) != len(ids):
            seen: set[str] = set()
            dup = next(i for i in ids if i in seen or seen.add(i))
            raise ValueError(f"id {dup!r} appears twice in one add; allowed: unique ids")
        if not ids:
            return
        names = list(self.attributes)
        cols = ", ".join(["id", "embedding", *names])
        payload = _copy_payload(ids, vectors, [(self.attributes[c], attributes[c]) for c in names])
        with self.conn.cursor() as cur:
            target = self.table
            if replace:
                target = f"{self.table}_stage"
                cur.execute(
                    f"CREATE TEMP TABLE {target} (LIKE {self.table} INCLUDING DEFAULTS) "
                    "ON COMMIT DROP"
                )
            with cur.copy(f"COPY {target} ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
                for chunk in payload:
                    copy.write(chunk)
            if replace:
                updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in ["embedding", *names])
                cur.execute(
                    f"INSERT INTO {self.table} ({cols}) SELECT {cols} FROM {target} "
                    f"ON CONFLICT (id) DO UPDATE SET {updates}"
                )
        self.conn.commit()

    def remove(self, ids: Sequence[str]) -> None:
        with self.conn.cursor() as cur:
            cur.execute(f"DELETE FROM {self.table} WHERE id = ANY(%s)", ([str(i) for i in ids],))
        self.conn.commit()

    # ----------------------------------------------------------------- search
    def search(
        self, query_vectors: np.ndarray, k: int, filter: Filter | None = None, exact: bool = False
    ) -> SearchResult:
        """The ``k`` best rows per query by inner product among rows passing ``filter``.

        HNSW (approximate, ``ef_search`` candidates) unless ``exact``: then every row that
        passes the filter is scored (a sequential scan).
        """
        q = np.atleast_2d(np.asarray(query_vectors, dtype=np.float32))
        if q.shape[1] != self.dim:
            raise ValueError(f"query vectors have width {q.shape[1]}; the index has {self.dim}")
        if int(k) < 1:
            raise ValueError(f"k={k}; allowed: an integer >= 1")
        k = int(k)
        where, params = self._where(filter)
        sql = (
            f"SELECT id, (embedding <#> %s::vector) * -1 AS score FROM {self.table}"
            f"{where} ORDER BY embedding <#> %s::vector LIMIT %s"
        )
        ids: list[list[str | None]] = []
        scores = np.full((len(q), k), -np.inf, dtype=np.float32)
        with self.conn.cursor() as cur:
            self._session_settings(cur, exact)
            for r, vec in enumerate(q):
                lit = _vector_literal(vec)
                cur.execute(sql, (lit, *params, lit, k))
                got = cur.fetchall()
                # relaxed_order may return rows slightly out of order; sort the k we got.
                got.sort(key=lambda row: -row[1])
                ids.append([g[0] for g in got] + [None] * (k - len(got)))
                scores[r, : len(got)] = [g[1] for g in got]
        self.conn.commit()
        return SearchResult(ids=ids, scores=scores)

    def _session_settings(self, cur: Any, exact: bool) -> None:
        """Settings for this transaction only (``set_config(..., true)`` = ``SET LOCAL``)."""
        cur.execute("SELECT set_config('hnsw.ef_search', %s, true)", (str(self.ef_search),))
        cur.execute("SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true)")
        if exact:
            cur.execute("SELECT set_config('enable_indexscan', 'off', true)")
            cur.execute("SELECT set_config('enable_bitmapscan', 'off', true)")

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


def _copy_payload(
    ids: list[str], vectors: np.ndarray, columns: list[tuple[str, Sequence]], chunk: int = 4096
):
    """PostgreSQL binary COPY bytes, yielded in chunks of rows.

    Each row: field count, then per field its byte length (-1 for NULL) and bytes. A
    pgvector ``vector`` in binary is ``int16 dim, int16 0, dim x float4``, all big-endian,
    built for all rows at once with numpy.
    """
    n, dim = vectors.shape
    head = struct.pack(">ihh", 4 + 4 * dim, dim, 0)
    body = vectors.astype(">f4")
    fields = struct.pack(">h", 2 + len(columns))
    yield _COPY_HEADER
    for lo in range(0, n, chunk):
        parts = []
        for r in range(lo, min(lo + chunk, n)):
            key = ids[r].encode("utf-8")
            parts += [fields, struct.pack(">i", len(key)), key, head, body[r].tobytes()]
            for sql_type, values in columns:
                v = _py(values[r])
                if v is None:
                    parts.append(b"\xff\xff\xff\xff")
                else:
                    data = _BINARY[sql_type](v)
                    parts += [struct.pack(">i", len(data)), data]
        yield b"".join(parts)
    yield _COPY_TRAILER


def _vector_literal(v: np.ndarray) -> str:
    # repr of a float32 widened to float64 round-trips exactly; 9 significant digits do too.
    return "[" + ",".join(f"{x:.9g}" for x in v.tolist()) + "]"


def _py(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
