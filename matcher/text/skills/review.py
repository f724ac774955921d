"""Catalogue skill phrases the normaliser leaves unmapped, with the concepts it would
have suggested, for a maintainer to review into ``resources/skill_overrides.csv``.

Employers and trainers write skills the normaliser cannot claim at its confidence bar
("input data", "permak celana"). A card then shows those words as written, and they match
only the same words. Its best candidate below the bar is often right (*alter wearing
apparel*), but not often enough to claim it unseen (docs/evaluation.md). A reviewed
override makes it exact for every later upload: this module lists what to review.
"""

from __future__ import annotations

import copy
import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from matcher.text.skills.normaliser import SkillNormaliser

# The columns of resources/skill_overrides.csv, left empty for the reviewer to fill,
# then what helps them: how many items list the phrase and the candidates below the bar.
COLUMNS = ("phrase", "esco_uri", "esco_label", "items", "suggestions")


@dataclass(frozen=True)
class Unmapped:
    """One catalogue phrase without a concept: how many items list it, and the
    normaliser's best candidates below its bar as (URI, English label, score)."""

    phrase: str
    items: int
    candidates: tuple[tuple[str, str, float], ...]


def catalogue_phrases(records) -> Counter:
    """Skill phrase -> how many vacancies and programmes list it (``records``: a
    :class:`matcher.service.Records`); each item counts a phrase once."""
    counts: Counter = Counter()
    for v in records.vacancies:
        counts.update({s.strip() for s in (*v.required_skills, *v.nice_skills) if s.strip()})
    for p in records.programs:
        counts.update({s.strip() for s in p.skills_taught if s.strip()})
    return counts


def unmapped_phrases(
    counts: Counter, normaliser: SkillNormaliser, suggestions: int = 3
) -> list[Unmapped]:
    """The phrases of ``counts`` that ``normaliser`` (fitted) maps to no concept, most
    listed first, each with up to ``suggestions`` candidates it ranks below its bar."""
    if suggestions < 1:
        raise ValueError(f"suggestions={suggestions!r} is not allowed; use 1 or more")
    phrases = sorted(counts, key=lambda p: (-counts[p], p.lower()))
    matched = normaliser.transform(phrases)
    todo = [p for p, ms in zip(phrases, matched, strict=True) if not any(m.uri for m in ms)]
    if not todo:
        return []
    # The same fitted normaliser (a shallow copy shares its index) with no bar, asked for
    # more matches: what it would have said. Both are read at transform time.
    loose = copy.copy(normaliser).set_params(threshold=0.0, top_k=suggestions)
    out = []
    for phrase, ms in zip(todo, loose.transform(todo), strict=True):
        best = sorted(
            {m.uri: m for m in ms if m.uri and m.score > 0}.values(), key=lambda m: -m.score
        )
        out.append(Unmapped(phrase, counts[phrase],
                            tuple((m.uri, m.label, m.score) for m in best[:suggestions])))  # fmt: skip
    return out


def write_review(rows: Iterable[Unmapped], path: str | Path) -> Path:
    """A CSV a maintainer completes: ``esco_uri`` and ``esco_label`` are left empty, so an
    unreviewed row maps nothing even if copied; ``suggestions`` holds the candidates
    (``label <uri> score``, best first). Completed rows are in the format of
    ``resources/skill_overrides.csv``."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for r in rows:
            said = " | ".join(f"{label} <{uri}> {score:.2f}" for uri, label, score in r.candidates)
            w.writerow([r.phrase, "", "", r.items, said])
    return path
