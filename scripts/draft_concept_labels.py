"""Draft Indonesian labels for catalogue concepts that have none, from the glossary.

    python scripts/draft_concept_labels.py [--data-dir data/sample] [--from-db [URL]]

Appends one row per ESCO concept of the catalogue that ``concept_labels_id.csv`` lacks,
with ``source=glossary`` and the glossary's Indonesian term for the label (the term whose
English side is the ESCO label, or the longest English term inside it), or an empty
label when the glossary knows nothing. Every drafted row must then be read by a reviewer:
keep the draft (``glossary``), or write a short everyday workplace label and set
``source=reviewed``. The loader refuses an empty label, so nothing half-done ships.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from matcher import config
from matcher.text.concept_labels import (
    COLUMNS,
    CONCEPT_LABELS_CSV,
    ConceptLabels,
    catalogue_concepts,
)
from matcher.text.glossary import GLOSSARY_CSV


def glossary_draft(esco_label: str, reverse: dict[str, list[str]]) -> str:
    """The glossary's Indonesian for ``esco_label``: whole label first, then the longest
    English glossary term found inside it."""
    label = esco_label.casefold()
    if label in reverse:
        return reverse[label][0]
    for en in sorted(reverse, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(en)}(?!\w)", label):
            return reverse[en][0]
    return ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=config.SAMPLE_DATA_DIR)
    ap.add_argument("--labels", type=Path, default=CONCEPT_LABELS_CSV)
    args = ap.parse_args(argv)
    from matcher.engine.normalise import concept_normaliser
    from matcher.service import CsvSource

    records = CsvSource(args.data_dir).load()
    concepts = catalogue_concepts(records, concept_normaliser(None))
    known = ConceptLabels.from_csv(args.labels) if args.labels.exists() else ConceptLabels()
    reverse: dict[str, list[str]] = {}
    with GLOSSARY_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            reverse.setdefault(row["en"].strip().casefold(), []).append(row["id"].strip())
    new = [(uri, label) for uri, (label, _) in concepts.items() if uri not in known]
    write_header = not args.labels.exists()
    with args.labels.open("a", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        if write_header:
            w.writerow(COLUMNS)
        for uri, label in new:
            w.writerow([uri, label, glossary_draft(label, reverse), "glossary"])
    print(f"{len(concepts)} catalogue concepts; {len(new)} drafted into {args.labels}",
          file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
