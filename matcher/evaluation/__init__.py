"""Public-data evaluation: ESCO, O*NET, skill spans and the Indonesian dev set."""

from __future__ import annotations

from matcher.evaluation.metrics import METRICS, evaluate_scores, ranking_metrics, relevant_ranks
from matcher.evaluation.runner import Method, method_scores, pivot, run_evaluation
from matcher.evaluation.tasks import Task, TaskName, build_task

__all__ = [
    "METRICS",
    "Method",
    "Task",
    "TaskName",
    "build_task",
    "evaluate_scores",
    "method_scores",
    "pivot",
    "ranking_metrics",
    "relevant_ranks",
    "run_evaluation",
]
