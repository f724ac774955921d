"""The engine's view of a skill normaliser: phrases -> (concept key, label) lists, cached."""

from __future__ import annotations

from matcher.engine.protocols import SkillNormaliser
from matcher.scoring.arrays import RAW, Normalise


def concept_normaliser(normaliser: SkillNormaliser | Normalise | None) -> Normalise:
    """Adapt a skill normaliser to phrase -> [(concept key, label)]; unmapped phrases stay.

    ``None`` loads the ESCO :class:`~matcher.text.skills.SkillNormaliser`; a plain
    function is used as is; a scikit-learn style normaliser is fitted only when a phrase
    is not in its disk cache (:mod:`matcher.text.skill_cache`)."""
    if normaliser is None:
        from matcher.text.skills import SkillNormaliser

        normaliser = SkillNormaliser()  # fitted below only if a phrase is not cached
    if callable(normaliser) and not hasattr(normaliser, "transform"):
        return normaliser

    def concepts(phrases: list[str]) -> list[list[tuple[str, str]]]:
        if hasattr(normaliser, "fit") and not _is_fitted(normaliser):
            normaliser.fit()  # seconds over all of ESCO: only when something is new
        out = []
        for matches in normaliser.transform(phrases):
            keys = []
            for m in matches:
                if m.uri:
                    keys.append((m.uri, m.label))
                else:
                    keys.append((RAW + m.text.strip().lower(), m.text.strip()))
            out.append(keys)
        return out

    if not hasattr(normaliser, "get_params"):  # a test double: nothing worth caching
        return concepts
    from matcher.text.skill_cache import PhraseCache

    cache = PhraseCache.for_normaliser(normaliser)

    def normalise(phrases: list[str]) -> list[list[tuple[str, str]]]:
        todo = cache.missing(phrases)
        if todo:
            cache.add(todo, concepts(todo))
            cache.save()
        return [cache.get(p) for p in phrases]

    return normalise


def _is_fitted(estimator: object) -> bool:
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(estimator)
    except NotFittedError:
        return False
    return True
