"""Learned fusion: per-query encoder weights from query features, fitted listwise.

The default matcher adds each encoder's per-query z-scores with weights. Fixed weights
(1:1:1 for English, 1:1:2 for Indonesian) lose to the best single encoder where one
encoder is clearly better for that kind of text (MiniLM on long English text, USE on
languages the English-only encoders cannot read). Here the weight of encoder ``k`` for a
query with features ``f`` is ``exp(theta_k . f)``: always positive, equal (the old 1:1:1)
when ``theta`` is zero, and the fused score stays a weighted mean of z-scores, so
everything built on it (reference statistics, the linear stand-in, the engine's score
scale) keeps working.

``theta`` is fitted on (query, candidate) rows of dev tasks by a listwise softmax loss:
for each query, the probability mass the fused scores put on its relevant candidates
among the top candidates of every encoder. Each task weighs the same in the loss; an L2
penalty pulls ``theta`` toward zero (equal weights). ``matcher/evaluation/fusion_fit.py``
builds the rows, chooses the penalty by leave-one-task-out cross-validation, and saves
the model to ``matcher/resources/fusion/``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_array, check_is_fitted

from matcher.text.language import Language

# Query features, in this order. The router's language, the query length, how much of it
# the glossary rewrote, and how much of the (rewritten) query the English-only encoders
# can read (the log of the share, so a weight exp(theta * log share) = share**theta
# includes the old coverage rule as theta = 1).
QUERY_FEATURES = ("bias", "lang_id", "lang_other", "log_words", "glossary_share", "log_coverage")
ENCODERS = ("tfidf", "minilm", "use")
MODEL_DIR = Path(__file__).resolve().parents[2] / "resources" / "fusion"
_WORD = re.compile(r"[^\W\d_]{2,}")
_MIN_COVERAGE = 0.05


def query_features(
    queries: Sequence[str],
    langs: Sequence[str],
    translated: Sequence[str],
    coverage: Sequence[float],
) -> np.ndarray:
    """The ``QUERY_FEATURES`` of each query, shape ``(n, len(QUERY_FEATURES))``.

    ``translated`` is what the English-only encoders read (the rendering of an
    Indonesian query, else the query); ``coverage`` the share of its words they know.
    """
    out = np.zeros((len(queries), len(QUERY_FEATURES)), dtype=np.float64)
    for i, (q, lang, t, cov) in enumerate(zip(queries, langs, translated, coverage, strict=True)):
        words = _WORD.findall(q.lower())
        rendered = set(_WORD.findall(t.lower()))
        out[i] = (
            1.0,
            lang == Language.ID.value,
            lang == Language.OTHER.value,
            np.log1p(len(words)),
            (sum(w not in rendered for w in words) / len(words)) if words else 0.0,
            np.log(max(float(cov), _MIN_COVERAGE)),
        )
    return out


class LearnedFusion(BaseEstimator):
    """Per-query weights of several encoders' z-scores, fitted listwise on ranking data.

    ``X`` holds one row per (query, candidate): the first ``n_scores`` columns are the
    encoders' z-scores of that candidate, the rest the query's features (equal on every
    row of one query). ``y`` is 1 for a relevant candidate, else 0; ``groups`` names the
    query of each row (rows of one query together). ``sample_weight`` weighs queries
    (its value on a query's first row is used).

    Parameters
    ----------
    n_scores : int
        How many leading columns of ``X`` are encoder scores.
    alpha : float
        L2 penalty on the weight parameters (larger: closer to equal weights).
    max_iter : int
        L-BFGS iterations.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[2.0, 0.0, 1.0], [0.0, 2.0, 1.0], [1.0, 0.0, 1.0], [0.0, 1.5, 1.0]])
    >>> model = LearnedFusion(n_scores=2).fit(X, [1, 0, 1, 0], groups=[0, 0, 1, 1])
    >>> bool(model.query_weights(X[:1, 2:])[0, 0] > 0.5)
    True
    """

    def __init__(self, n_scores: int = 3, alpha: float = 1.0, max_iter: int = 500):
        self.n_scores = n_scores
        self.alpha = alpha
        self.max_iter = max_iter

    # ------------------------------------------------------------------ fitting
    def _split(self, X) -> tuple[np.ndarray, np.ndarray]:
        X = check_array(X, dtype=np.float64)
        k = int(self.n_scores)
        if not 1 <= k < X.shape[1]:
            raise ValueError(
                f"n_scores={self.n_scores} with {X.shape[1]} columns; allowed: 1 <= n_scores "
                "< n_columns (score columns first, then at least one query feature)"
            )
        return X[:, :k], X[:, k:]

    def fit(self, X, y, groups=None, sample_weight=None) -> LearnedFusion:
        """Fit ``theta`` (``coef_``, shape ``(n_scores, n_features)``) and return self."""
        if float(self.alpha) < 0:
            raise ValueError(f"alpha={self.alpha}; allowed: a number >= 0")
        Z, F = self._split(X)
        y = np.asarray(y, dtype=np.float64).ravel()
        if len(y) != len(Z):
            raise ValueError(f"y has {len(y)} values for {len(Z)} rows of X")
        if ((y != 0) & (y != 1)).any():
            raise ValueError("y: allowed values are 0 (not relevant) and 1 (relevant)")
        groups = np.zeros(len(y), dtype=np.int64) if groups is None else np.asarray(groups)
        if len(groups) != len(y):
            raise ValueError(f"groups has {len(groups)} values for {len(y)} rows")
        starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        if len(np.unique(groups)) != len(starts):
            raise ValueError("groups: the rows of one query must be next to each other")
        weight = np.ones(len(starts)) if sample_weight is None else np.asarray(sample_weight)
        weight = np.asarray(weight, dtype=np.float64)
        weight = weight[starts] if len(weight) == len(y) else weight
        has_rel = np.add.reduceat(y, starts) > 0
        # Only queries with a relevant row and a non-relevant one teach anything.
        has_other = np.add.reduceat(1.0 - y, starts) > 0
        keep_q = has_rel & has_other
        self.n_features_in_ = Z.shape[1] + F.shape[1]
        self.coef_ = np.zeros((Z.shape[1], F.shape[1]))
        if not keep_q.any():
            return self
        keep_rows = np.repeat(keep_q, np.diff(np.r_[starts, len(y)]))
        Z, F, y = Z[keep_rows], F[keep_rows], y[keep_rows]
        counts = np.diff(np.r_[starts, len(keep_rows)])[keep_q]
        starts = np.r_[0, np.cumsum(counts)[:-1]]
        qw = weight[keep_q] / weight[keep_q].sum()
        row_q = np.repeat(np.arange(len(starts)), counts)
        shape = self.coef_.shape

        def loss(theta_flat: np.ndarray) -> tuple[float, np.ndarray]:
            theta = theta_flat.reshape(shape)
            w = np.exp(np.clip(F @ theta.T, -30, 30))  # (rows, k)
            s = (w * Z).sum(axis=1)
            # log-sum-exp over all rows and over the relevant ones, each shifted by its
            # own maximum: a relevant row far below the top would underflow to 0 (log 0).
            log_total = _log_sum_exp(s, starts)
            log_rel = _log_sum_exp(np.where(y > 0, s, -np.inf), starts)
            value = float(qw @ (log_total - log_rel))
            d_s = qw[row_q] * (
                np.exp(s - log_total[row_q]) - y * np.exp(np.minimum(s - log_rel[row_q], 0.0))
            )
            grad = ((d_s[:, None] * w * Z).T @ F).ravel()
            value += 0.5 * float(self.alpha) * float(theta_flat @ theta_flat)
            return value, grad + float(self.alpha) * theta_flat

        result = minimize(
            loss,
            np.zeros(self.coef_.size),
            jac=True,
            method="L-BFGS-B",
            options={"maxiter": int(self.max_iter)},
        )
        self.coef_ = result.x.reshape(shape)
        self.n_iter_ = int(result.nit)
        return self

    # --------------------------------------------------------------- predicting
    def query_weights(self, features) -> np.ndarray:
        """Each encoder's share of the vote for queries with these features, shape
        ``(n, n_scores)``; rows sum to 1."""
        check_is_fitted(self, "coef_")
        F = check_array(features, dtype=np.float64)
        if F.shape[1] != self.coef_.shape[1]:
            raise ValueError(
                f"features have {F.shape[1]} columns; allowed: {self.coef_.shape[1]} "
                f"(the features the model was fitted on)"
            )
        logits = F @ self.coef_.T
        w = np.exp(logits - logits.max(axis=1, keepdims=True))
        return w / w.sum(axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        """Fused score of each row: the weighted mean of its encoder z-scores."""
        check_is_fitted(self, "coef_")
        Z, F = self._split(X)
        if Z.shape[1] + F.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {Z.shape[1] + F.shape[1]} columns; allowed: {self.n_features_in_}"
            )
        return (self.query_weights(F) * Z).sum(axis=1)


# ---------------------------------------------------------------------- storage
def save_model(
    model: LearnedFusion, folder: str | Path = MODEL_DIR, details: dict | None = None
) -> Path:
    """Write ``fusion.joblib`` and ``manifest.json`` (versions, features, data, date)."""
    import joblib
    import sklearn

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fusion.joblib"
    joblib.dump(model, path)
    manifest = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "model": "LearnedFusion",
        "encoders": list(ENCODERS),
        "query_features": list(QUERY_FEATURES),
        "params": model.get_params(),
        "coef": np.round(model.coef_, 6).tolist(),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "rebuild": "python -m matcher fit-fusion",
    } | (details or {})
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return path


_LOADED: dict[str, LearnedFusion | None] = {}


def load_model(folder: str | Path = MODEL_DIR) -> LearnedFusion | None:
    """The saved model, or None when there is none. Its coefficients are checked against
    the manifest's encoders and features, so a stale file is refused, not misused."""
    folder = Path(folder)
    key = str(folder.resolve())
    if key in _LOADED:
        return _LOADED[key]
    path, manifest_path = folder / "fusion.joblib", folder / "manifest.json"
    model = None
    if path.exists() and manifest_path.exists():
        import joblib

        manifest = json.loads(manifest_path.read_text())
        if manifest.get("sha256") != hashlib.sha256(path.read_bytes()).hexdigest():
            raise ValueError(f"{path}: does not match its manifest (sha256); rebuild it")
        if (
            tuple(manifest["encoders"]) != ENCODERS
            or tuple(manifest["query_features"]) != QUERY_FEATURES
        ):
            raise ValueError(
                f"{path}: fitted for encoders {manifest['encoders']} and features "
                f"{manifest['query_features']}; this code uses {list(ENCODERS)} and "
                f"{list(QUERY_FEATURES)}. Rebuild it: python -m matcher fit-fusion"
            )
        model = joblib.load(path)
        check_is_fitted(model, "coef_")
        if model.coef_.shape != (len(ENCODERS), len(QUERY_FEATURES)):
            raise ValueError(
                f"{path}: coefficients of shape {model.coef_.shape}; this code needs "
                f"{(len(ENCODERS), len(QUERY_FEATURES))}. Rebuild it: python -m matcher fit-fusion"
            )
    _LOADED[key] = model
    return model


def _log_sum_exp(s: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """log(sum(exp(s))) of each group of rows starting at ``starts`` (-inf rows add 0)."""
    top = np.maximum.reduceat(s, starts)
    row_top = np.repeat(top, np.diff(np.r_[starts, len(s)]))
    return top + np.log(np.add.reduceat(np.exp(s - row_top), starts))
