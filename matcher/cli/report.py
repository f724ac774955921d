"""``python -m matcher report`` and ``simulate-history``: monitoring figures from the database.

``report`` writes monitoring.json, monitoring.xlsx and monitoring.html (every indicator
and fairness check, see docs/monitoring.md) computed from the configured database
(``DATABASE_URL`` or ``MATCHER_DB_PATH``). ``simulate-history`` fills a demo database
with a seeded year of history for the sample people.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from matcher.parsing import parse_date


def register(sub: argparse._SubParsersAction) -> None:
    rep = sub.add_parser("report", help="monitoring & evaluation report: xlsx + html + json")
    rep.add_argument("--out", type=Path, default=Path("reports"), help="output folder")
    rep.add_argument("--start", type=parse_date, default=None, help="first day of the window")
    rep.add_argument("--end", type=parse_date, default=None, help="last day of the window")
    rep.add_argument("--as-of", type=parse_date, default=None, help="default: latest record")
    rep.add_argument("--threshold", type=float, default=0.05, help="fairness gap to flag (0.05 = 5 points)")  # fmt: skip
    rep.add_argument("--lang", choices=["id", "en"], default="id")
    rep.add_argument("--db", default=None, help="database URL (default: the app database)")
    rep.set_defaults(func=cmd_report)

    sim = sub.add_parser(
        "simulate-history", help="write a seeded year of DEMO history for the sample people"
    )
    sim.add_argument("--seed", type=int, default=7)
    sim.add_argument("--as-of", type=parse_date, default=None, help="last simulated day")
    sim.add_argument("--bias", type=float, default=0.1, help="built-in gender bias (0 = none)")
    sim.add_argument("--db", default=None, help="database URL (default: the app database)")
    sim.set_defaults(func=cmd_simulate)


def _engine(url: str | None):
    import matcher.monitoring.models  # noqa: F401  (registers the monitoring tables)
    from matcher.workspace.startup import init_app_db

    return init_app_db(url).engine


def cmd_report(args: argparse.Namespace) -> int:
    from matcher.db import session_scope
    from matcher.monitoring import has_demo_data, load_data
    from matcher.monitoring.report import build_report, write_report

    with session_scope(_engine(args.db)) as session:
        data = load_data(session, as_of=args.as_of)
        demo = has_demo_data(session)
    report = build_report(
        data, start=args.start, end=args.end, threshold=args.threshold, demo=demo, lang=args.lang
    )
    paths = write_report(report, args.out, lang=args.lang)
    if demo:
        print("NOTE: the database holds simulated demo history (data demo / simulasi)")
    for line in report.narrative:
        print(line)
    for kind, path in paths.items():
        print(f"{kind}: {path}")
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    from matcher.db import session_scope
    from matcher.monitoring import simulate_history

    with session_scope(_engine(args.db)) as session:
        summary = simulate_history(session, seed=args.seed, as_of=args.as_of, bias=args.bias)
    print(
        f"demo history (seed {summary.seed}, up to {summary.as_of}): {summary.people} people, "
        f"{summary.exposures} exposures, {summary.decisions} decisions, {summary.referrals} "
        f"referrals, {summary.outcome_events} outcome events, {summary.business_outcomes} "
        "business outcomes"
    )
    return 0
