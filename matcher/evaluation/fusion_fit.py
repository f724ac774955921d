"""Fit the learned fusion on the dev tasks and measure it leave-one-task-out.

``python -m matcher fit-fusion`` runs :func:`fit_fusion`:

1. For every dev task, the default matcher's three encoders score every candidate for
   every query (with language routing: Indonesian queries translated for the English-only
   encoders), z-scored per query; plus the query features the model reads. Single
   encoders are scored as ``python -m matcher evaluate`` scores them (no routing).
2. Training rows: per query, the union of each encoder's top ``pool`` candidates and its
   relevant ones (where the ranking is decided).
3. Leave-one-task-out: for each penalty ``alpha`` in the grid and each task, the model is
   fitted on the other tasks and ranks the held-out task's full candidate set. The
   penalty kept is the one whose held-out MRR is at least the best single encoder's on
   the most tasks (then the highest mean held-out MRR).
4. The model with that penalty is fitted on every task and saved with its manifest
   (``matcher/resources/fusion/``); the LOTO table goes to ``data/eval/fusion_loto.json``.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from matcher import config
from matcher.evaluation.metrics import evaluate_scores
from matcher.evaluation.tasks import DEFAULT_LIMIT, TaskName, build_task
from matcher.text.encoders.fusion import fuse_scores, standardise_rows
from matcher.text.encoders.learned_fusion import ENCODERS, MODEL_DIR, LearnedFusion, save_model
from matcher.text.language import Language

log = logging.getLogger(__name__)
ALPHAS = (0.01, 0.1, 1.0)
POOL = 30
LOTO_JSON = config.DATA_DIR / "eval" / "fusion_loto.json"
# The fixed weights of the default before this model (the router said "en" for every
# query it did not call Indonesian): the "old fusion" column.
OLD_WEIGHTS = {
    Language.EN.value: {"tfidf": 1.0, "minilm": 1.0, "use": 1.0},
    Language.ID.value: {"tfidf": 1.0, "minilm": 1.0, "use": 2.0},
    Language.OTHER.value: {"tfidf": 1.0, "minilm": 1.0, "use": 1.0},
}


@dataclass
class TaskScores:
    """Everything the fit needs from one task, computed once."""

    name: str
    z: np.ndarray  # (n_encoders, n_queries, n_candidates) routed z-scores
    features: np.ndarray  # (n_queries, n_features)
    relevant: list[list[int]]
    langs: list[str]
    baselines: dict[str, dict[str, float]]  # method -> metrics


def task_scores(name: str, limit: int | None, seed: int) -> TaskScores:
    """Score one task with every encoder; baselines included."""
    from matcher.text.retrieval import DEFAULT_WEIGHTS, TextMatcher

    task = build_task(name, limit=limit, seed=seed)
    m = TextMatcher(encoder="default", fusion="fixed").fit(task.candidates, task.aliases)
    langs = m._languages(task.queries)
    routed = m.component_scores(task.queries)
    # Single encoders read queries and candidates as written, as each one alone does
    # (``python -m matcher evaluate``): no routing, no rendering on either side.
    alone = TextMatcher(encoder="default", fusion="fixed", route_language=False)
    plain = alone.fit(task.candidates, task.aliases).component_scores(task.queries)
    baselines = {key: evaluate_scores(plain[key], task.relevant) for key in ENCODERS}
    for label, table in (("old_fusion", OLD_WEIGHTS), ("fixed", DEFAULT_WEIGHTS)):
        m.weights = table
        fused = fuse_scores(routed, m._fusion_weights(task.queries, langs))
        baselines[label] = evaluate_scores(fused, task.relevant)
    m.weights = None
    z = np.stack([standardise_rows(routed[key]) for key in ENCODERS])
    return TaskScores(name, z, m.query_features(task.queries), task.relevant, langs, baselines)


def cached_task_scores(name: str, limit: int | None, seed: int, folder: Path | None):
    """``task_scores``, kept in ``folder`` (``.npz`` + ``.json``) when one is given, so a
    refit with other settings does not score the tasks again. The file name holds the
    task, limit and seed; delete the folder after changing encoders or tasks."""
    if folder is None:
        return task_scores(name, limit, seed)
    folder = Path(folder)
    stem = folder / f"{name}-{limit}-{seed}"
    if stem.with_suffix(".npz").exists() and stem.with_suffix(".json").exists():
        meta = json.loads(stem.with_suffix(".json").read_text())
        with np.load(stem.with_suffix(".npz"), allow_pickle=False) as arrays:
            return TaskScores(name, arrays["z"], arrays["features"], meta["relevant"],
                              meta["langs"], meta["baselines"])  # fmt: skip
    ts = task_scores(name, limit, seed)
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(stem.with_suffix(".npz"), z=ts.z, features=ts.features)
    meta = {"relevant": ts.relevant, "langs": ts.langs, "baselines": ts.baselines}
    stem.with_suffix(".json").write_text(json.dumps(meta))
    return ts


def training_rows(ts: TaskScores, pool: int = POOL):
    """``(X, y, groups)`` rows: each encoder's top ``pool`` candidates and the relevant."""
    X, y, groups = [], [], []
    for q in range(ts.z.shape[1]):
        cols = set(ts.relevant[q])
        for k in range(ts.z.shape[0]):
            row = ts.z[k, q]
            top = np.argpartition(-row, min(pool, len(row) - 1))[:pool]
            cols.update(top.tolist())
        cols = np.array(sorted(cols))
        rel = np.isin(cols, ts.relevant[q]).astype(float)
        X.append(np.hstack([ts.z[:, q, cols].T, np.repeat(ts.features[q : q + 1], len(cols), 0)]))
        y.append(rel)
        groups.append(np.full(len(cols), q))
    return np.vstack(X), np.concatenate(y), np.concatenate(groups)


def _stack(parts: Sequence[TaskScores], pool: int):
    X, y, g, w = [], [], [], []
    offset = 0
    for ts in parts:
        Xi, yi, gi = training_rows(ts, pool)
        X.append(Xi)
        y.append(yi)
        g.append(gi + offset)
        w.append(np.full(len(yi), 1.0 / ts.z.shape[1]))  # every task weighs the same
        offset += ts.z.shape[1]
    return np.vstack(X), np.concatenate(y), np.concatenate(g), np.concatenate(w)


def fused_metrics(model: LearnedFusion, ts: TaskScores) -> dict[str, float]:
    """Metrics of the model's fusion over the task's full candidate rows."""
    shares = model.query_weights(ts.features)  # (n_queries, n_encoders)
    fused = np.einsum("qk,kqc->qc", shares, ts.z)
    return evaluate_scores(fused, ts.relevant)


def loto(
    tasks: Sequence[TaskScores], alpha: float, pool: int = POOL
) -> dict[str, dict[str, float]]:
    """Held-out metrics of each task under a model fitted on the other tasks."""
    out = {}
    for i, held in enumerate(tasks):
        rest = [t for j, t in enumerate(tasks) if j != i]
        X, y, g, w = _stack(rest, pool)
        model = LearnedFusion(n_scores=len(ENCODERS), alpha=alpha).fit(X, y, g, w)
        out[held.name] = fused_metrics(model, held)
    return out


def best_single(ts: TaskScores, metric: str = "mrr") -> tuple[str, float]:
    name = max(ENCODERS, key=lambda k: ts.baselines[k][metric])
    return name, ts.baselines[name][metric]


def choose_alpha(tasks: Sequence[TaskScores], alphas: Sequence[float] = ALPHAS, pool=POOL):
    """Every alpha's LOTO metrics, and the alpha kept (see the module docstring)."""
    results = {}
    for alpha in alphas:
        results[alpha] = loto(tasks, alpha, pool)
        wins = sum(results[alpha][t.name]["mrr"] >= best_single(t)[1] for t in tasks)
        mean = np.mean([results[alpha][t.name]["mrr"] for t in tasks])
        log.info("alpha=%g: >= best single on %d/%d tasks, mean LOTO MRR %.4f",
                 alpha, wins, len(tasks), mean)  # fmt: skip

    def key(alpha):
        r = results[alpha]
        wins = sum(r[t.name]["mrr"] >= best_single(t)[1] for t in tasks)
        return wins, float(np.mean([r[t.name]["mrr"] for t in tasks]))

    return max(alphas, key=key), results


def fit_fusion(
    tasks: Sequence[str] | None = None,
    limit: int | None = DEFAULT_LIMIT,
    seed: int = 0,
    alphas: Sequence[float] = ALPHAS,
    pool: int = POOL,
    model_dir: str | Path = MODEL_DIR,
    report: str | Path | None = LOTO_JSON,
    scores_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Score the dev tasks, choose alpha by LOTO, fit on all tasks and save the model.

    Returns the table written to ``report``: per task and method (each single encoder,
    the old fixed fusion, the fixed fusion with the new router, the learned fusion
    held out (``learned_loto``) and fitted on every task (``learned_all``)).
    ``scores_dir`` keeps the scored tasks for a quick refit (see ``cached_task_scores``).
    """
    names = [TaskName.parse(t).value for t in (tasks or list(TaskName))]
    scored = []
    for name in names:
        start = time.perf_counter()
        scored.append(cached_task_scores(name, limit, seed, scores_dir))
        log.info("scored %s in %.0fs", name, time.perf_counter() - start)
    alpha, results = choose_alpha(scored, alphas, pool)
    X, y, g, w = _stack(scored, pool)
    model = LearnedFusion(n_scores=len(ENCODERS), alpha=alpha).fit(X, y, g, w)
    rows = []
    for ts in scored:
        methods = dict(ts.baselines)
        methods["learned_loto"] = results[alpha][ts.name]
        methods["learned_all"] = fused_metrics(model, ts)
        for method, metrics in methods.items():
            rows.append({"task": ts.name, "method": method, "n_queries": ts.z.shape[1]} | metrics)
    table = pd.DataFrame(rows)
    details = {
        "alpha": alpha,
        "pool": pool,
        "tasks": names,
        "limit": limit,
        "seed": seed,
        "loto_mrr_by_alpha": {
            str(a): {t: round(r[t]["mrr"], 4) for t in r} for a, r in results.items()
        },
    }
    save_model(model, model_dir, details)
    if report is not None:
        doc = {
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "reproduce": "python -m matcher fit-fusion",
            **details,
            "coef": np.round(model.coef_, 4).tolist(),
            "results": table.to_dict(orient="records"),
        }
        Path(report).parent.mkdir(parents=True, exist_ok=True)
        Path(report).write_text(json.dumps(doc, indent=2) + "\n")
    return table


def loto_markdown(table: pd.DataFrame, metric: str = "mrr") -> str:
    """The LOTO table in Markdown: each method, the best single encoder and the margin of
    the held-out learned fusion over it (negative: it loses)."""
    order = (*ENCODERS, "old_fusion", "fixed", "learned_loto", "learned_all")
    wide = table.pivot(index="task", columns="method", values=metric)
    wide = wide[[m for m in order if m in wide.columns]]
    head = "| task | " + " | ".join(wide.columns) + " | best single | LOTO - best |"
    lines = [head, "|---|" + "---:|" * (len(wide.columns) + 2)]
    for task, row in wide.iterrows():
        best = max(ENCODERS, key=lambda k: row[k])
        cells = [f"{v:.3f}" for v in row]
        margin = row["learned_loto"] - row[best] if "learned_loto" in row else float("nan")
        lines.append(
            f"| {task} | " + " | ".join(cells) + f" | {best} {row[best]:.3f} | {margin:+.3f} |"
        )
    return "\n".join(lines)
