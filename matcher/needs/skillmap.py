"""Records -> sets of skill concepts, normalising every distinct phrase once.

A concept key is an ESCO URI, or ``raw:<phrase>`` when ESCO has nothing close enough
(the engine's rule, see :func:`matcher.engine.normalise.concept_normaliser`), so nothing typed is
lost and two people who wrote the same unmapped phrase still meet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

# phrases -> for each phrase, its (concept key, display label) pairs
Normalise = Callable[[list[str]], list[list[tuple[str, str]]]]


def as_normalise(normaliser: object | None = None) -> Normalise:
    """Adapt a ``SkillNormaliser`` (or anything with ``transform``) to :data:`Normalise`.

    ``None`` fits the full ESCO normaliser (about ten seconds; the app caches it).
    A plain callable is returned as it is.
    """
    if normaliser is None:
        return default_normalise()
    if callable(normaliser) and not hasattr(normaliser, "transform"):
        return normaliser
    memo: dict[str, list[tuple[str, str]]] = {}

    def normalise(phrases: list[str]) -> list[list[tuple[str, str]]]:
        # Fuzzy ESCO lookups cost milliseconds per phrase; each phrase is mapped once.
        todo = sorted(set(phrases) - set(memo))
        if todo:
            for phrase, matches in zip(todo, normaliser.transform(todo), strict=True):
                memo[phrase] = [
                    (m.uri, m.label) if m.uri else (raw_key(m.text), m.text.strip())
                    for m in matches
                ]
        return [memo[p] for p in phrases]

    return normalise


@lru_cache(maxsize=1)
def default_normaliser():
    from matcher.text.skills import SkillNormaliser
    from matcher.text.skills.fitted import fitted

    return fitted(SkillNormaliser())


@lru_cache(maxsize=1)
def default_normalise() -> Normalise:
    """The ESCO normaliser as a :data:`Normalise` that remembers every phrase it mapped."""
    return as_normalise(default_normaliser())


def raw_key(phrase: str) -> str:
    return "raw:" + " ".join(phrase.strip().lower().split())


class ConceptSets:
    """Maps phrase lists to concept-key sets and remembers each key's label."""

    def __init__(self, normalise: Normalise):
        self.normalise = normalise
        self.labels: dict[str, str] = {}
        self._cache: dict[str, list[tuple[str, str]]] = {}

    def prepare(self, phrase_lists: Iterable[Sequence[str]]) -> None:
        todo = sorted({p for ps in phrase_lists for p in ps if p.strip()} - set(self._cache))
        if todo:
            for phrase, pairs in zip(todo, self.normalise(todo), strict=True):
                self._cache[phrase] = pairs
                for key, label in pairs:
                    self.labels.setdefault(key, label)

    def of(self, phrases: Sequence[str]) -> frozenset[str]:
        """Concept keys of one record's phrases (call :meth:`prepare` first for speed)."""
        self.prepare([phrases])
        return frozenset(k for p in phrases for k, _ in self._cache.get(p, []))

    def many(self, phrase_lists: Sequence[Sequence[str]]) -> list[frozenset[str]]:
        self.prepare(phrase_lists)
        return [self.of(ps) for ps in phrase_lists]


def interest_phrases(interests: str, business_description: str = "") -> list[str]:
    """What a person wants to learn or do, split like the engine does."""
    text = " ; ".join(x for x in (interests, business_description) if x)
    return [s.strip() for s in text.replace(",", ";").split(";") if s.strip()]
