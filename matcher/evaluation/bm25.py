"""BM25 baseline (``bm25s``) with the same alias handling as ``TextMatcher``."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from matcher.text.encoders.base import check_texts


class Bm25Matcher(BaseEstimator):
    """Word-level BM25 over every name of every candidate; a candidate scores its best name.

    Parameters
    ----------
    k1, b : float
        The usual BM25 saturation and length-normalisation parameters.
    """

    def __init__(self, k1: float = 1.5, b: float = 0.75):
        self.k1 = k1
        self.b = b

    def fit(self, texts: Sequence[str], aliases: Sequence[Sequence[str]] | None = None):
        import bm25s

        texts = check_texts(texts)
        names, starts = [], []
        for i, text in enumerate(texts):
            starts.append(len(names))
            names += [text] + [a for a in (aliases[i] if aliases is not None else []) if a]
        self.starts_ = np.asarray(starts, dtype=np.int64)
        self.retriever_ = bm25s.BM25(k1=self.k1, b=self.b)
        tokens = bm25s.tokenize(names, stopwords="en", show_progress=False)
        self.retriever_.index(tokens, show_progress=False)
        self.n_candidates_ = len(texts)
        return self

    def score(self, queries: Sequence[str]) -> np.ndarray:
        """BM25 score of every query against every candidate (best name)."""
        import bm25s

        check_is_fitted(self, "retriever_")
        queries = check_texts(queries)
        tokens = bm25s.tokenize(queries, stopwords="en", return_ids=False, show_progress=False)
        out = np.empty((len(queries), self.n_candidates_), dtype=np.float32)
        for i, toks in enumerate(tokens):
            s = self.retriever_.get_scores(toks) if toks else np.zeros(self.starts_[-1] + 1)
            s = np.asarray(s, dtype=np.float32)
            out[i] = np.maximum.reduceat(s, self.starts_) if s.size else 0.0
        return out
