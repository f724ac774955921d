"""Stand-in dense encoders for the large benchmark runs.

Encoding 50,000-200,000 texts with MiniLM and USE on two CPU cores takes most of an hour,
and it is paid once: after that the embedding cache serves the vectors. The large runs
therefore measure the engine *after* encoding: they swap MiniLM and USE for encoders of
the same width whose vectors are a hash of the text (so the same text gets the same
vector), wrapped in the real :class:`~matcher.encoders.CachedEncoder` in a cache folder
of their own. Everything downstream (cache reads, alias max, z-scoring, fusion, eligibility,
explanations) is the production code path; the encoding cost is reported separately as
measured throughput x number of texts.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from matcher.encoders.base import Encoder


class HashEncoder(Encoder):
    """Unit vectors seeded by the text's hash: deterministic, model-free, ``dim`` wide."""

    def __init__(self, name: str = "minilm", dim: int = 384):
        self.name = name
        self.dim_ = dim

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim_), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest())
            out[i] = np.random.default_rng(seed).standard_normal(self.dim_, dtype=np.float32)
        return out

    def fingerprint(self) -> str:
        return f"standin-{self.name}-{self.dim_}"

    @property
    def dim(self) -> int:
        return self.dim_


@contextlib.contextmanager
def standin_encoders(cache_dir: Path) -> Iterator[None]:
    """Inside the block, ``TextMatcher`` builds hash stand-ins for MiniLM (384) and USE (512).

    The cache folder is switched too, so stand-in vectors never mix with real ones.
    """
    from matcher import config, retrieval

    saved = (retrieval.SbertEncoder, retrieval.UseEncoder, config.EMBEDDING_CACHE_DIR)
    retrieval.SbertEncoder = lambda: HashEncoder("minilm", 384)
    retrieval.UseEncoder = lambda: HashEncoder("use", 512)
    config.EMBEDDING_CACHE_DIR = Path(cache_dir)
    try:
        yield
    finally:
        retrieval.SbertEncoder, retrieval.UseEncoder, config.EMBEDDING_CACHE_DIR = saved
