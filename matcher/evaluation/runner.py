"""Run every method on every task and tabulate Recall@k, MRR and nDCG@10.

``python -m matcher evaluate`` calls ``run_evaluation``. Candidate embeddings go through the
on-disk cache, so a second run only encodes what changed.
"""

from __future__ import annotations

import json
import logging
import platform
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from matcher.errors import OptionEnum, OptionError
from matcher.evaluation.bm25 import Bm25Matcher
from matcher.evaluation.metrics import METRICS, evaluate_scores
from matcher.evaluation.tasks import DEFAULT_LIMIT, Task, TaskName, build_task
from matcher.text.retrieval import TextMatcher

log = logging.getLogger(__name__)
REPRODUCE = "python -m matcher evaluate --seed 0 --out data/eval/results.json"


class Method(OptionEnum):
    """Ranking methods compared side by side."""

    __option__ = "method"

    TFIDF = "tfidf"
    BM25 = "bm25"
    MINILM = "minilm"
    USE = "use"
    FIXED = "fixed"  # the default's three encoders with fixed per-language weights
    DEFAULT = "default"


def method_scores(method: str | Method, task: Task) -> np.ndarray:
    """Score matrix ``(n_queries, n_candidates)`` of one method on one task."""
    method = Method.parse(method)
    if method is Method.BM25:
        model = Bm25Matcher().fit(task.candidates, task.aliases)
    elif method is Method.FIXED:
        model = TextMatcher(encoder="default", fusion="fixed").fit(task.candidates, task.aliases)
    else:
        model = TextMatcher(encoder=method.value).fit(task.candidates, task.aliases)
    return model.score(task.queries)


def run_evaluation(
    tasks: Sequence[str] | None = None,
    methods: Sequence[str] | None = None,
    limit: int | None = None,
    seed: int = 0,
    out: str | Path | None = None,
) -> pd.DataFrame:
    """Evaluate ``methods`` on ``tasks``; one row per (task, method).

    Parameters
    ----------
    tasks, methods : names or None
        ``None`` runs all (see ``TaskName`` and ``Method``).
    limit : int or None
        Queries per task (a fixed-seed subsample); ``None`` means ``DEFAULT_LIMIT``.
    seed : int
        Seed of the subsample and of the skill choice in the ESCO skills task.
    out : path or None
        Also write the table and run details as JSON there.
    """
    task_names = [TaskName.parse(t) for t in (tasks or list(TaskName))]
    method_names = [Method.parse(m) for m in (methods or list(Method))]
    limit = DEFAULT_LIMIT if limit is None else int(limit)
    if limit < 1:
        raise ValueError(f"limit={limit}; allowed: an integer >= 1")
    rows = []
    for name in task_names:
        task = build_task(name, limit=limit, seed=seed)
        for method in method_names:
            start = time.perf_counter()
            scores = method_scores(method, task)
            row = {"task": task.name, "method": method.value, "n_queries": len(task.queries)}
            row |= evaluate_scores(scores, task.relevant)
            row["seconds"] = round(time.perf_counter() - start, 1)
            log.info("%s %s mrr=%.3f (%.0fs)", task.name, method.value, row["mrr"], row["seconds"])
            rows.append(row)
    table = pd.DataFrame(rows, columns=["task", "method", "n_queries", *METRICS, "seconds"])
    if out is not None:
        write_results(table, out, limit=limit, seed=seed)
    return table


def write_results(table: pd.DataFrame, path: str | Path, limit: int, seed: int) -> Path:
    """Write the results table with what is needed to reproduce it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "limit": limit,
        "seed": seed,
        "python": platform.python_version(),
        "reproduce": REPRODUCE,
        "results": table.to_dict(orient="records"),
    }
    path.write_text(json.dumps(doc, indent=2))
    return path


def pivot(table: pd.DataFrame, metric: str = "mrr") -> pd.DataFrame:
    """Task x method table of one metric."""
    if metric not in METRICS:
        raise OptionError("metric", metric, list(METRICS))
    return table.pivot(index="task", columns="method", values=metric)


def markdown_table(
    table: pd.DataFrame, metrics: Sequence[str] = ("mrr", "recall@1", "ndcg@10")
) -> str:
    """Task x method tables (one per metric) in Markdown, the best value per task in bold."""
    order = [m.value for m in Method if m.value in set(table["method"])]
    parts = []
    for metric in metrics:
        wide = pivot(table, metric)[order]
        lines = [f"**{metric}**", "", "| task | " + " | ".join(order) + " |"]
        lines.append("|---|" + "---:|" * len(order))
        for task, row in wide.iterrows():
            best = row.max()
            cells = [f"**{v:.3f}**" if v == best else f"{v:.3f}" for v in row]
            lines.append(f"| {task} | " + " | ".join(cells) + " |")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)
