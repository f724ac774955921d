"""``python -m matcher retrain``: retrain the learned ranker in one command."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from matcher import config


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "retrain",
        help="retrain the learned ranker from counselor decisions (database or simulated)",
    )
    src = p.add_mutually_exclusive_group()
    src.add_argument("--from-db", action="store_true",
                     help="decisions in the app database (default)")  # fmt: skip
    src.add_argument("--simulate", type=int, metavar="N",
                     help="N simulated counselor decisions on the sample data")  # fmt: skip
    p.add_argument("--out", type=Path, default=config.MODELS_DIR / "ranker",
                   help="folder for ranker.joblib and ranker.json (default: models/ranker)")  # fmt: skip
    p.add_argument("--db-url", default=None, help="database URL (default: DATABASE_URL / sqlite)")
    p.add_argument("--data-dir", type=Path, default=config.SAMPLE_DATA_DIR,
                   help="records for --simulate")  # fmt: skip
    p.add_argument("--encoder", default="tfidf", help="semantic encoder for --simulate")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_retrain)


def cmd_retrain(args) -> int:
    from matcher.ranking.retrain import retrain_from_db, retrain_simulated

    if args.simulate is not None:
        if args.simulate < 1:
            raise ValueError(f"--simulate {args.simulate}; allowed: a number of decisions >= 1")
        report = retrain_simulated(args.simulate, out=args.out, data_dir=args.data_dir,
                                   encoder=args.encoder, seed=args.seed)  # fmt: skip
    else:
        from matcher.db import init_db, session_scope

        engine = init_db(args.db_url).engine
        with session_scope(engine) as session:
            report = retrain_from_db(session, out=args.out)
    if args.json:
        print(json.dumps({k: v for k, v in report.__dict__.items() if k != "manifest"},
                         indent=2, default=str))  # fmt: skip
    else:
        print(("ok: " if report.ok else "not trained: ") + report.message)
        if report.ok:
            print(f"saved to {report.path} ({report.seconds:.1f}s)")
            for name, w in sorted(report.weights.items(), key=lambda kv: -abs(kv[1])):
                print(f"  {name:24s} {w:+.3f}")
    return 0 if report.ok else 1
