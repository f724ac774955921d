"""CounselorRanker: a scikit-learn classifier of "would a counselor keep this pair?".

Logistic regression on standardised pair features, pointwise or (given the list each
row was shown in) pairwise within lists. The model is linear, so
once fitted its scaler is folded into one weight per raw feature (``coef_``,
``intercept_``): the engine can then score a (p, o) block feature by feature without
building a (p, o, F) matrix, and the weights read directly as "what counselors prefer".
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, clipped at +-30 so it never overflows."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


class CounselorRanker(ClassifierMixin, BaseEstimator):
    """Logistic regression on standardised features, with weights in raw feature units.

    Parameters
    ----------
    C : float, default=1.0
        Inverse L2 regularisation strength (smaller = closer to the hand-set prior,
        since the hand-set score is one of the features).
    class_weight : dict, "balanced" or None, default=None
        As for :class:`~sklearn.linear_model.LogisticRegression`.
    max_iter : int, default=1000

    Attributes
    ----------
    classes_ : ndarray
    coef_ : ndarray of shape (n_features_in_,) for two classes, else (n_classes, n_features)
        Weights on the raw (unscaled) features.
    intercept_ : float or ndarray
    n_iter_ : ndarray
    n_features_in_ : int
    feature_names_in_ : ndarray, only when fitted on a DataFrame with column names

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> model = CounselorRanker().fit(X, [0, 0, 1, 1])
    >>> bool(model.coef_[0] > 0)
    True
    """

    def __init__(
        self, C: float = 1.0, class_weight: dict | str | None = None, max_iter: int = 1000
    ):
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter

    def fit(self, X, y, groups=None, sample_weight=None) -> CounselorRanker:
        """Fit on features ``X`` (n, F) and labels ``y`` (1 = kept, 0 = rejected).

        Parameters
        ----------
        X : array-like of shape (n, F)
        y : array-like of shape (n,)
        groups : array-like of shape (n,), optional
            The list each row was shown in. When given (two classes only), the weights
            are learned *pairwise*: from every kept-versus-rejected pair within a list
            (a RankNet-style logistic loss on feature differences), which is what
            ordering a list needs; a one-feature logistic fit then maps the ranking
            score to a probability of being kept. Without groups: plain pointwise
            logistic regression.
        sample_weight : array-like of shape (n,), optional
            A pair weighs the product of its two rows' weights.
        """
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        w = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        self.scaler_ = StandardScaler().fit(X, sample_weight=w)
        Z = self.scaler_.transform(X)
        self.classes_ = np.unique(y)
        if groups is None:
            self.model_ = LogisticRegression(
                C=self.C, class_weight=self.class_weight, max_iter=self.max_iter
            ).fit(Z, y, sample_weight=w)
            coef, intercept = self.model_.coef_, self.model_.intercept_
            self.n_iter_ = self.model_.n_iter_
        else:
            coef, intercept = self._fit_pairwise(Z, y, np.asarray(groups), w)
        coef = coef / self.scaler_.scale_[None, :]
        intercept = intercept - coef @ self.scaler_.mean_
        if len(self.classes_) == 2:
            self.coef_, self.intercept_ = coef[0], float(intercept[0])
        else:
            self.coef_, self.intercept_ = coef, intercept
        return self

    def _fit_pairwise(self, Z, y, groups, w):
        if len(self.classes_) != 2:
            raise ValueError(f"pairwise fit needs two classes, got {self.classes_.tolist()}")
        if len(groups) != len(y):
            raise ValueError(f"groups has {len(groups)} rows, X has {len(y)}")
        pos_label = self.classes_[1]
        first, second = _pairs(y == pos_label, groups)
        if not len(first):
            raise ValueError("no list holds both a kept and a rejected item: nothing to order")
        diff = Z[first] - Z[second]
        pair_w = np.ones(len(first)) if w is None else w[first] * w[second]
        # Both orientations, so the no-intercept logistic loss sees two balanced classes.
        rank = LogisticRegression(C=self.C, fit_intercept=False, max_iter=self.max_iter).fit(
            np.vstack([diff, -diff]),
            np.r_[np.ones(len(diff)), np.zeros(len(diff))],
            sample_weight=np.r_[pair_w, pair_w],
        )
        direction = rank.coef_[0]
        calib = LogisticRegression(max_iter=self.max_iter).fit(
            (Z @ direction)[:, None], y == pos_label, sample_weight=w
        )
        self.model_ = rank
        self.n_iter_ = rank.n_iter_
        scale = float(calib.coef_[0, 0])
        return scale * direction[None, :], calib.intercept_

    def decision_function(self, X) -> np.ndarray:
        """Log-odds that a counselor keeps each pair (one column per class if more than 2)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return X @ np.asarray(self.coef_).T + self.intercept_

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        if len(self.classes_) != 2:
            return self.model_.predict_proba(self.scaler_.transform(X))
        p = sigmoid(X @ self.coef_ + self.intercept_)
        return np.column_stack([1.0 - p, p])

    def predict(self, X) -> np.ndarray:
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


def _pairs(positive: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row indices (kept, rejected) of every such pair within the same group."""
    firsts, seconds = [], []
    order = np.argsort(groups, kind="stable")
    bounds = np.flatnonzero(groups[order][1:] != groups[order][:-1]) + 1
    for rows in np.split(order, bounds):  # one list at a time, pairs built by broadcasting
        pos, neg = rows[positive[rows]], rows[~positive[rows]]
        if len(pos) and len(neg):
            firsts.append(np.repeat(pos, len(neg)))
            seconds.append(np.tile(neg, len(pos)))
    if not firsts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(firsts), np.concatenate(seconds)
