"""``python -m matcher fit-text-agreement``: refit text evidence's absolute bars."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    fit = sub.add_parser(
        "fit-text-agreement",
        help="fit the cosine bars text evidence also needs, on the sample and its families",
    )
    fit.add_argument(
        "--truth", type=Path, required=True,
        help="families of the sample's records: python data/generate_sample.py --truth FILE",
    )  # fmt: skip
    fit.add_argument("--sample", type=Path, default=None, help="sample folder (default: bundled)")
    fit.add_argument("--share", type=float, default=None,
                     help="own-family pairs with text evidence a bar may give up (0.01)")  # fmt: skip
    fit.add_argument(
        "--out", type=Path, default=None, help="default: resources/text_agreement.json"
    )
    fit.set_defaults(func=cmd_fit)


def cmd_fit(args) -> int:
    from matcher import config
    from matcher.errors import FileFormatError
    from matcher.evaluation.agreement_fit import fit_agreement
    from matcher.scoring import agreement

    if not args.truth.is_file():
        raise FileFormatError(str(args.truth), "not found (write it with "
                              "python data/generate_sample.py --truth FILE)")  # fmt: skip
    fitted = fit_agreement(
        args.truth,
        args.sample or config.SAMPLE_DATA_DIR,
        agreement.SHARE if args.share is None else args.share,
        args.out or agreement.AGREEMENT_JSON,
    )
    for kind, row in fitted.items():
        bars = ", ".join(f"{k} {v:.3f}" for k, v in row["bars"].items())
        rep = row["fitted_on"]
        print(f"{kind}: {bars}; own-family pairs with text evidence "
              f"{rep['own_pairs_failing']} of {rep['own_pairs_with_text_evidence']} below every "
              f"bar, other pairs {rep['other_pairs_failing']} of "
              f"{rep['other_pairs_with_text_evidence']}")  # fmt: skip
    return 0
