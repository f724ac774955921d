"""Stand-in dense encoders for the large benchmark runs.

Encoding 50,000-200,000 texts with MiniLM and USE on two CPU cores takes most of an hour,
and it is paid once: after that the embedding cache serves the vectors. The large runs
therefore measure the engine *after* encoding: they swap MiniLM and USE for encoders of
the same width whose vectors are built from hashes of the text's words (a sum of one
seeded random vector per word, normalised: the same text gets the same vector, and texts
that share words get similar ones, so shortlists and rankings behave as with a real
encoder), wrapped in the real :class:`~matcher.text.encoders.CachedEncoder` in a cache folder
of their own. Everything downstream (cache reads, alias max, z-scoring, fusion, eligibility,
explanations) is the production code path; the encoding cost is reported separately as
measured throughput x number of texts.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from matcher.text.encoders.base import Encoder

_WORDS = re.compile(r"\w+")


class HashEncoder(Encoder):
    """Bag of hashed words: the normalised sum of a seeded random vector per word.

    Deterministic and model-free, ``dim`` wide; texts sharing words are similar.
    """

    def __init__(self, name: str = "minilm", dim: int = 384):
        self.name = name
        self.dim_ = dim

    def _word(self, word: str, memo: dict[str, np.ndarray]) -> np.ndarray:
        vec = memo.get(word)
        if vec is None:
            seed = int.from_bytes(
                hashlib.blake2b(f"{self.name}:{word}".encode(), digest_size=8).digest()
            )
            vec = memo[word] = np.random.default_rng(seed).standard_normal(
                self.dim_, dtype=np.float32
            )
        return vec

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim_), dtype=np.float32)
        memo: dict[str, np.ndarray] = {}
        for i, text in enumerate(texts):
            for word in _WORDS.findall(text.lower()) or [text]:
                out[i] += self._word(word, memo)
        return out

    def fingerprint(self) -> str:
        return f"standin-words-{self.name}-{self.dim_}"

    @property
    def dim(self) -> int:
        return self.dim_


@contextlib.contextmanager
def embedding_cache(cache_dir: Path) -> Iterator[None]:
    """Inside the block, the text caches (embeddings, fitted TF-IDF, names' readings) are
    in ``cache_dir``."""
    from matcher import config

    saved = config.EMBEDDING_CACHE_DIR
    config.EMBEDDING_CACHE_DIR = Path(cache_dir)
    try:
        yield
    finally:
        config.EMBEDDING_CACHE_DIR = saved


@contextlib.contextmanager
def standin_encoders(cache_dir: Path) -> Iterator[None]:
    """Inside the block, ``TextMatcher`` builds hash stand-ins for MiniLM (384) and USE (512).

    The cache folder is switched too, so stand-in vectors never mix with real ones. Text
    evidence's cosine bars (:mod:`matcher.scoring.agreement`) are fitted on the real
    models' cosines, which hash vectors do not share: engines built in the block have
    none (every pair agrees; the agreement is still computed), so the lists are as long
    as the real models would make them (with the bars, hash cosines cut a tenth to a
    quarter of the listed vacancies and trainings).
    """
    from unittest import mock

    from matcher.scoring import agreement
    from matcher.text.encoders.registry import swapped

    with (
        embedding_cache(cache_dir),
        swapped(minilm=lambda: HashEncoder("minilm", 384), use=lambda: HashEncoder("use", 512)),
        mock.patch.object(agreement, "bars", lambda kind, path=None: {}),
    ):
        yield
