"""Character n-gram TF-IDF: robust to typos, inflection and word order in short titles."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from matcher.text.encoders.base import Encoder, check_texts, l2_normalise


class TfidfEncoder(Encoder):
    """TF-IDF over character n-grams inside word boundaries (``analyzer="char_wb"``).

    Parameters
    ----------
    ngram_range : tuple of int
        Smallest and largest n-gram length.
    sublinear_tf : bool
        Use ``1 + log(tf)`` so a repeated n-gram does not dominate a long text.
    min_df : int
        Ignore n-grams seen in fewer documents (1 keeps rare words like trade names).

    Examples
    --------
    >>> enc = TfidfEncoder().fit(["tailor", "cashier", "baker"])
    >>> x = enc.transform(["tailors"])
    >>> int((x @ enc.transform(["tailor", "baker"]).T).toarray().argmax())
    0
    """

    def __init__(
        self, ngram_range: tuple[int, int] = (2, 4), sublinear_tf: bool = True, min_df: int = 1
    ):
        self.ngram_range = ngram_range
        self.sublinear_tf = sublinear_tf
        self.min_df = min_df

    def fit(self, texts: Sequence[str], y: object = None) -> TfidfEncoder:
        """Learn the n-gram vocabulary and IDF weights from ``texts`` (the candidates)."""
        texts = check_texts(texts)
        if not texts:
            raise ValueError("TfidfEncoder.fit needs at least one text; got an empty list")
        self.vectorizer_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=tuple(self.ngram_range),
            sublinear_tf=self.sublinear_tf,
            min_df=self.min_df,
            lowercase=True,
            strip_accents="unicode",
            dtype=np.float32,
        ).fit(texts)
        digest = hashlib.sha256()
        for term in sorted(self.vectorizer_.vocabulary_):
            digest.update(term.encode())
        digest.update(self.vectorizer_.idf_.astype(np.float32).tobytes())
        self.fingerprint_ = (
            f"tfidf-char_wb{tuple(self.ngram_range)}-sub{int(self.sublinear_tf)}"
            f"-min{self.min_df}-{digest.hexdigest()[:16]}"
        )
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Sparse CSR rows, L2-normalised; dot products are cosines."""
        check_is_fitted(self, "vectorizer_")
        texts = check_texts(texts)
        return l2_normalise(self.vectorizer_.transform(texts))

    def fingerprint(self) -> str:
        check_is_fitted(self, "vectorizer_")
        return self.fingerprint_

    @property
    def dim(self) -> int:
        check_is_fitted(self, "vectorizer_")
        return len(self.vectorizer_.vocabulary_)
