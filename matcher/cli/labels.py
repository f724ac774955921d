"""``concept-labels``: which ESCO concepts of a catalogue have no Indonesian label yet."""

from __future__ import annotations

import argparse
from pathlib import Path

from matcher import config


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "concept-labels",
        help="list the catalogue's ESCO concepts without an Indonesian label (exit 1 if any)",
    )
    p.add_argument("--data-dir", type=Path, default=config.SAMPLE_DATA_DIR)
    p.add_argument(
        "--from-db", nargs="?", const="", default=None, metavar="URL",
        help="read the app database (or URL) instead of --data-dir",
    )  # fmt: skip
    p.set_defaults(func=cmd_concept_labels)


def cmd_concept_labels(args) -> int:
    """Cards show ESCO's English label for a concept without a row in
    ``matcher/resources/concept_labels_id.csv``; this lists them, with the phrases that
    map to each, so a maintainer can add rows (``scripts/draft_concept_labels.py``)."""
    from matcher.engine.normalise import concept_normaliser
    from matcher.text.concept_labels import (
        CONCEPT_LABELS_CSV,
        catalogue_concepts,
        default_concept_labels,
    )

    if args.from_db is not None:
        from matcher.db import init_db, session_scope
        from matcher.workspace.source import DbSource

        engine = init_db(args.from_db or None).engine
        records = DbSource(lambda: session_scope(engine)).load()
    else:
        from matcher.service import CsvSource

        records = CsvSource(args.data_dir).load()
    concepts = catalogue_concepts(records, concept_normaliser(None))
    labels = default_concept_labels()
    missing = labels.missing(concepts)
    print(f"{len(concepts)} ESCO concepts in the catalogue; {len(concepts) - len(missing)} "
          f"have an Indonesian label in {CONCEPT_LABELS_CSV.name}; {len(missing)} do not")  # fmt: skip
    for uri in missing:
        label, phrases = concepts[uri]
        print(f"  {uri}  {label!r}  from: {', '.join(sorted(set(phrases))[:5])}")
    return 1 if missing else 0
