"""TextMatcher and bulk_rank on small data whose right answers are known by construction."""

from __future__ import annotations

import csv
import zlib

import numpy as np
import pytest

from matcher.errors import FileFormatError, ValidationError
from matcher.text.encoders import Encoder, fuse_scores
from matcher.text.retrieval import TextMatcher, bulk_rank
from matcher.text.topk import top_k_rows
from tests.conftest import WordHashEncoder

CANDIDATES = ["tailor", "cashier", "welder", "baker", "shop assistant", "cook"]
ALIASES = [["dressmaker", "seamstress"], ["checkout operator"], [], ["pastry maker"], [], []]


def fitted(**kwargs) -> TextMatcher:
    return TextMatcher(encoder=WordHashEncoder(), **kwargs).fit(CANDIDATES, ALIASES)


def test_a_candidate_is_found_through_its_alias():
    idx, _ = fitted().search(["seamstress", "checkout operator", "pastry maker"], top_k=1)
    assert idx[:, 0].tolist() == [0, 1, 3]


def test_candidate_score_is_its_best_alias():
    m = fitted()
    s = m.score(["dressmaker"])
    assert s[0, 0] == pytest.approx(1.0, abs=1e-6)


def test_alias_mean_blend_lowers_a_candidate_that_matches_one_of_many_names():
    s_max = fitted().score(["seamstress"])[0, 0]
    s_mix = fitted(alias_mean_weight=0.5).score(["seamstress"])[0, 0]
    assert s_mix < s_max


def test_batch_results_equal_one_by_one_results():
    queries = ["seamstress", "cook", "shop", "welder pastry", "checkout", "nothing known"]
    m = fitted(chunk_size=4)
    idx, val = m.search(queries, top_k=3)
    for i, q in enumerate(queries):
        i1, v1 = m.search([q], top_k=3)
        np.testing.assert_array_equal(idx[i], i1[0])
        np.testing.assert_allclose(val[i], v1[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        m.score(queries), fitted(chunk_size=1).score(queries), rtol=1e-5, atol=1e-6
    )


def test_fused_batch_equals_one_by_one_with_language_routing():
    encoders = {"tfidf": WordHashEncoder(), "use": WordHashEncoder()}
    m = TextMatcher(encoder=encoders, chunk_size=2).fit(CANDIDATES, ALIASES)
    queries = ["penjahit", "tukang las", "cashier", "baker"]
    batch = m.score(queries)
    single = np.vstack([m.score([q]) for q in queries])
    np.testing.assert_allclose(batch, single, rtol=1e-5, atol=1e-6)


def test_top_k_rows_agrees_with_a_full_sort():
    rng = np.random.default_rng(0)
    s = rng.normal(size=(7, 50)).astype(np.float32)
    idx, val = top_k_rows(s, 5)
    np.testing.assert_array_equal(idx, np.argsort(-s, axis=1)[:, :5])
    np.testing.assert_allclose(val, -np.sort(-s, axis=1)[:, :5])


def test_top_k_rows_takes_the_lowest_indices_of_the_items_tied_at_the_kth_place():
    # Scores on a coarse grid, so that many items tie at the k-th value; the reference
    # is a stable full sort (lower index first among equals). argpartition alone lets
    # in other tied items on most of these rows, which CPUs do differently.
    rng = np.random.default_rng(0)
    s = rng.integers(0, 4, size=(40, 500)).astype(np.float32) / 4
    s[::5] = 0.0  # whole rows of zeros: no score at all
    s[1, :3] = -np.inf  # excluded items
    for k in (1, 7, 100):
        idx, val = top_k_rows(s, k)
        np.testing.assert_array_equal(idx, np.argsort(-s, axis=1, kind="stable")[:, :k])
        np.testing.assert_array_equal(val, np.take_along_axis(s, idx, axis=1))


def test_top_k_larger_than_candidates_returns_all():
    idx, _ = fitted().search(["cook"], top_k=100)
    assert sorted(idx[0].tolist()) == list(range(len(CANDIDATES)))


def test_aliases_must_align_with_candidates():
    with pytest.raises(ValueError, match="one \\(possibly empty\\) list"):
        TextMatcher(encoder=WordHashEncoder()).fit(CANDIDATES, [["x"]])


def write_csv(path, header, rows):
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_bulk_rank_writes_ranks_from_one(tmp_path):
    q = write_csv(tmp_path / "q.csv", ["id", "text"], [["q1", "seamstress"], ["q2", "cook"]])
    c = write_csv(
        tmp_path / "c.csv",
        ["id", "text", "aliases"],
        [
            [f"c{i}", t, "|".join(a)]
            for i, (t, a) in enumerate(zip(CANDIDATES, ALIASES, strict=True))
        ],
    )
    out = bulk_rank(q, c, top_k=2, out_csv=tmp_path / "out.csv", encoder=WordHashEncoder())
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0]) == ["query_id", "rank", "candidate_id", "score"]
    assert [(r["query_id"], r["rank"]) for r in rows] == [
        ("q1", "1"), ("q1", "2"), ("q2", "1"), ("q2", "2")
    ]  # fmt: skip
    assert rows[0]["candidate_id"] == "c0" and rows[2]["candidate_id"] == "c5"


def test_bulk_rank_names_the_file_and_missing_column(tmp_path):
    q = write_csv(tmp_path / "q.csv", ["id", "query"], [["q1", "cook"]])
    c = write_csv(tmp_path / "c.csv", ["id", "text"], [["c1", "cook"]])
    with pytest.raises(FileFormatError, match=r"q\.csv.*missing column.*'text'"):
        bulk_rank(q, c, 1, tmp_path / "o.csv", encoder=WordHashEncoder())


def test_bulk_rank_names_the_row_with_an_empty_id(tmp_path):
    q = write_csv(tmp_path / "q.csv", ["id", "text"], [["q1", "cook"]])
    c = write_csv(tmp_path / "c.csv", ["id", "text"], [["c1", "cook"], ["", "baker"]])
    with pytest.raises(ValidationError, match=r"c\.csv, row 3, column 'id'"):
        bulk_rank(q, c, 1, tmp_path / "o.csv", encoder=WordHashEncoder())


class LookupEncoder(Encoder):
    """Fixed vectors per text; unknown texts get a vector of their own."""

    def __init__(self, table):
        self.table = table

    def _encode(self, texts):
        return np.array([self.table.get(t, [0.0, 0.0, 1.0]) for t in texts], dtype=np.float32)

    def fingerprint(self):
        return "lookup"

    @property
    def dim(self):
        return 3


def test_english_only_encoders_are_silent_on_words_they_cannot_read():
    # "wartawan" (journalist) is unknown to the glossary and to English: the English-only
    # encoder's confident match on "street warden" must not outvote the multilingual one.
    candidates = ["journalist", "street warden"]
    english_only = LookupEncoder({"journalist": [1, 0, 0], "street warden": [0, 1, 0],
                                  "wartawan": [0.1, 1, 0]})  # fmt: skip
    multilingual = LookupEncoder({"journalist": [1, 0, 0], "street warden": [0, 1, 0],
                                  "wartawan": [1, 0.4, 0]})  # fmt: skip
    m = TextMatcher(encoder={"minilm": english_only, "use": multilingual}).fit(candidates)
    assert m.search(["wartawan"], top_k=1)[0][0, 0] == 0
    # An English query the encoder can read keeps its full vote: an equal-weight mean.
    english_only.table["street warden post"] = [0, 1, 0]
    multilingual.table["street warden post"] = [0.6, 0.5, 0]
    parts = m.component_scores(["street warden post"])
    expected = fuse_scores(parts, {"minilm": 1.0, "use": 1.0})
    np.testing.assert_allclose(m.score(["street warden post"]), expected, rtol=1e-6)


# ------------------------------------------------------- reference sample and subsets
class OtherHashEncoder(WordHashEncoder):
    """A second dense encoder that disagrees with the first (other hash)."""

    def _encode(self, texts):
        out = np.zeros((len(texts), 32), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, zlib.adler32(w.encode()) % 32] += 1.0
        return out

    def fingerprint(self):
        return "otherhash-32"

    @property
    def dim(self):
        return 32


MANY = [f"{a} {b}" for a in ("tailor", "cashier", "baker", "cook", "driver") for b in
        ("assistant", "helper", "senior", "junior", "trainee", "lead")]  # fmt: skip
MANY_ALIASES = [[n.split()[0], f"{n} staff"] for n in MANY]
QUERIES = ["senior tailor", "kasir junior", "cook helper wanted", "driver"]


def fused(**kwargs) -> TextMatcher:
    encoders = {"minilm": WordHashEncoder(), "use": OtherHashEncoder()}
    return TextMatcher(encoder=encoders, cache=False, **kwargs).fit(MANY, MANY_ALIASES)


@pytest.mark.parametrize("reference_size", [None, 8, 29])
def test_scoring_a_subset_of_candidates_equals_cutting_the_full_row(reference_size):
    m = fused(reference_size=reference_size)
    cand = np.array([29, 3, 3, 17, 0])
    np.testing.assert_allclose(m.score(QUERIES, cand), m.score(QUERIES)[:, cand], atol=1e-5)


def test_a_reference_as_large_as_the_catalog_changes_nothing():
    np.testing.assert_allclose(
        fused(reference_size=len(MANY)).score(QUERIES), fused().score(QUERIES), atol=1e-6
    )


def test_a_small_reference_standardises_over_the_sample_only():
    m = fused(reference_size=8)
    assert m.reference_ is not None and len(m.reference_) == 8
    z = m.score(QUERIES)
    # Over the sample the fused z-scores average zero; over all candidates they need not.
    np.testing.assert_allclose(z[:, m.reference_].mean(axis=1), 0.0, atol=1e-5)


def test_forgetting_a_query_drops_its_work_out_and_statistics_and_nothing_else():
    m = fused(reference_size=8).remember(QUERIES[:2])
    cand = np.array([29, 3, 17, 0])
    want = m.score(QUERIES, cand)  # a subset: each query's statistics over the reference

    def held(text: str) -> list[str]:
        stats = [
            k for k, memo in m._subset_cache.items() if k.startswith("stats:") and text in memo
        ]
        return stats + [w for w, d in (("pinned", m._memo._pinned), ("recent", m._memo._recent))
                        if text in d]  # fmt: skip

    assert held("senior tailor") == ["stats:minilm", "stats:use", "pinned"]
    assert held("driver") == ["stats:minilm", "stats:use", "recent"]
    assert m.forget(["senior tailor", "driver", "never asked"]) == 6
    assert held("senior tailor") == [] and held("driver") == []
    assert held("kasir junior") == ["stats:minilm", "stats:use", "pinned"]
    np.testing.assert_allclose(m.score(QUERIES, cand), want, atol=1e-6)  # worked out again


def test_reference_size_and_candidate_indices_are_checked():
    with pytest.raises(ValueError, match="reference_size=1"):
        fused(reference_size=1)
    with pytest.raises(ValueError, match="reference_size='x'"):
        fused(reference_size="x")
    with pytest.raises(ValueError, match="score_pairs takes one row"):
        fused().score(QUERIES, np.zeros((4, 2), dtype=int))
    with pytest.raises(ValueError, match=r"candidate index 30 out of range; allowed: 0\.\.29"):
        fused().score(QUERIES, [0, 30])


def test_with_dense_encoders_and_one_name_each_the_stand_in_is_the_score():
    encoders = {"minilm": WordHashEncoder(), "use": OtherHashEncoder()}
    m = TextMatcher(encoder=encoders, cache=False, route_language=False).fit(MANY)
    vectors, offset = m.surrogate_queries(QUERIES)
    approx = vectors @ m.surrogate_items().T - offset[:, None]
    np.testing.assert_allclose(approx, m.score(QUERIES), atol=1e-4)


def test_the_stand_in_of_a_candidate_is_half_its_own_text_and_half_its_mean_name():
    m = fitted()
    items = m.surrogate_items()
    vectors = WordHashEncoder().transform(["tailor", "dressmaker", "seamstress"])
    np.testing.assert_allclose(items[0], 0.5 * vectors[0] + 0.5 * vectors.mean(axis=0), atol=1e-6)


@pytest.mark.parametrize("reference_size", [None, 8])
@pytest.mark.parametrize("alias_mean_weight", [0.0, 0.5])
def test_scoring_each_query_against_its_own_candidates_equals_the_full_rows(
    reference_size, alias_mean_weight
):
    m = fused(reference_size=reference_size, alias_mean_weight=alias_mean_weight)
    cand = np.array([[29, 3, 3], [0, 1, 2], [17, 17, 5], [12, 28, 9]])
    full = m.score(QUERIES)
    np.testing.assert_allclose(
        m.score_pairs(QUERIES, cand), np.take_along_axis(full, cand, axis=1), atol=1e-5
    )


def test_pairs_need_one_row_of_candidates_per_query():
    with pytest.raises(ValueError, match=r"allowed: \(4, m\)"):
        fused().score_pairs(QUERIES, np.array([0, 1]))


# ------------------------------------------------------------------ query memo
class CountingHashEncoder(WordHashEncoder):
    """WordHashEncoder that counts the texts it encodes."""

    encoded: list[str]

    def _encode(self, texts):
        self.encoded = [*getattr(self, "encoded", []), *texts]
        return super()._encode(texts)


def test_remembered_queries_are_not_encoded_again_and_score_the_same():
    enc = CountingHashEncoder()
    m = TextMatcher(encoder={"minilm": enc, "use": OtherHashEncoder()}, cache=False)
    m.fit(MANY, MANY_ALIASES)
    enc.encoded = []
    fresh = fused().score(QUERIES)
    m.remember(QUERIES)
    at_index_time = list(enc.encoded)  # each query once ("kasir junior" as translated)
    assert len(at_index_time) == len(QUERIES) and "cashier junior" in at_index_time
    got = np.vstack([m.score([q]) for q in QUERIES] + [m.score(QUERIES)])
    assert enc.encoded == at_index_time  # no request encoded them again
    np.testing.assert_allclose(got, np.vstack([fresh, fresh]), rtol=1e-5, atol=1e-6)
    pairs = np.array([[0, 5], [7, 7], [29, 1], [3, 2]])
    np.testing.assert_allclose(
        m.score_pairs(QUERIES, pairs), np.take_along_axis(fresh, pairs, axis=1), atol=1e-5
    )


def test_ad_hoc_queries_are_memoised_up_to_a_limit():
    enc = CountingHashEncoder()
    m = TextMatcher(encoder={"minilm": enc, "use": OtherHashEncoder()}, cache=False)
    m.fit(MANY, MANY_ALIASES)
    enc.encoded = []
    m.remember(["driver"])
    m._memo.limit = 2
    for q in ("cook", "baker", "cook", "tailor", "cook", "driver"):
        m.score([q])
    # "cook" stayed (used again before it could be dropped); "driver" is pinned.
    assert enc.encoded == ["driver", "cook", "baker", "tailor"]
    assert m._memo.pinned() == 1 and len(m._memo) == 3
    m.score(["baker"])  # dropped when "tailor" came: encoded again
    assert enc.encoded[-1] == "baker"


def test_the_memo_follows_the_settings_a_query_is_read_with():
    # fusion_fit scores single encoders on the Indonesian original by switching the
    # router off; a memo made with it on would hand back the glossary rendering.
    enc = CountingHashEncoder()
    m = TextMatcher(encoder={"minilm": enc, "use": OtherHashEncoder()}, cache=False)
    m.fit(MANY, MANY_ALIASES)
    routed = m.component_scores(["kasir junior"])["minilm"]
    m.route_language = False
    plain = m.component_scores(["kasir junior"])["minilm"]
    assert enc.encoded[-1] == "kasir junior"  # read as written, not "cashier junior"
    assert not np.allclose(routed, plain)
    m.route_language = True
    np.testing.assert_allclose(m.component_scores(["kasir junior"])["minilm"], routed, atol=1e-6)


def test_tfidf_reference_statistics_agree_between_subsets_and_whole_rows():
    from matcher.text.encoders import TfidfEncoder

    encoders = {"tfidf": TfidfEncoder(), "use": OtherHashEncoder()}
    m = TextMatcher(encoder=encoders, cache=False, reference_size=8).fit(MANY, MANY_ALIASES)
    cand = np.array([[29, 3, 17], [0, 5, 6], [1, 2, 3], [7, 8, 9]])
    whole = m.score(QUERIES)  # statistics read from the full rows
    fresh = TextMatcher(encoder=encoders, cache=False, reference_size=8).fit(MANY, MANY_ALIASES)
    # statistics computed on the reference alone (its TF-IDF rows made dense)
    got = fresh.score_pairs(QUERIES, cand)
    assert isinstance(fresh._subset_cache["reference:tfidf"], np.ndarray)
    np.testing.assert_allclose(got, np.take_along_axis(whole, cand, axis=1), atol=1e-5)


@pytest.mark.parametrize("queries", [5, 20])  # one person's request; a batch
@pytest.mark.parametrize("w", [0.0, 0.3])
def test_a_candidates_score_is_its_best_name_blended_with_their_mean(w, queries):
    # Names laid out as the subset scorer does: candidate i owns gather[starts[i]:...].
    from matcher.text.retrieval import _Names

    rng = np.random.default_rng(1)
    counts = np.array([1, 3, 2, 3, 1, 4])
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    gather = rng.integers(0, 7, counts.sum())
    s = rng.standard_normal((queries, 7)).astype(np.float32)
    got = _Names(np.arange(7), gather, starts).blend(s, w)
    for i, (lo, c) in enumerate(zip(starts, counts, strict=True)):
        names = s[:, gather[lo : lo + c]]
        want = (1 - w) * names.max(axis=1) + w * names.mean(axis=1)
        np.testing.assert_allclose(got[:, i], want, rtol=1e-6)


def test_candidates_sharing_their_other_names_score_their_best_name():
    # Six vacancies: each its own text first, then one of two shared lists of
    # occupation names (or none), as a catalog lays them out.
    from matcher.text.retrieval import _Names

    shared = [np.array([7, 8, 9]), np.array([8, 10])]
    lists = [0, 1, None, 0, 1, 0]
    gather, starts = [], []
    for own, which in enumerate(lists):
        starts.append(len(gather))
        gather += [own] + ([] if which is None else shared[which].tolist())
    names = _Names(np.arange(11), np.array(gather), np.array(starts), shares_rest=True)
    first, rest_gather, rest_starts, rest_of = names.shared_rest
    assert first.tolist() == list(range(6)) and rest_of.tolist() == [0, 1, -1, 0, 1, 0]
    assert rest_gather.tolist() == [7, 8, 9, 8, 10] and rest_starts.tolist() == [0, 3]
    s = np.random.default_rng(2).standard_normal((3, 11)).astype(np.float32)
    want = [s[:, [own] + ([] if w is None else shared[w].tolist())].max(axis=1)
            for own, w in enumerate(lists)]  # fmt: skip
    np.testing.assert_array_equal(names.blend(s, 0.0), np.stack(want, axis=1))
    # A subset laid out for one call reduces over its names as they are: the same maxima.
    plain = _Names(np.arange(11), np.array(gather), np.array(starts))
    np.testing.assert_array_equal(plain.blend(s, 0.0), np.stack(want, axis=1))
    assert "shared_rest" not in plain.__dict__


def test_names_shared_by_no_one_are_reduced_as_they_are():
    from matcher.text.retrieval import _Names

    names = _Names(np.arange(6), np.arange(6), np.array([0, 2, 4]), shares_rest=True)
    assert names.shared_rest is None  # three lists of one name: nothing saved
    s = np.arange(12, dtype=np.float32).reshape(2, 6)
    np.testing.assert_array_equal(names.blend(s, 0.0), [[1, 3, 5], [7, 9, 11]])


@pytest.mark.parametrize("n_queries", [1, 3, 16, 40])
def test_a_tfidf_query_row_equals_the_sparse_product(n_queries):
    import scipy.sparse as sp

    from matcher.text.postings import query_product

    rng = np.random.default_rng(n_queries)
    names = sp.random(50, 300, density=0.2, format="csr", dtype=np.float32, random_state=1)
    q = sp.random(n_queries, 50, density=0.1, format="csr", dtype=np.float32, random_state=2)
    q = sp.csr_matrix(q.toarray() * (rng.random((n_queries, 1)) > 0.2))  # some empty rows
    got = query_product(q, names)
    assert got.dtype == np.float32 and got.shape == (n_queries, 300)
    np.testing.assert_allclose(got, (q @ names).toarray(), rtol=1e-5, atol=1e-6)


def test_a_query_row_from_another_encoder_is_refused():
    import scipy.sparse as sp

    from matcher.text.postings import query_product

    with pytest.raises(ValueError, match="49 n-grams but the name matrix 50"):
        query_product(sp.csr_matrix((1, 49), dtype=np.float32), sp.csr_matrix((50, 3)))


def test_one_query_against_shared_names_scores_as_a_batch_does():
    # Twelve vacancies, each its own text and one of two shared lists of occupation
    # names: one query goes through the shared lists, twenty through the batch layout.
    texts = [f"{t} number {i}" for i in range(6) for t in ("tailor shop", "cashier shop")]
    lists = [["dressmaker", "seamstress", "tailor"], ["checkout operator", "cashier"]]
    m = TextMatcher(encoder=WordHashEncoder(), cache=False).fit(
        texts, [lists[i % 2] for i in range(len(texts))]
    )
    assert m._all_names().shared_rest is not None
    for query in ("seamstress", "checkout operator number 3", "shop"):
        one, many = m.score([query]), m.score([query] * 20)
        np.testing.assert_allclose(one[0], many[0], rtol=1e-6, atol=1e-7)
        np.testing.assert_allclose(many, np.repeat(many[:1], 20, axis=0))


def test_a_float64_query_row_is_multiplied_in_float64():
    import scipy.sparse as sp

    from matcher.text.postings import query_product

    names = sp.csr_matrix(np.ones((2, 3)))
    q = sp.csr_matrix(np.array([[1.0 + 2.0**-30, -1.0]]))  # 1 + 2^-30 is 1 in float32
    got = query_product(q, names)
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, np.full((1, 3), 2.0**-30, dtype=np.float32))
