"""ESCO skills: the taxonomy and the normaliser from free text to ESCO concepts.

ESCO, © European Union; free reuse with attribution under Commission Decision 2011/833/EU.
"""

from __future__ import annotations

from matcher.text.skills.normaliser import (
    DEFAULT_THRESHOLD,
    OVERRIDES_CSV,
    MatchVia,
    SkillMatch,
    SkillNormaliser,
    read_overrides,
)
from matcher.text.skills.phrases import content_key, coverage, label_key, split_phrases
from matcher.text.skills.taxonomy import (
    EscoTaxonomy,
    OccupationConcept,
    SkillConcept,
    load_taxonomy,
    read_taxonomy,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "OVERRIDES_CSV",
    "EscoTaxonomy",
    "MatchVia",
    "OccupationConcept",
    "SkillConcept",
    "SkillMatch",
    "SkillNormaliser",
    "content_key",
    "coverage",
    "label_key",
    "load_taxonomy",
    "read_overrides",
    "read_taxonomy",
    "split_phrases",
]
