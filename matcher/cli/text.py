"""Commands on the text-matching path alone: the bulk ranker and the evaluation harness."""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    rank = sub.add_parser(
        "rank", help="bulk-rank candidate names for free-text queries (CSV in, CSV out)"
    )
    rank.add_argument("--queries", type=Path, required=True, help="CSV with columns id,text")
    rank.add_argument(
        "--candidates", type=Path, required=True,
        help="CSV with columns id,text and optional aliases (separated by |)",
    )  # fmt: skip
    rank.add_argument("--top-k", type=int, default=10)
    rank.add_argument("--out", type=Path, required=True)
    rank.add_argument("--encoder", default="default", help="default | tfidf | minilm | use")
    rank.set_defaults(func=cmd_rank)

    ev = sub.add_parser("evaluate", help="measure ranking quality on public reference data")
    ev.add_argument("--tasks", nargs="*", default=None, help="task names (default: all)")
    ev.add_argument("--methods", nargs="*", default=None, help="method names (default: all)")
    ev.add_argument("--limit", type=int, default=None, help="queries per task (quick run)")
    ev.add_argument("--seed", type=int, default=0)
    ev.add_argument("--out", type=Path, default=None, help="write results JSON here")
    ev.set_defaults(func=cmd_evaluate)


def cmd_rank(args) -> int:
    from matcher.text.retrieval import bulk_rank

    started = time.perf_counter()
    bulk_rank(args.queries, args.candidates, args.top_k, args.out, encoder=args.encoder)
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


def cmd_evaluate(args) -> int:
    from matcher.evaluation import run_evaluation

    table = run_evaluation(
        tasks=args.tasks, methods=args.methods, limit=args.limit, seed=args.seed, out=args.out
    )
    print(table.to_string())
    return 0
