"""A learned re-ranker of a phrase's candidate concepts: P(right) from evidence features.

A scikit-learn estimator: standardise the features, fit an L2 logistic regression, and
fold the standardisation back into one coefficient vector, so the fitted model is a
:class:`~matcher.text.skills.confidence.SkillConfidence` (a few reviewable numbers in
JSON) and scoring a candidate is one dot product.

Examples
--------
>>> import numpy as np
>>> x = np.array([[0.9, 0.1], [0.2, 0.8], [0.8, 0.3], [0.1, 0.9]])
>>> model = SkillReranker().fit(x, [1, 0, 1, 0])
>>> bool(model.predict_proba(x)[0, 1] > 0.5)
True
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.multiclass import unique_labels
from sklearn.utils.validation import check_is_fitted, validate_data

from matcher.text.skills.confidence import SkillConfidence


class SkillReranker(ClassifierMixin, BaseEstimator):
    """Logistic P(candidate concept is right) over standardised evidence features.

    Parameters
    ----------
    C : float
        Inverse L2 penalty of the logistic regression.
    class_weight : dict, "balanced" or None
        Passed to the logistic regression; pseudo-queries have one right concept among
        dozens of candidates, and the bar, not the weights, decides what is claimed.
    """

    def __init__(self, C: float = 1.0, class_weight: dict | str | None = None):
        self.C = C
        self.class_weight = class_weight

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False  # right or wrong, nothing else
        return tags

    def fit(self, X, y, sample_weight=None) -> SkillReranker:
        X, y = validate_data(self, X, y)
        self.classes_ = unique_labels(y)
        if len(self.classes_) != 2:
            # The wording scikit-learn's contract checks expect of a binary-only classifier.
            got = "one class" if len(self.classes_) == 1 else f"{len(self.classes_)} classes"
            raise ValueError(
                f"Only binary classification is supported: SkillReranker needs right and "
                f"wrong candidates; got {got} {list(self.classes_)}"
            )
        w = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if w is not None and not w.sum() > 0:
            raise ValueError("Sample weights must contain at least one non-zero number.")
        mean = np.average(X, axis=0, weights=w)
        scale = np.sqrt(np.average((X - mean) ** 2, axis=0, weights=w))
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=float(self.C), class_weight=self.class_weight, max_iter=2000)
        model.fit((X - mean) / scale, y, sample_weight=sample_weight)
        self.coef_ = model.coef_[0] / scale
        self.intercept_ = float(model.intercept_[0] - np.sum(model.coef_[0] * mean / scale))
        return self

    def decision_function(self, X) -> np.ndarray:
        check_is_fitted(self, "coef_")
        X = validate_data(self, X, reset=False)
        return X @ self.coef_ + self.intercept_

    def predict_proba(self, X) -> np.ndarray:
        z = self.decision_function(X)
        p = 1.0 / (1.0 + np.exp(-z))
        return np.column_stack([1.0 - p, p])

    def predict(self, X) -> np.ndarray:
        check_is_fitted(self, "coef_")
        return self.classes_[(self.decision_function(X) > 0).astype(int)]

    def to_confidence(self, bar: float, extra_bar: float = 1.0, fitted_on: str = ""):
        """The fitted model as the normaliser's :class:`SkillConfidence`."""
        check_is_fitted(self, "coef_")
        return SkillConfidence(
            tuple(float(c) for c in self.coef_), self.intercept_, bar, fitted_on, extra_bar
        )
