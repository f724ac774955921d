"""``python -m matcher fit-fusion``: refit the learned fusion on the dev tasks."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    fit = sub.add_parser(
        "fit-fusion",
        help="fit the learned text fusion on the dev tasks (leave-one-task-out) and save it",
    )
    fit.add_argument("--tasks", nargs="*", default=None, help="task names (default: all)")
    fit.add_argument("--limit", type=int, default=None, help="queries per task (default 500)")
    fit.add_argument("--seed", type=int, default=0)
    fit.add_argument(
        "--model-dir", type=Path, default=None,
        help="where to save fusion.joblib + manifest.json (default: matcher/resources/fusion)",
    )  # fmt: skip
    fit.add_argument(
        "--report", type=Path, default=None,
        help="LOTO table JSON (default: data/eval/fusion_loto.json)",
    )  # fmt: skip
    fit.add_argument(
        "--scores-dir", type=Path, default=None,
        help="keep the scored tasks here for quick refits (development)",
    )  # fmt: skip
    fit.set_defaults(func=cmd_fit_fusion)


def cmd_fit_fusion(args) -> int:
    from matcher.evaluation.fusion_fit import LOTO_JSON, fit_fusion, loto_markdown
    from matcher.evaluation.tasks import DEFAULT_LIMIT
    from matcher.text.encoders.learned_fusion import MODEL_DIR

    table = fit_fusion(
        tasks=args.tasks,
        limit=DEFAULT_LIMIT if args.limit is None else args.limit,
        seed=args.seed,
        model_dir=args.model_dir or MODEL_DIR,
        report=args.report or LOTO_JSON,
        scores_dir=args.scores_dir,
    )
    print(loto_markdown(table))
    return 0
