"""Learning from counselors: pair features, the estimator, decisions as data, training,
simulated counselors and one-call retraining. The engine-facing part (load, save,
rescore) is :mod:`matcher.ranker`.
"""

from __future__ import annotations

from matcher.ranking.dataset import Dataset, build_dataset, decisions_hash, mean_ndcg
from matcher.ranking.estimator import CounselorRanker
from matcher.ranking.features import FEATURE_NAMES, FEATURE_SCHEMA
from matcher.ranking.retrain import RetrainReport, retrain, retrain_from_db, retrain_simulated
from matcher.ranking.train import NotEnoughDecisions, evaluate, fit, learning_curve, train_ranker

__all__ = [
    "FEATURE_NAMES",
    "FEATURE_SCHEMA",
    "CounselorRanker",
    "Dataset",
    "NotEnoughDecisions",
    "RetrainReport",
    "build_dataset",
    "decisions_hash",
    "evaluate",
    "fit",
    "learning_curve",
    "mean_ndcg",
    "retrain",
    "retrain_from_db",
    "retrain_simulated",
    "train_ranker",
]
