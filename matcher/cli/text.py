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
    ev.add_argument(
        "--suite", nargs="*", default=["ranking"], choices=["ranking", "skills", "profiles"],
        help="ranking: public text-ranking tasks (default); skills: the normaliser on informal "
        "skill phrases; profiles: recommendations for hand-judged profiles",
    )  # fmt: skip
    ev.set_defaults(func=cmd_evaluate)

    cal = sub.add_parser(
        "calibrate-skills",
        help="refit the skill normaliser's confidence on the dev phrases (writes resources/)",
    )
    cal.add_argument("--target-precision", type=float, default=0.85)
    cal.set_defaults(func=cmd_calibrate_skills)


def cmd_rank(args) -> int:
    from matcher.text.retrieval import bulk_rank

    started = time.perf_counter()
    bulk_rank(args.queries, args.candidates, args.top_k, args.out, encoder=args.encoder)
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


def cmd_evaluate(args) -> int:
    if "ranking" in args.suite:
        from matcher.evaluation import run_evaluation

        table = run_evaluation(
            tasks=args.tasks, methods=args.methods, limit=args.limit, seed=args.seed,
            out=args.out,
        )  # fmt: skip
        print(table.to_string())
    if "skills" in args.suite:
        from matcher.evaluation.skill_phrases import (
            default_methods,
            evaluate_skill_phrases,
            read_skill_spans,
        )

        methods = default_methods()  # fitted once, read on both sets
        print("\nSkill normaliser on informal Indonesian phrases (data/eval/informal_skills.csv)")
        print(evaluate_skill_phrases(methods).round(3).to_string(index=False))
        print("\nThe same on public English job-ad skill spans (HOUSE + TECH test split)")
        spans = evaluate_skill_phrases(
            methods, phrases=read_skill_spans("test"), calibration_figures=False
        )
        print(spans.drop(columns=["kept_words_share"]).round(3).to_string(index=False))
    if "profiles" in args.suite:
        from matcher.evaluation.profiles import evaluate_profiles
        from matcher.text.encoders.onnx import backend_in_use

        print("\nRecommendations for hand-judged profiles (data/eval/profiles/)")
        # int8 sums differ between CPUs: items on a threshold can move (docs/evaluation.md)
        print(f"MiniLM backend: {backend_in_use().value} (MATCHER_SBERT_BACKEND)")
        methods = {
            "no floor": {"relevance_floor": 0.0},
            "floor only": {"own_trade": False},  # the default before own-trade evidence
            # Text evidence by z-score alone: the default before 2026-12-02.
            "z alone": {"text_agreement": False},
            "default": {},  # floor and own-trade evidence (matcher.scoring.evidence)
        }
        for name, options in methods.items():
            # The default with its odd and even halves, as docs/evaluation.md reports them.
            table = evaluate_profiles(halves=name in ("z alone", "default"), **options)
            table.insert(0, "method", name)
            print(table.round(3).to_string(index=False))
        from matcher.evaluation.profiles import evaluate_shortlists

        print("\nThe other direction: each sample item ranks the profiles (shortlists)")
        shortlists = evaluate_shortlists({"no floor": {"relevance_floor": 0.0}, "default": {}})
        print(shortlists.round(3).to_string(index=False))
    return 0


def cmd_calibrate_skills(args) -> int:
    from matcher.text.skills.calibrate import calibrate
    from matcher.text.skills.confidence import CONFIDENCE_JSON

    figures = calibrate(target_precision=args.target_precision)
    for key, value in figures.items():
        print(f"{key:>20}: {value:.3f}")
    print(f"wrote {CONFIDENCE_JSON}")
    return 0
