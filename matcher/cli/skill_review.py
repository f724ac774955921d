"""``unmapped-skills``: catalogue skill phrases without an ESCO concept, with suggestions."""

from __future__ import annotations

import argparse
from pathlib import Path

from matcher.cli._source import add_source_arguments, catalogue_records


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "unmapped-skills",
        help="list the catalogue's skill phrases the normaliser maps to no ESCO concept, "
        "with its best candidates, for review into resources/skill_overrides.csv",
    )
    add_source_arguments(p)
    p.add_argument("--suggestions", type=int, default=3, help="candidates per phrase (1 or more)")
    p.add_argument("--out", type=Path, help="also write a review CSV here")
    p.set_defaults(func=cmd_unmapped_skills)


def cmd_unmapped_skills(args) -> int:
    """Print each unmapped phrase (most listed first) with the normaliser's candidates
    below its bar; ``--out`` writes them as a CSV for review (``write_review``): the rows a
    maintainer completes go into ``matcher/resources/skill_overrides.csv``."""
    from matcher.errors import MatcherError
    from matcher.text.skills import SkillNormaliser
    from matcher.text.skills.fitted import fitted
    from matcher.text.skills.review import catalogue_phrases, unmapped_phrases, write_review

    if args.suggestions < 1:
        raise MatcherError(
            f"--suggestions {args.suggestions} is not allowed: give a whole number, 1 or more"
        )
    records = catalogue_records(args)
    counts = catalogue_phrases(records)
    rows = unmapped_phrases(counts, fitted(SkillNormaliser()), args.suggestions) if counts else []
    listed = sum(r.items for r in rows)
    print(f"{len(counts)} skill phrases in the catalogue; {len(rows)} map to no ESCO concept "
          f"(listed {listed} times); best candidates below the normaliser's bar:")  # fmt: skip
    for r in rows:
        best = "; ".join(f"{label} ({score:.2f})" for _, label, score in r.candidates) or "-"
        print(f"  {r.phrase!r} x{r.items}: {best}")
    if args.out:
        print(f"wrote {write_review(rows, args.out)}: fill in esco_uri and esco_label for the "
              "rows you accept, then copy them into matcher/resources/skill_overrides.csv")  # fmt: skip
    return 0
