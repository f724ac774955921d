"""The one Encoder interface every text encoder follows, and the encoder-name option.

An encoder is a scikit-learn style estimator: ``fit(texts)`` returns ``self`` (a no-op for
pretrained models), ``transform(texts)`` returns one L2-normalised float32 row per text, and
``fingerprint()`` names the model exactly enough to key an embedding cache.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from matcher.errors import OptionEnum


class EncoderName(OptionEnum):
    """Encoders selectable by name (CLI, config, ``get_encoder``)."""

    __option__ = "encoder"

    TFIDF = "tfidf"
    MINILM = "minilm"
    USE = "use"
    DEFAULT = "default"


class Encoder(TransformerMixin, BaseEstimator, ABC):
    """Base class: texts in, L2-normalised float32 rows out.

    Subclasses implement ``_encode`` (and ``fit`` if they learn anything) and
    ``fingerprint``. ``transform`` checks the input and normalises the output, so every
    encoder returns rows whose dot product is the cosine similarity.
    """

    def fit(self, texts: Sequence[str], y: object = None) -> Encoder:
        """Pretrained encoders learn nothing; kept for the estimator contract."""
        check_texts(texts)
        return self

    def transform(self, texts: Sequence[str]) -> np.ndarray | sp.csr_matrix:
        """Encode ``texts`` into L2-normalised float32 rows."""
        texts = check_texts(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return l2_normalise(self._encode(texts))

    @abstractmethod
    def fingerprint(self) -> str:
        """A string that changes whenever the vectors for the same text would change."""

    @property
    @abstractmethod
    def dim(self) -> int:
        """Width of the rows ``transform`` returns."""

    def _encode(self, texts: list[str]) -> np.ndarray | sp.csr_matrix:
        # Encoders either define _encode or override transform (the cache, TF-IDF).
        raise TypeError(f"{type(self).__name__} defines neither _encode nor transform")


def check_texts(texts: Sequence[str]) -> list[str]:
    """Accept a list/tuple/array of strings; a bare string is a common slip, so refuse it."""
    if isinstance(texts, str):
        raise TypeError(f"expected a list of texts, got the single string {texts!r}")
    out = list(texts)
    for i, t in enumerate(out):
        if not isinstance(t, str):
            raise TypeError(f"text {i} is {type(t).__name__} {t!r}; every text must be a str")
    return out


def l2_normalise(x: np.ndarray | sp.spmatrix) -> np.ndarray | sp.csr_matrix:
    """Scale rows to unit length (zero rows stay zero) and cast to float32."""
    if sp.issparse(x):
        x = sp.csr_matrix(x, dtype=np.float32)
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms).dot(x), dtype=np.float32)
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return x / norms


def text_key(text: str, fingerprint: str) -> str:
    """Cache key of one text under one encoder: sha256 of fingerprint and text."""
    return hashlib.sha256(f"{fingerprint}\x00{text}".encode()).hexdigest()
