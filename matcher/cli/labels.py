"""``concept-labels``: which ESCO concepts of a catalogue have no Indonesian label yet."""

from __future__ import annotations

import argparse

from matcher.cli._source import add_source_arguments, catalogue_records


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "concept-labels",
        help="list the catalogue's ESCO concepts without an Indonesian label (exit 1 if any)",
    )
    add_source_arguments(p)
    p.set_defaults(func=cmd_concept_labels)


def cmd_concept_labels(args) -> int:
    """Cards show ESCO's English label for a concept without a row in
    ``matcher/resources/concept_labels_id.csv``; this lists them, with the phrases that
    map to each, so a maintainer can add rows (``scripts/draft_concept_labels.py``)."""
    from matcher.engine.normalise import concept_normaliser
    from matcher.text import forgetting
    from matcher.text.concept_labels import (
        CONCEPT_LABELS_CSV,
        catalogue_concepts,
        default_concept_labels,
    )

    records = catalogue_records(args)
    # People's phrases too (--from-db): none cached after an erasure since the read.
    with forgetting.reading(records.read_at):
        concepts = catalogue_concepts(records, concept_normaliser(None))
    labels = default_concept_labels()
    missing = labels.missing(concepts)
    print(f"{len(concepts)} ESCO concepts in the catalogue; {len(concepts) - len(missing)} "
          f"have an Indonesian label in {CONCEPT_LABELS_CSV.name}; {len(missing)} do not")  # fmt: skip
    for uri in missing:
        label, phrases = concepts[uri]
        print(f"  {uri}  {label!r}  from: {', '.join(sorted(set(phrases))[:5])}")
    return 1 if missing else 0
