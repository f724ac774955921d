"""TextMatcher: rank candidates (each with alternative names) for free-text queries.

Scores are computed a chunk of queries at a time with matrix products, so memory is bounded
by ``chunk_size x n_alias_strings`` floats and no Python loop runs over pairs. A candidate's
score is the score of its best-matching name (optionally blended with the mean over its
names), so "seamstress" finds the occupation whose preferred label is "tailor".

With ``encoder="default"`` three encoders vote (see ``matcher.text.encoders.fusion``): character
TF-IDF, MiniLM and multilingual USE, each standardised per query. Queries detected as
Indonesian are translated with the glossary, the lexicon and the everyday words
(:func:`matcher.text.lexicon.render`) for the English-only encoders (TF-IDF, MiniLM) and
lean on USE, which reads Indonesian itself. Candidate names detected as Indonesian are
read the same way (``render_candidates``), so that a rendered query meets a rendered
vacancy, not one written in another language.
"""

from __future__ import annotations

import copy
import csv
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, clone
from sklearn.utils.validation import check_is_fitted

from matcher.errors import FileFormatError, RowProblem, ValidationError
from matcher.text import forgetting
from matcher.text.encoders import (
    CachedEncoder,
    Calibration,
    Encoder,
    EncoderName,
    TfidfEncoder,
    fuse_scores,
    registry,
    row_stats,
)
from matcher.text.encoders.base import check_texts, l2_normalise
from matcher.text.encoders.cache import for_queries
from matcher.text.encoders.fitted_cache import fit_transform_cached
from matcher.text.encoders.sbert import english_words
from matcher.text.glossary import translate
from matcher.text.language import Language, detect_language
from matcher.text.lexicon import render
from matcher.text.postings import query_product
from matcher.text.query_memo import QueryBatch, QueryMemo
from matcher.text.reading_cache import read_names
from matcher.text.topk import top_k_rows
from matcher.threads import run_each

# Votes per encoder and query language, from the encoder registry (registry.ENCODERS).
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = registry.default_votes()
FUSIONS = ("learned", "fixed")
_WORD = re.compile(r"[^\W\d_]{2,}")
_STATS_MEMO = 100_000  # query texts whose reference statistics are kept
_DENSE_REFERENCE_BYTES = 64 * 2**20  # a sparse encoder's reference rows are made dense up to this
_LOCK = threading.Lock()  # guards the lazily built subset caches of every TextMatcher


@dataclass(frozen=True)
class _Names:
    """The names of a subset of candidates, laid out for scoring only those."""

    unique: np.ndarray  # rows of the distinct-name matrices to multiply
    gather: np.ndarray  # each name's column in that product
    starts: np.ndarray  # where each candidate's names start in ``gather``
    # Reduce over shared lists of names (:attr:`shared_rest`): for the whole catalog's
    # names, laid out once per index; a subset made for one call would pay its layout.
    shares_rest: bool = False

    @cached_property
    def by_count(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The candidates grouped by how many names they have: ``(positions, columns)``,
        ``columns`` (n, c) being each one's names' columns in the product."""
        counts = np.diff(np.append(self.starts, len(self.gather)))
        return [
            (pos, self.gather[self.starts[pos][:, None] + np.arange(c)])
            for c in np.unique(counts)
            for pos in [np.flatnonzero(counts == c)]
        ]

    @cached_property
    def shared_rest(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """The candidates' names after their first, as distinct lists.

        A vacancy's first name is its own text; the rest are its occupation's other
        names, which hundreds of vacancies share (50,000 vacancies of the benchmark have
        47 distinct lists). ``(first, rest_gather, rest_starts, rest_of)``: each
        candidate's first column, the distinct lists' columns laid out for reduceat,
        and each candidate's list (-1 for none). None when the lists are not shared
        enough to save work (their names at least half of all names)."""
        counts = np.diff(np.append(self.starts, len(self.gather)))
        if not len(counts) or counts.min() < 1:
            return None
        lists: dict[bytes, int] = {}
        rest_of = np.full(len(counts), -1, dtype=np.int64)
        columns: list[np.ndarray] = []
        for c in np.flatnonzero(counts > 1):
            cols = self.gather[self.starts[c] + 1 : self.starts[c] + counts[c]]
            rest_of[c] = lists.setdefault(cols.tobytes(), len(lists))
            if rest_of[c] == len(columns):
                columns.append(cols)
        n_rest = sum(len(cols) for cols in columns)
        if not columns or n_rest * 2 >= len(self.gather):
            return None
        rest_starts = np.cumsum([0] + [len(cols) for cols in columns[:-1]])
        return self.gather[self.starts], np.concatenate(columns), rest_starts, rest_of

    def best(self, s: np.ndarray) -> np.ndarray:
        """Each candidate's best name score in ``s`` (a few queries x columns): the
        first name's score against the best of its shared rest (:attr:`shared_rest`),
        else one reduceat over every candidate's names. The same maxima either way."""
        shared = self.shared_rest if self.shares_rest else None
        if shared is None:
            return np.maximum.reduceat(s[:, self.gather], self.starts, axis=1)
        first, rest_gather, rest_starts, rest_of = shared
        best = s[:, first]
        rest = np.maximum.reduceat(s[:, rest_gather], rest_starts, axis=1)
        has = rest_of >= 0
        best[:, has] = np.maximum(best[:, has], rest[:, rest_of[has]])
        return best

    def blend(self, s: np.ndarray, w: float) -> np.ndarray:
        """Each candidate's best name score in the product ``s`` (queries x columns),
        blended with its names' mean by ``w``. A reduction over a contiguous last axis
        per name count: 2.5x ``np.maximum.reduceat`` from 64 queries up; below 16
        queries (one person's request) reduceat is 2x faster and is used, over shared
        lists of names where candidates share them (:meth:`best`)."""
        if s.shape[0] < 16:
            if not len(self.starts):
                return np.zeros((s.shape[0], 0), dtype=np.float32)
            if not w:
                return self.best(s)
            s = s[:, self.gather]
            best = np.maximum.reduceat(s, self.starts, axis=1)
            counts = np.diff(np.append(self.starts, s.shape[1]))
            return (1.0 - w) * best + w * np.add.reduceat(s, self.starts, axis=1) / counts
        out = np.zeros((s.shape[0], len(self.starts)), dtype=np.float32)
        for pos, cols in self.by_count:
            if not cols.shape[1]:
                continue
            vals = s[:, cols]  # (queries, n, c)
            best = vals.max(axis=2)
            out[:, pos] = best if not w else (1.0 - w) * best + w * vals.mean(axis=2)
        return out


def _own(enc: Encoder) -> Encoder:
    """A given encoder as this index uses it: one that learns from the candidates (it
    overrides ``fit``: TF-IDF's n-grams) is cloned, unfitted, as scikit-learn's meta-
    estimators do, so two indexes given the same instance (an engine's vacancies and
    trainings) do not refit each other's; a pretrained one learns nothing and is shared."""
    if type(enc).fit is Encoder.fit:
        return enc
    if hasattr(enc, "get_params"):
        return clone(enc)
    return copy.deepcopy(enc)  # a duck-typed encoder (tests, research): copied as it is


class TextMatcher(BaseEstimator):
    """Index candidate texts (with aliases) and rank them for queries.

    Parameters
    ----------
    encoder : str, EncoderName, Encoder or mapping of name to Encoder
        ``"tfidf"``, ``"minilm"``, ``"use"``, ``"default"`` (fusion of the three with
        language routing), any ``Encoder`` instance (tests use a small fake one), or a
        mapping of names to encoders to fuse (names as in ``DEFAULT_WEIGHTS``).
    alias_mean_weight : float in [0, 1]
        Candidate score = ``(1 - w) * max + w * mean`` over its names.
    chunk_size : int
        Queries scored per matrix product; bounds memory.
    cache : bool
        Keep dense embeddings in the on-disk cache (``config.EMBEDDING_CACHE_DIR``).
    weights : mapping or None
        Fusion weights per language (``{"en": {"tfidf": 1, ...}, "id": {...}}``) for the
        default encoder; ``None`` means ``DEFAULT_WEIGHTS``.
    calibration : {"zscore", "none"}
        How the default encoder makes the encoders' scores comparable.
    route_language : bool
        Translate Indonesian queries for English-only encoders and use the Indonesian weights.
    lexicon : bool
        Translate them with the glossary and then, for the words between its terms, the
        word-level lexicon of ESCO's work vocabulary and the everyday words
        (:func:`matcher.text.lexicon.render`); ``False``: the glossary alone (the default
        until 2026-11-30; docs/evaluation.md, "Indonesian queries read in English").
    render_candidates : bool
        Read a candidate name detected as Indonesian as an Indonesian query is read: its
        rendering for the English-only encoders, original and rendering together for USE
        (no name is added; the rendering is done once, at fit). Applies when queries are
        routed (``route_language``, more than one encoder). ``False``: names as written
        (the default until 2026-11-30; docs/evaluation.md, "Indonesian candidates read in
        English too").
    fusion : {"learned", "fixed"}
        How the default encoder weighs its encoders per query: ``"learned"`` asks the
        saved ``LearnedFusion`` (``matcher/resources/fusion/``, rebuilt by
        ``python -m matcher fit-fusion``) for weights from the query's language, length,
        glossary share and word coverage; ``"fixed"`` uses ``weights`` (or
        ``DEFAULT_WEIGHTS``) times word coverage. Explicit ``weights``, encoders other
        than the default three, or no saved model mean ``"fixed"``.
    reference_size : int or None
        Take each query's z-score statistics over a fixed, seeded sample of this many
        candidates instead of over all of them (``None``: all; catalogs no larger than
        this are unaffected). A (query, candidate) score then does not depend on which
        other candidates are scored, so a shortlist can be scored on its own
        (``score(queries, candidates=...)``) and agrees with the full row.

    Examples
    --------
    >>> m = TextMatcher(encoder="tfidf").fit(["tailor", "cashier"], aliases=[["dressmaker"], []])
    >>> m.search(["dressmakers"], top_k=1)[0].tolist()
    [[0]]
    """

    def __init__(
        self,
        encoder: str | EncoderName | Encoder = "default",
        alias_mean_weight: float = 0.0,
        chunk_size: int = 256,
        cache: bool = True,
        weights: Mapping[str, Mapping[str, float]] | None = None,
        calibration: str | Calibration = "zscore",
        route_language: bool = True,
        reference_size: int | None = None,
        fusion: str = "learned",
        lexicon: bool = True,
        render_candidates: bool = True,
    ):
        self.encoder = encoder
        self.alias_mean_weight = alias_mean_weight
        self.chunk_size = chunk_size
        self.cache = cache
        self.weights = weights
        self.calibration = calibration
        self.route_language = route_language
        self.reference_size = reference_size
        self.fusion = fusion
        self.lexicon = lexicon
        self.render_candidates = render_candidates

    # ----------------------------------------------------------------- fitting
    def _build_encoders(self) -> dict[str, Encoder]:
        if isinstance(self.encoder, Encoder):
            return {"custom": _own(self.encoder)}
        if isinstance(self.encoder, Mapping):  # fusion of given encoders (tests, research)
            return {key: _own(enc) for key, enc in self.encoder.items()}
        name = EncoderName.parse(self.encoder)

        def dense(enc: Encoder) -> Encoder:
            # Candidate sets and bulk query files are cached; a handful of live queries is not.
            return CachedEncoder(enc, min_write=32) if self.cache else enc

        def make(key: str) -> Encoder:
            spec = registry.ENCODERS[key]
            return dense(spec.factory()) if spec.pretrained else spec.factory()

        if name is EncoderName.DEFAULT:
            return {key: make(key) for key in registry.ENCODERS}
        return {name.value: make(name.value)}

    def fit(self, texts: Sequence[str], aliases: Sequence[Sequence[str]] | None = None):
        """Index candidates: ``texts[i]`` plus ``aliases[i]`` are candidate ``i``'s names."""
        texts = check_texts(texts)
        if not texts:
            raise ValueError("TextMatcher.fit needs at least one candidate; got none")
        if aliases is not None and len(aliases) != len(texts):
            raise ValueError(
                f"aliases has {len(aliases)} entries but there are {len(texts)} candidates; "
                "give one (possibly empty) list of alternative names per candidate"
            )
        if not 0.0 <= self.alias_mean_weight <= 1.0:
            raise ValueError(f"alias_mean_weight={self.alias_mean_weight}; allowed: 0..1")
        if int(self.chunk_size) < 1:
            raise ValueError(f"chunk_size={self.chunk_size}; allowed: an integer >= 1")
        Calibration.parse(self.calibration)
        if self.fusion not in FUSIONS:
            raise ValueError(f"fusion={self.fusion!r}; allowed: {', '.join(FUSIONS)}")
        if self.reference_size is not None and (
            not isinstance(self.reference_size, int | np.integer) or self.reference_size < 2
        ):
            raise ValueError(
                f"reference_size={self.reference_size!r}; allowed: None or an integer >= 2"
            )
        names: list[str] = []
        starts = np.empty(len(texts), dtype=np.int64)
        for i, text in enumerate(texts):
            starts[i] = len(names)
            own = [text] + [a for a in (aliases[i] if aliases is not None else []) if a]
            # Dedupe case-insensitively so repeated names do not weigh on the mean.
            seen: set[str] = set()
            for name in own:
                key = name.strip().lower()
                if key not in seen:
                    seen.add(key)
                    names.append(name)
        self.alias_texts_ = names
        self.alias_starts_ = starts
        self.alias_owner_ = np.repeat(np.arange(len(texts)), np.diff(np.append(starts, len(names))))
        # Aliases repeat across candidates ("Kasir" in a hundred vacancies): encode and
        # multiply each distinct string once, then gather its scores to every name.
        unique, self.name_to_unique_ = np.unique(
            np.asarray(names, dtype=object), return_inverse=True
        )
        unique = [str(u) for u in unique]
        # The epochs the texts were read under: queries encoded by this index are
        # cached only if no erasure came since (matcher.text.forgetting).
        self.read_marks_ = forgetting.read_marks()
        self.encoders_ = self._build_encoders()
        # How the English-only encoders read each distinct name: an Indonesian name in its
        # rendering, as an Indonesian query is read (``render_candidates``).
        read, is_id = self._candidate_readings(unique)
        read_names = [read[j] for j in self.name_to_unique_] if is_id.any() else names
        # Words an English-only encoder can read: the candidates' own words as it reads
        # them (an Indonesian name's rendering) plus MiniLM's English vocabulary (so a
        # small candidate set does not make common English unknown).
        self.vocabulary_ = english_words() | {
            w for n in set(read_names) for w in _WORD.findall(n.lower())
        }
        self.name_coverage_ = _english_share([read_names[s] for s in starts])
        english_only = registry.english_only()
        self.embeddings_ = {}
        for key, enc in self.encoders_.items():
            spec = registry.ENCODERS.get(key)
            own = key in english_only and is_id.any()
            fit_on, strings = (read_names, read) if own else (names, unique)
            if self.cache and isinstance(enc, TfidfEncoder):
                # Fitted on these names: refit and re-transform only when they change.
                enc, emb = fit_transform_cached(enc, fit_on, strings)
                self.encoders_[key] = enc
            else:
                enc.fit(fit_on)
                emb = enc.transform(strings)
                if spec is not None and spec.reads_translation_too and is_id.any():
                    # The Indonesian original and its rendering together, as for queries.
                    rows = np.flatnonzero(is_id)
                    emb = np.asarray(emb, dtype=np.float32)
                    if not emb.flags.writeable:
                        emb = emb.copy()
                    emb[rows] = l2_normalise(
                        emb[rows] + np.asarray(enc.transform([read[i] for i in rows]))
                    )
            # Sparse matrices are stored transposed (CSR), so a query block is one product
            # with no conversion of the name matrix; dense ones row-major, which BLAS
            # multiplies transposed for free and whose rows a subset gathers contiguously.
            self.embeddings_[key] = (
                emb.T.tocsr() if sp.issparse(emb) else np.ascontiguousarray(emb, dtype=np.float32)
            )
        self.n_candidates_ = len(texts)
        self.fusion_model_ = self._learned_model()
        self.reference_ = None
        if self.reference_size is not None and len(texts) > int(self.reference_size):
            rng = np.random.default_rng(0)
            self.reference_ = np.sort(rng.choice(len(texts), int(self.reference_size), False))
        self._subset_cache: dict[str, object] = {}
        self._memo = QueryMemo()
        self._memo_settings = self._query_settings()
        return self

    def remember(self, queries: Sequence[str]) -> TextMatcher:
        """Work out ``queries`` now (language, each encoder's vector, fusion votes) and
        keep them for the life of this index: the engine remembers its jobseekers'
        profiles at index time, so no request encodes them again."""
        check_is_fitted(self, "embeddings_")
        queries = check_texts(queries)
        step = max(int(self.chunk_size), 1024)
        for lo in range(0, len(queries), step):
            self._batch(queries[lo : lo + step], pin=True)
        return self

    def forget(self, queries: Sequence[str]) -> int:
        """Let go of what this index remembers about ``queries`` (:meth:`remember`, or
        asked once): their work-out and their reference statistics. The engine calls it
        when a refit replaces edited profiles, whose old texts no one holds any more.
        Returns how many entries were dropped."""
        gone = set(queries)
        memo = self.__dict__.get("_memo")
        dropped = memo.forget(sorted(gone)) if memo is not None else 0
        with _LOCK:
            for key, stats in getattr(self, "_subset_cache", {}).items():
                if key.startswith("stats:"):
                    for text in gone & stats.keys():
                        del stats[text]
                        dropped += 1
        return dropped

    def load_models(self) -> TextMatcher:
        """Load the pretrained encoders' models now. A build served wholly from the
        embedding cache never loads them, so the first text it has not seen (an upload, a
        new profile) would wait for them: about 5 s for MiniLM's tokenizer and graph and
        USE on this machine. Nothing is written to the cache."""
        check_is_fitted(self, "embeddings_")
        for key, enc in self.encoders_.items():
            spec = registry.ENCODERS.get(key)
            if spec is not None and spec.pretrained:
                # Past the cache (``CachedEncoder.encoder``), so nothing is written.
                getattr(enc, "encoder", enc).transform(["warm up"])
        return self

    def prepare(self) -> TextMatcher:
        """Build now what scoring builds on first use: the candidates' shared lists of
        names, the reference sample's names and rows, so the first request is as fast
        as the next."""
        check_is_fitted(self, "embeddings_")
        if not self.alias_mean_weight:  # the shared lists serve the plain maximum only
            _ = self._all_names().shared_rest
        if self.reference_ is not None:
            for key in self.embeddings_:
                self._reference_matrix(key)
        return self

    def _batch(self, queries: list[str], pin: bool = False) -> QueryBatch:
        """The queries worked out, from the memo where known (see :mod:`query_memo`)."""
        memo = self.__dict__.get("_memo")
        settings = self._query_settings()
        if memo is None or self.__dict__.get("_memo_settings") != settings:
            # A query's work-out depends on these parameters: a memo made under others
            # (e.g. route_language switched off to score single encoders) is dropped.
            memo = self._memo = QueryMemo()
            self._memo_settings = settings
        return memo.get(queries, self._work_out, pin)

    def _query_settings(self) -> tuple:
        """The parameters a query's language, vectors and fusion votes depend on."""
        return (bool(self.route_language), repr(self.weights), str(self.fusion))

    def _work_out(self, queries: list[str]) -> QueryBatch:
        langs = self._languages(queries)
        vectors = self._query_vectors(queries, langs)
        return QueryBatch(langs, vectors, self._fusion_weights(queries, langs))

    # ----------------------------------------------------------------- scoring
    def score(self, queries: Sequence[str], candidates: Sequence[int] | None = None) -> np.ndarray:
        """Similarity of every query to every candidate, shape ``(n_queries, n_candidates)``.

        Single encoders give cosines; the default encoder gives a weighted mean of per-query
        z-scores (0 = this query's average candidate; larger is better).

        ``candidates`` (indices) restricts the columns to those candidates. With a
        reference sample (``reference_size``) only their names are multiplied; without
        one the full rows are needed for the z-scores and are computed, then cut.
        """
        check_is_fitted(self, "embeddings_")
        return self._scored(check_texts(queries), self._candidates(candidates), None)[0]

    def score_with_agreement(
        self, queries: Sequence[str], bars: Mapping[str, float],
        candidates: Sequence[int] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
        """:meth:`score` and, of the same shape, whether the texts agree in absolute
        terms: some encoder named in ``bars`` gives the pair (its best name) a cosine of
        at least its bar. A z-score says a candidate stands out among this query's; a
        query that matches nothing well still has candidates that stand out. All true
        when none of the encoders in ``bars`` is one of this matcher's."""
        check_is_fitted(self, "embeddings_")
        return self._scored(check_texts(queries), self._candidates(candidates), dict(bars))

    def _candidates(self, candidates: Sequence[int] | None) -> np.ndarray | None:
        """``candidates`` of :meth:`score` checked, as int64 indices."""
        if candidates is None:
            return None
        cand = np.asarray(candidates)
        if cand.ndim != 1 or not (cand.size == 0 or np.issubdtype(cand.dtype, np.integer)):
            raise ValueError(
                f"candidates: {cand.ndim}-d array of {cand.dtype}; allowed: a 1-d list of "
                "candidate indices (score_pairs takes one row of candidates per query)"
            )
        cand = cand.astype(np.int64)
        self._check_indices(cand)
        return cand

    def _scored(self, queries: list[str], cand: np.ndarray | None, bars: dict | None):
        width = self.n_candidates_ if cand is None else len(cand)
        return self._in_chunks(
            (len(queries), width), bars,
            lambda sl: self._score_chunk(queries[sl], cand, bars),
        )  # fmt: skip

    def _in_chunks(self, shape: tuple[int, int], bars: dict | None, chunk):
        """Scores of ``shape`` (and the agreement under ``bars``, else None), filled
        ``chunk_size`` queries at a time by ``chunk(slice) -> (scores, agreement)``."""
        out = np.empty(shape, dtype=np.float32)
        agree = None if bars is None else np.empty(shape, dtype=bool)
        step = int(self.chunk_size)
        for lo in range(0, shape[0], step):
            sl = slice(lo, lo + step)
            out[sl], ok = chunk(sl)
            if agree is not None:
                agree[sl] = ok
        return out, agree

    def score_pairs(self, queries: Sequence[str], candidates: np.ndarray) -> np.ndarray:
        """Each query against its own candidates: ``candidates[i]`` are query ``i``'s
        candidate indices, shape ``(n_queries, m)``; returns scores of that shape.

        Equal to ``score(queries)`` at those columns. With a reference sample only the
        names of the candidates asked for are multiplied (once per chunk of queries).
        """
        check_is_fitted(self, "embeddings_")
        queries = check_texts(queries)
        return self._scored_pairs(queries, self._pair_candidates(queries, candidates), None)[0]

    def score_pairs_with_agreement(
        self, queries: Sequence[str], candidates: np.ndarray, bars: Mapping[str, float]
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`score_pairs` and the agreement of :meth:`score_with_agreement` at
        the same pairs."""
        check_is_fitted(self, "embeddings_")
        queries = check_texts(queries)
        return self._scored_pairs(queries, self._pair_candidates(queries, candidates), dict(bars))

    def _pair_candidates(self, queries: list[str], candidates: np.ndarray) -> np.ndarray:
        """``candidates`` of :meth:`score_pairs` checked, as int64 indices."""
        cand = np.asarray(candidates, dtype=np.int64)
        if cand.ndim != 2 or cand.shape[0] != len(queries):
            raise ValueError(
                f"candidates has shape {cand.shape}; allowed: ({len(queries)}, m), "
                "one row of candidate indices per query"
            )
        self._check_indices(cand)
        return cand

    def _scored_pairs(self, queries: list[str], cand: np.ndarray, bars: dict | None):
        return self._in_chunks(
            cand.shape, bars, lambda sl: self._score_pairs_chunk(queries[sl], cand[sl], bars)
        )

    def _check_indices(self, cand: np.ndarray) -> None:
        if cand.size and (cand.min() < 0 or cand.max() >= self.n_candidates_):
            bad = cand[(cand < 0) | (cand >= self.n_candidates_)].ravel()[0]
            raise ValueError(
                f"candidate index {bad} out of range; allowed: 0..{self.n_candidates_ - 1}"
            )

    def search(self, queries: Sequence[str], top_k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """Best ``top_k`` candidates per query: ``(indices, scores)``, best first.

        Only one chunk's full score matrix exists at a time, so 15,000 queries against
        100,000 names stay within a few hundred MB.
        """
        check_is_fitted(self, "embeddings_")
        queries = check_texts(queries)
        if int(top_k) < 1:
            raise ValueError(f"top_k={top_k}; allowed: an integer >= 1")
        k = min(int(top_k), self.n_candidates_)
        idx = np.empty((len(queries), k), dtype=np.int64)
        val = np.empty((len(queries), k), dtype=np.float32)
        step = int(self.chunk_size)
        for lo in range(0, len(queries), step):
            s = self._score_chunk(queries[lo : lo + step])[0]
            idx[lo : lo + step], val[lo : lo + step] = top_k_rows(s, k)
        return idx, val

    def component_scores(self, queries: Sequence[str]) -> dict[str, np.ndarray]:
        """Each encoder's candidate scores (cosines) before fusion, for explanations."""
        check_is_fitted(self, "embeddings_")
        queries = check_texts(queries)
        batch = self._batch(queries)
        return {key: self._candidate_scores(q, key) for key, q in batch.vectors.items()}

    # ----------------------------------------------------------------- internals
    def _languages(self, queries: list[str]) -> list[str]:
        if not self.route_language or len(self.encoders_) == 1:
            return [Language.EN.value] * len(queries)
        return [detect_language(q, self.vocabulary_).value for q in queries]

    def _candidate_readings(self, unique: list[str]) -> tuple[list[str], np.ndarray]:
        """Each distinct candidate name as the English-only encoders read it, and which
        are Indonesian. Only when queries are routed, with more than one encoder and
        ``render_candidates`` on; else the names as written (none Indonesian)."""
        if not (
            getattr(self, "render_candidates", False)
            and self.route_language
            and len(self.encoders_) > 1
        ):
            return unique, np.zeros(len(unique), dtype=bool)
        # Each name is read once here: past the per-text memo, which would keep a large
        # catalog's renderings (about 150 MB at 50,000 vacancies) for no later use; with
        # ``cache``, from the disk cache of readings where it is known (an unchanged
        # catalog is not read again: 13 s at 50,000 vacancies).
        rendering = self._rendering().__wrapped__

        def read(name: str) -> tuple[bool, str]:
            if detect_language(name) is Language.ID:
                return True, rendering(name)
            return False, ""

        found = (
            read_names(unique, read, rendering.__name__)
            if self.cache
            else [read(u) for u in unique]
        )
        is_id = np.array([i for i, _ in found], dtype=bool)
        return [t if i else u for u, (i, t) in zip(unique, found, strict=True)], is_id

    def _rendering(self):
        """How Indonesian text is put into English for the English-only encoders (both
        memoised per text): glossary, everyday words and lexicon, or the glossary alone."""
        return render if getattr(self, "lexicon", True) else translate

    def _translate(self, queries: list[str], langs: list[str]) -> list[str]:
        rendering = self._rendering()
        return [
            rendering(q) if lang == Language.ID.value else q
            for q, lang in zip(queries, langs, strict=True)
        ]

    def _readable(self, texts: list[str], coverage: np.ndarray | None = None) -> np.ndarray:
        """How well the English-only encoders can read both sides: the share of each
        text's words they know times the share of English words in the candidates' own
        names (an Indonesian catalog is as unreadable to them as an Indonesian query)."""
        coverage = self._coverage(texts) if coverage is None else coverage
        return coverage * getattr(self, "name_coverage_", 1.0)

    def _coverage(self, texts: list[str]) -> np.ndarray:
        """Share of each text's words that occur in some candidate name (1 for no words)."""
        out = np.ones(len(texts))
        for i, text in enumerate(texts):
            words = _WORD.findall(text.lower())
            if words:
                out[i] = sum(w in self.vocabulary_ for w in words) / len(words)
        return out

    def _query_vectors(
        self, queries: list[str], langs: list[str], keys: Sequence[str] | None = None
    ) -> dict[str, object]:
        """Each encoder's vectors of the queries (translated for the English-only ones)."""
        with forgetting.reading(getattr(self, "read_marks_", ())):
            return self._encode_queries(queries, langs, keys)

    def _encode_queries(self, queries, langs, keys) -> dict[str, object]:
        is_id = np.array([lang == Language.ID.value for lang in langs], dtype=bool)
        translated = self._translate(queries, langs)
        out: dict[str, object] = {}
        english_only = registry.english_only()
        for key, enc in self.encoders_.items():
            if keys is not None and key not in keys:
                continue
            # Queries (people's profiles) are cached apart from the candidates' names: an
            # erasure clears them (matcher.text.forgetting).
            enc = for_queries(enc)
            spec = registry.ENCODERS.get(key)
            if key in english_only:
                out[key] = enc.transform(translated)
            elif spec is not None and spec.reads_translation_too and is_id.any():
                # Read the Indonesian original and its rendering together.
                q = np.asarray(enc.transform(queries))
                out[key] = l2_normalise(q + np.asarray(enc.transform(translated)) * is_id[:, None])
            else:
                out[key] = enc.transform(queries)
        return out

    def _names_of(self, cand: np.ndarray) -> _Names:
        """Where the names of candidates ``cand`` (in that order) sit."""
        counts = np.diff(np.append(self.alias_starts_, len(self.alias_texts_)))[cand]
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        rows = np.repeat(self.alias_starts_[cand] - starts, counts) + np.arange(counts.sum())
        unique, gather = np.unique(self.name_to_unique_[rows], return_inverse=True)
        return _Names(unique, gather.reshape(-1), starts)

    def _name_columns(self, key: str, unique: np.ndarray):
        """Rows ``unique`` of an encoder's distinct-name matrix, (len(unique), dim).

        Dense matrices are row-major already. A sparse one is stored transposed, and
        cutting its columns costs the whole matrix, so a row-major copy is made on first
        use (only by subset scoring: batch shortlists, people for one item)."""
        emb = self.embeddings_[key]
        if not sp.issparse(emb):
            return emb[unique]
        with _LOCK:
            rows = self._subset_cache.get(f"rows:{key}")
            if rows is None:
                rows = self._subset_cache[f"rows:{key}"] = emb.T.tocsr()
        return rows[unique]

    @staticmethod
    def _product(q, names) -> np.ndarray:
        """``q @ names.T`` as a dense float32 array. Sparse (TF-IDF) names multiply a
        dense copy of the few query rows, ``(names @ q.T).T``: char n-gram rows share
        so many columns that a sparse x sparse product costs 4x more."""
        if sp.issparse(names):
            dense_q = q.toarray() if sp.issparse(q) else np.asarray(q)
            return np.asarray((names @ dense_q.T).T, dtype=np.float32)
        return np.asarray(q @ names.T, dtype=np.float32)

    def _candidate_scores(
        self, q, key: str, names: _Names | None = None, matrix=None
    ) -> np.ndarray:
        """Best-name (or blended) scores against every candidate, or against ``names``
        (whose distinct-name rows are ``matrix`` when the caller has them)."""
        if names is None:
            emb = self.embeddings_[key]
            # (n_queries, n_distinct_names); a sparse matrix holds one posting list per n-gram
            s = query_product(q, emb) if sp.issparse(emb) else q @ emb.T
            names = self._all_names()
        else:
            if matrix is None:
                matrix = self._name_columns(key, names.unique)
            s = self._product(q, matrix)
        s = s.toarray() if sp.issparse(s) else np.asarray(s)
        return names.blend(s.astype(np.float32, copy=False), float(self.alias_mean_weight))

    def _all_names(self) -> _Names:
        """Every candidate's names, laid out as :meth:`_names_of` does for a subset."""
        with _LOCK:
            names = self._subset_cache.get("all")
            if names is None:
                distinct = np.arange(int(self.name_to_unique_.max(initial=-1)) + 1)
                names = _Names(distinct, self.name_to_unique_, self.alias_starts_, shares_rest=True)
                self._subset_cache["all"] = names
        return names

    def _score_pairs_chunk(
        self, queries: list[str], cand: np.ndarray, bars: dict | None = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        if not queries or not cand.shape[1]:
            return np.zeros(cand.shape, dtype=np.float32), _agreement({}, bars, cand.shape)
        if self._needs_full_rows():
            z, agree = self._score_chunk(queries, None, bars)
            if agree is not None:
                agree = np.take_along_axis(agree, cand, axis=1)
            return np.take_along_axis(z, cand, axis=1), agree
        batch = self._batch(queries)
        union, inverse = np.unique(cand, return_inverse=True)
        names = self._names_of(union)
        inverse = inverse.reshape(cand.shape)
        parts = {key: self._pair_scores(q, key, names, inverse) for key, q in batch.vectors.items()}
        fused = self._fuse(queries, batch, parts, whole_rows=False)
        return fused, _agreement(parts, bars, cand.shape)

    def _pair_scores(self, q, key: str, names: _Names, inverse: np.ndarray) -> np.ndarray:
        """Best-name (or blended) scores of query row i against union items
        ``inverse[i]``: one product with the union's names, then a gather per pair."""
        s = self._product(q, self._name_columns(key, names.unique))
        counts = np.diff(np.append(names.starts, len(names.gather)))[inverse.ravel()]
        first = np.cumsum(counts) - counts  # where each pair's names start, flat
        rows = np.repeat(np.repeat(np.arange(inverse.shape[0]), inverse.shape[1]), counts)
        offset = np.arange(counts.sum()) - np.repeat(first, counts)
        cols = names.gather[np.repeat(names.starts[inverse.ravel()], counts) + offset]
        values = s[rows, cols]
        best = np.maximum.reduceat(values, first)
        w = float(self.alias_mean_weight)
        if w:
            best = (1.0 - w) * best + w * np.add.reduceat(values, first) / counts
        return best.reshape(inverse.shape).astype(np.float32, copy=False)

    def _reference_names(self) -> _Names:
        with _LOCK:
            names = self._subset_cache.get("reference")
            if names is None:
                names = self._subset_cache["reference"] = self._names_of(self.reference_)
        return names

    def _reference_matrix(self, key: str):
        """The reference names' rows of an encoder; a sparse (TF-IDF) one made dense
        once when that takes at most ``_DENSE_REFERENCE_BYTES``: every query's
        statistics are then one BLAS product, 4x faster than sparse rows."""
        with _LOCK:
            cached = self._subset_cache.get(f"reference:{key}")
        if cached is not None:
            return cached
        rows = self._name_columns(key, self._reference_names().unique)
        if sp.issparse(rows) and rows.shape[0] * rows.shape[1] * 4 <= _DENSE_REFERENCE_BYTES:
            rows = np.ascontiguousarray(rows.toarray(), dtype=np.float32)
        with _LOCK:
            self._subset_cache[f"reference:{key}"] = rows
        return rows

    def _reference_stats(self, queries: list[str], vectors: dict[str, object]) -> dict:
        """Per encoder in ``vectors``, each query's ``(mean, std)`` over the reference.

        Remembered per encoder and query text (a batch needs them for a person's
        stand-in and again for their shortlist), up to ``_STATS_MEMO`` texts.
        """
        ref = None
        out = {}
        for key, q in vectors.items():
            memo = self._subset_cache.setdefault(f"stats:{key}", {})
            # One lookup per text: a refit may be forgetting some meanwhile (forget).
            known = {text: got for text in queries if (got := memo.get(text)) is not None}
            todo = [i for i, text in enumerate(queries) if text not in known]
            if todo:
                ref = ref or self._reference_names()
                rows = q[np.asarray(todo)] if len(todo) < len(queries) else q
                if sp.issparse(rows):
                    rows = rows.toarray()
                scores = self._candidate_scores(rows, key, ref, self._reference_matrix(key))
                mean, std = row_stats(scores)
                fresh = {
                    queries[i]: (float(m), float(sd))
                    for i, m, sd in zip(todo, mean.ravel(), std.ravel(), strict=True)
                }
                known.update(fresh)
                with _LOCK:  # the engine, and this memo, are shared by the app's sessions
                    if len(memo) + len(fresh) > _STATS_MEMO:
                        memo.clear()
                    memo.update(fresh)
            pairs = np.array([known[text] for text in queries], dtype=np.float32)
            out[key] = (pairs[:, :1], pairs[:, 1:])
        return out

    def _learned_model(self):
        """The saved LearnedFusion when it applies (see ``fusion``), else None."""
        from matcher.text.encoders.learned_fusion import ENCODERS, load_model

        if self.fusion != "learned" or self.weights is not None:
            return None
        if set(self.encoders_) != set(ENCODERS):
            return None
        return load_model()

    def query_features(self, queries: Sequence[str]) -> np.ndarray:
        """The learned fusion's features of each query (``learned_fusion.QUERY_FEATURES``)."""
        from matcher.text.encoders.learned_fusion import query_features

        check_is_fitted(self, "embeddings_")
        queries = check_texts(queries)
        langs = self._languages(queries)
        translated = self._translate(queries, langs)
        return query_features(queries, langs, translated, self._readable(translated))

    def _fusion_weights(self, queries: list[str], langs: list[str]) -> dict[str, np.ndarray]:
        """Each encoder's vote per query (before normalising to shares)."""
        translated = self._translate(queries, langs)
        coverage = self._coverage(translated)
        model = getattr(self, "fusion_model_", None)
        if model is not None:
            from matcher.text.encoders.learned_fusion import ENCODERS, query_features

            readable = self._readable(translated, coverage)
            shares = model.query_weights(query_features(queries, langs, translated, readable))
            return {key: shares[:, ENCODERS.index(key)] for key in self.encoders_}
        table = self.weights if self.weights is not None else DEFAULT_WEIGHTS
        english_only = registry.english_only()
        weights = {}
        for key in self.encoders_:
            w = np.array([table.get(lang, {}).get(key, 1.0) for lang in langs])
            weights[key] = w * coverage if key in english_only else w
        # A query no encoder can read (no word known, no multilingual encoder) keeps its
        # plain weights rather than none.
        none_left = sum(weights.values()) <= 0
        for key in self.encoders_:
            plain = np.array([table.get(lang, {}).get(key, 1.0) for lang in langs])
            weights[key] = np.where(none_left, plain, weights[key])
        return weights

    def _score_chunk(
        self, queries: list[str], cand: np.ndarray | None = None, bars: dict | None = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Fused scores of a chunk of queries, and their agreement under ``bars`` (see
        :meth:`score_with_agreement`; ``None`` without bars)."""
        width = self.n_candidates_ if cand is None else len(cand)
        if not queries:
            return np.zeros((0, width), dtype=np.float32), _agreement({}, bars, (0, width))
        if cand is not None and self._needs_full_rows():
            z, agree = self._score_chunk(queries, None, bars)
            return z[:, cand], None if agree is None else agree[:, cand]
        batch = self._batch(queries)
        names = None if cand is None else self._names_of(cand)
        parts = {key: self._candidate_scores(q, key, names) for key, q in batch.vectors.items()}
        fused = self._fuse(queries, batch, parts, whole_rows=cand is None)
        return fused, _agreement(parts, bars, (len(queries), width))

    def gives_zscores(self) -> bool:
        """Whether :meth:`score` gives per-query z-scores (several encoders fused, the
        default) rather than one encoder's cosines."""
        check_is_fitted(self, "embeddings_")
        return len(self.encoders_) > 1 and Calibration.parse(self.calibration) is Calibration.ZSCORE

    def _needs_full_rows(self) -> bool:
        """Fused z-scores over every candidate: a subset is scored by cutting full rows."""
        zscore = Calibration.parse(self.calibration) is Calibration.ZSCORE
        return self.reference_ is None and zscore and len(self.encoders_) > 1

    def _fuse(self, queries, batch: QueryBatch, parts, whole_rows: bool) -> np.ndarray:
        """The encoders' ``parts`` fused. With a reference sample, z-scores use its
        statistics: read from the parts when they hold every candidate (``whole_rows``),
        else computed (and remembered) per query."""
        if len(parts) == 1:
            return next(iter(parts.values()))
        stats = None
        if (
            self.reference_ is not None
            and Calibration.parse(self.calibration) is Calibration.ZSCORE
        ):
            if whole_rows:
                stats = {key: row_stats(p[:, self.reference_]) for key, p in parts.items()}
            else:
                stats = self._reference_stats(queries, batch.vectors)
        return fuse_scores(parts, batch.votes, self.calibration, stats)

    # ----------------------------------------------------------- linear surrogate
    def surrogate_items(self) -> np.ndarray:
        """Candidate side of :meth:`surrogate_queries`, shape ``(n_candidates, d)``.

        Per dense encoder, side by side: half the candidate's own text (its first name,
        the one the best-name maximum picks for long profile queries) and half the mean
        of all its names. Measured on 50,000 vacancies with the real encoders, this kept
        the exact top-10 for 87% of people, against 70% for the plain mean of names."""
        check_is_fitted(self, "embeddings_")
        cached = self._subset_cache.get("surrogate_items")
        if cached is not None:
            return cached
        counts = np.diff(np.append(self.alias_starts_, len(self.alias_texts_)))
        owner = np.repeat(np.arange(self.n_candidates_), counts)
        average = sp.csr_matrix(
            ((1.0 / counts[owner]).astype(np.float32), (owner, self.name_to_unique_)),
            shape=(self.n_candidates_, int(self.name_to_unique_.max()) + 1),
        )  # duplicate (owner, name) entries add up, as averaging wants
        own = self.name_to_unique_[self.alias_starts_]  # each candidate's first name
        dense = [emb for emb in self.embeddings_.values() if not sp.issparse(emb)]
        ends = np.cumsum([0] + [emb.shape[1] for emb in dense])
        # Written in place, an encoder per worker thread: fresh pages are what this costs
        # (1.3 s at 50,000 vacancies with temporaries, first call of a batch).
        out = np.empty((self.n_candidates_, int(ends[-1])), dtype=np.float32)

        def fill(k: int) -> None:
            block = out[:, ends[k] : ends[k + 1]]
            if dense[k].dtype == np.float32:
                np.take(dense[k], own, axis=0, out=block)
            else:
                block[...] = dense[k][own]
            for lo in range(0, len(block), 8192):  # temporaries of 8,192 rows, not all
                block[lo : lo + 8192] += average[lo : lo + 8192] @ dense[k]
            block *= 0.5

        run_each(fill, range(len(dense)))
        self._subset_cache["surrogate_items"] = out
        return out

    def surrogate_queries(self, queries: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Query side of a linear stand-in for :meth:`score`, for shortlisting.

        Returns ``(vectors, offset)``: ``vectors @ surrogate_items().T - offset[:, None]``
        estimates ``score(queries)``. It leaves out sparse encoders (TF-IDF: their z-score
        counts as 0, their average) and the best-name maximum (see :meth:`surrogate_items`);
        with dense encoders only and one name per candidate it is exact.
        Each dense encoder's block is weighted by its fusion share over its z-score
        scale, as in :meth:`score`, and ``offset`` holds the z-scores' means.
        """
        check_is_fitted(self, "embeddings_")
        queries = check_texts(queries)
        dense = [k for k, e in self.embeddings_.items() if not sp.issparse(e)]
        dims = sum(self.embeddings_[k].shape[1] for k in dense)
        out = np.zeros((len(queries), dims), dtype=np.float32)
        offset = np.zeros(len(queries), dtype=np.float32)
        zscore = Calibration.parse(self.calibration) is Calibration.ZSCORE
        # Against a reference sample (a few thousand names, not every candidate's) a
        # chunk costs little memory, and the statistics' products run 2-6x faster per
        # query at 1,024 rows than at 64-256 (TF-IDF's 4,595 x 2,171 reference).
        step = int(self.chunk_size) if self.reference_ is None else max(int(self.chunk_size), 1024)
        for lo in range(0, len(queries), step):
            chunk = queries[lo : lo + step]
            batch = self._batch(chunk)
            vectors = {k: batch.vectors[k] for k in dense}
            weights = {k: np.clip(w, 0, None) for k, w in batch.votes.items()}
            total = np.clip(sum(weights.values()), 1e-12, None)
            stats = None
            if zscore and len(self.encoders_) > 1:
                if self.reference_ is not None:
                    # Every encoder's statistics, though only the dense ones are used
                    # here: the memo then holds them for the exact scoring of the
                    # person's shortlist, where a group of 64 people costs TF-IDF 4x
                    # more per person than this chunk (measured, 20,000 people).
                    stats = self._reference_stats(chunk, batch.vectors)
                else:
                    stats = {k: row_stats(self._candidate_scores(q, k)) for k, q in vectors.items()}
            col = 0
            for key in dense:
                q = np.asarray(vectors[key], dtype=np.float32)
                share = weights[key] / total
                if len(self.encoders_) == 1:
                    share = np.ones(len(chunk))
                elif stats is not None:
                    # As in standardise_rows: a constant row carries no information.
                    mean, std = (x.ravel() for x in stats[key])
                    share = np.where(std < 1e-6, 0.0, share / np.maximum(std, 1e-6))
                    offset[lo : lo + len(chunk)] += share * mean
                out[lo : lo + len(chunk), col : col + q.shape[1]] = q * share[:, None]
                col += q.shape[1]
        return out, offset


def _agreement(parts: Mapping[str, np.ndarray], bars: dict | None, shape) -> np.ndarray | None:
    """Where some encoder named in ``bars`` scores the pair at least its bar (all true
    when none of them scored: another encoder, or a fake one in tests); ``None`` without
    bars."""
    if bars is None:
        return None
    out = np.zeros(shape, dtype=bool)
    gated = [key for key in bars if key in parts]
    if not gated:
        out[...] = True
    for key in gated:
        out |= np.asarray(parts[key]) >= np.float32(bars[key])
    return out


def _english_share(texts: Sequence[str], limit: int = 5000) -> float:
    """Share of the words of (at most ``limit``, evenly spread) texts that are English
    words of MiniLM's vocabulary; 1 when there are no words."""
    step = max(1, len(texts) // limit)
    words = [w for t in texts[::step] for w in _WORD.findall(t.lower())]
    if not words:
        return 1.0
    english = english_words()
    if not english:  # no vocabulary to tell: assume readable, as before
        return 1.0
    return sum(w in english for w in words) / len(words)


def _read_table(path: str | Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    path = Path(path)
    if not path.exists():
        raise FileFormatError(str(path), "file not found")
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        columns = [c.strip() for c in reader.fieldnames or []]
        missing = [c for c in required if c not in columns]
        if missing:
            raise FileFormatError(
                str(path), f"missing column(s) {missing}; found {columns}, need {list(required)}"
            )
        rows = [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in reader]
    problems = [
        RowProblem(path.name, i + 2, col, row[col], "a non-empty value")
        for i, row in enumerate(rows)
        for col in required
        if not row[col]
    ]
    if problems:
        raise ValidationError(problems)
    return rows


def bulk_rank(
    queries_csv: str | Path,
    candidates_csv: str | Path,
    top_k: int,
    out_csv: str | Path,
    encoder: str | EncoderName | Encoder = "default",
    chunk_size: int = 256,
) -> Path:
    """Rank candidates for every query and write ``query_id,rank,candidate_id,score``.

    ``queries_csv`` has columns ``id,text``; ``candidates_csv`` has ``id,text`` and an
    optional ``aliases`` column of alternative names separated by ``|``. Ranks start at 1.
    Errors name the file, row and column (missing column, empty id or text).
    """
    queries = _read_table(queries_csv, ("id", "text"))
    candidates = _read_table(candidates_csv, ("id", "text"))
    aliases = [
        [a.strip() for a in c.get("aliases", "").split("|") if a.strip()] for c in candidates
    ]
    matcher = TextMatcher(encoder=encoder, chunk_size=chunk_size)
    matcher.fit([c["text"] for c in candidates], aliases)
    idx, scores = matcher.search([q["text"] for q in queries], top_k=top_k)
    out = Path(out_csv)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["query_id", "rank", "candidate_id", "score"])
        for q, row_idx, row_scores in zip(queries, idx, scores, strict=True):
            for rank, (j, s) in enumerate(zip(row_idx, row_scores, strict=True), start=1):
                writer.writerow([q["id"], rank, candidates[j]["id"], f"{s:.6f}"])
    return out
