"""Indonesian labels of the ESCO concepts a person reads on a card, a list or the needs map.

ESCO's labels are English ("perform cleaning duties", "iron textiles"); counselors,
employers and jobseekers at the hub read Indonesian. The project keeps its own label for
every concept that occurs in the catalogue (``matcher/resources/concept_labels_id.csv``,
columns ``uri,esco_label,label_id,source``): drafted from the glossary
(``scripts/draft_concept_labels.py``), then read and rewritten by a reviewer into short,
everyday workplace Indonesian ("mengoperasikan mesin kasir", "menyetrika pakaian").
``source`` says which: ``glossary`` (the glossary's draft kept as it was) or ``reviewed``
(written or rewritten by a reviewer).

A concept without a row is not an error at run time: the English ESCO label is shown
instead (:class:`matcher.engine.results.SkillLabel`). ``python -m matcher concept-labels``
lists the concepts of a catalogue that have none, and the test suite fails when one of
the bundled sample catalogue's concepts has none.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matcher.errors import FileFormatError, RowProblem, ValidationError

CONCEPT_LABELS_CSV = Path(__file__).resolve().parents[1] / "resources" / "concept_labels_id.csv"
COLUMNS = ("uri", "esco_label", "label_id", "source")
SOURCES = ("glossary", "reviewed")
ESCO_PREFIX = "http://data.europa.eu/esco/"
MAX_LABEL = 80  # a card shows several labels on one line


@dataclass(frozen=True)
class ConceptLabel:
    """One ESCO concept's English label and the project's Indonesian label for it."""

    uri: str
    esco_label: str
    label_id: str
    source: str  # one of SOURCES


class ConceptLabels:
    """ESCO URI -> Indonesian label.

    Examples
    --------
    >>> labels = ConceptLabels([ConceptLabel(
    ...     "http://data.europa.eu/esco/skill/x", "iron textiles", "menyetrika pakaian", "reviewed")])
    >>> labels.indonesian("http://data.europa.eu/esco/skill/x")
    'menyetrika pakaian'
    >>> labels.indonesian("raw:jaga toko") is None
    True
    """

    def __init__(self, rows: Iterable[ConceptLabel] = ()):
        self.rows: dict[str, ConceptLabel] = {r.uri: r for r in rows}

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, uri: object) -> bool:
        return uri in self.rows

    def __iter__(self) -> Iterator[ConceptLabel]:
        return iter(self.rows.values())

    def indonesian(self, uri: str) -> str | None:
        """The Indonesian label of ``uri``, or None when the project has none yet."""
        row = self.rows.get(uri)
        return row.label_id if row else None

    def missing(self, uris: Iterable[str]) -> list[str]:
        """The ESCO URIs among ``uris`` without a label (a person's own words need none)."""
        return sorted({u for u in uris if u.startswith(ESCO_PREFIX) and u not in self.rows})

    @classmethod
    def from_csv(cls, path: str | Path = CONCEPT_LABELS_CSV) -> ConceptLabels:
        """Read the labels CSV; every bad row is reported at once (ValidationError)."""
        path = Path(path)
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            found = list(reader.fieldnames or [])
            if [c.strip() for c in found] != list(COLUMNS):
                raise FileFormatError(
                    str(path), f"needs columns {','.join(COLUMNS)} in that order; found {found}"
                )
            rows: list[ConceptLabel] = []
            problems: list[RowProblem] = []
            seen: dict[str, int] = {}
            for row_no, raw in enumerate(reader, start=2):
                if None in raw:  # more cells than columns: a comma in an unquoted label
                    problems.append(RowProblem(path.name, row_no, None, ",".join(raw[None]),
                                               f"{len(COLUMNS)} cells ({','.join(COLUMNS)}); "
                                               "quote a label that holds a comma"))  # fmt: skip
                    continue
                row = {k: " ".join((raw.get(k) or "").split()) for k in COLUMNS}
                bad = _row_problems(path.name, row_no, row, seen)
                problems += bad
                if not bad:
                    seen[row["uri"]] = row_no
                    rows.append(ConceptLabel(**row))
        if problems:
            raise ValidationError(problems)
        return cls(rows)


def _row_problems(file: str, row_no: int, row: dict, seen: dict[str, int]) -> list[RowProblem]:
    out = []
    uri, source = row["uri"], row["source"]
    if not uri.startswith(ESCO_PREFIX) or len(uri) == len(ESCO_PREFIX):
        out.append(RowProblem(file, row_no, "uri", uri, f"an ESCO concept URI ({ESCO_PREFIX}...)"))
    elif uri in seen:
        out.append(RowProblem(file, row_no, "uri", uri, f"a URI not already on row {seen[uri]}"))
    if not row["esco_label"]:
        out.append(RowProblem(file, row_no, "esco_label", "", "ESCO's English preferred label"))
    label = row["label_id"]
    if not label or len(label) > MAX_LABEL:
        out.append(RowProblem(file, row_no, "label_id", label,
                              f"an Indonesian label of 1 to {MAX_LABEL} characters"))  # fmt: skip
    if source not in SOURCES:
        out.append(RowProblem(file, row_no, "source", source, " or ".join(SOURCES)))
    return out


def catalogue_concepts(records, normalise) -> dict[str, tuple[str, list[str]]]:
    """ESCO URI -> (English label, the phrases that map to it) for every concept a person
    can read about these records: vacancies' required and nice-to-have skills,
    programmes' skills taught, and jobseekers' skills, interests and business description
    (as the engine and the needs map split them).

    ``records`` has ``vacancies``, ``programs`` and ``jobseekers`` (a
    :class:`matcher.service.Records`); ``normalise`` maps phrases to (concept key,
    label) pairs (:func:`matcher.engine.normalise.concept_normaliser`).
    """
    phrases: set[str] = set()
    for v in records.vacancies:
        phrases.update(v.required_skills, v.nice_skills)
    for p in records.programs:
        phrases.update(p.skills_taught)
    for j in records.jobseekers:
        phrases.update(j.skills)
        # split as the needs map does (matcher.needs.skillmap.interest_phrases)
        text = " ; ".join(x for x in (j.interests, j.business_description) if x)
        phrases.update(s.strip() for s in text.replace(",", ";").split(";"))
    todo = sorted(p for p in phrases if p.strip())
    out: dict[str, tuple[str, list[str]]] = {}
    for phrase, pairs in zip(todo, normalise(todo) if todo else [], strict=True):
        for key, label in pairs:
            if key.startswith(ESCO_PREFIX):
                out.setdefault(key, (label, []))[1].append(phrase)
    return dict(sorted(out.items()))


@lru_cache(maxsize=1)
def default_concept_labels() -> ConceptLabels:
    """The project's labels (read once per process; the file is read-only at run time)."""
    return ConceptLabels.from_csv(CONCEPT_LABELS_CSV)


__all__ = [
    "COLUMNS",
    "CONCEPT_LABELS_CSV",
    "ESCO_PREFIX",
    "SOURCES",
    "ConceptLabel",
    "catalogue_concepts",
    "ConceptLabels",
    "default_concept_labels",
]
