"""Learning from counselors.

* :mod:`~matcher.ranking.features` pair features (score parts + who/what the pair is)
* :mod:`~matcher.ranking.estimator` ``CounselorRanker``, a scikit-learn classifier
* :mod:`~matcher.ranking.dataset` decision rows -> labelled pairs; nDCG
* :mod:`~matcher.ranking.train` fit, held-out evaluation, learning curves
* :mod:`~matcher.ranking.sim` simulated counselors with a hidden preference
* :mod:`~matcher.ranking.retrain` one-call retraining (database or simulated)

The engine-facing part (load, save, rescore) is :mod:`matcher.ranking.ranker`; this package's
``__init__`` imports nothing that imports it back.
"""

from __future__ import annotations

from matcher.ranking.dataset import Dataset, build_dataset, decisions_hash, mean_ndcg
from matcher.ranking.estimator import CounselorRanker
from matcher.ranking.features import FEATURE_NAMES, FEATURE_SCHEMA

__all__ = [
    "FEATURE_NAMES",
    "FEATURE_SCHEMA",
    "CounselorRanker",
    "Dataset",
    "build_dataset",
    "decisions_hash",
    "mean_ndcg",
]
