"""TextMatcher and bulk_rank on small data whose right answers are known by construction."""

from __future__ import annotations

import csv
import zlib

import numpy as np
import pytest

from matcher.encoders import Encoder, fuse_scores
from matcher.errors import FileFormatError, ValidationError
from matcher.retrieval import TextMatcher, bulk_rank, top_k_rows


class WordHashEncoder(Encoder):
    """Bag of words hashed into 64 dims: texts sharing words are close."""

    def _encode(self, texts):
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, zlib.crc32(w.encode()) % 64] += 1.0
        return out

    def fingerprint(self):
        return "wordhash-64"

    @property
    def dim(self):
        return 64


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
        np.testing.assert_allclose(val[i], v1[0], rtol=1e-6)
    np.testing.assert_allclose(m.score(queries), fitted(chunk_size=1).score(queries), rtol=1e-6)


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
