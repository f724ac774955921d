"""The engine's view of a skill normaliser: phrases -> (concept key, label) lists, cached."""

from __future__ import annotations

from matcher.engine.protocols import SkillNormaliser
from matcher.scoring.arrays import NEAR, RAW, Normalise


def concept_normaliser(normaliser: SkillNormaliser | Normalise | None) -> Normalise:
    """Adapt a skill normaliser to phrase -> [(concept key, label)]; unmapped phrases stay.

    ``None`` loads the ESCO :class:`~matcher.text.skills.SkillNormaliser`; a plain
    function is used as is; a scikit-learn style normaliser is wrapped in a
    :class:`ConceptNormaliser`."""
    if normaliser is None:
        from matcher.text.skills import SkillNormaliser

        normaliser = SkillNormaliser()  # fitted only if a phrase is not cached
    if callable(normaliser) and not hasattr(normaliser, "transform"):
        return normaliser
    return ConceptNormaliser(normaliser)


class ConceptNormaliser:
    """A scikit-learn style skill normaliser as phrase -> [(concept key, label)].

    The normaliser is fitted only when a phrase is not in its disk cache
    (:mod:`matcher.text.skill_cache`). :meth:`near` answers, per phrase, the nearest
    concept ``[(uri, label)]`` of an unmapped phrase (``SkillMatch.near``; empty for a
    mapped one), kept in the same cache entry under the ``NEAR`` prefix and never among
    the concepts. A class, not a closure, so an engine fitted with it pickles with
    plain pickle and joblib (not only cloudpickle) wherever its normaliser does. A copy
    does not carry the phrase cache: it opens the one of its own process and models
    folder (``MATCHER_MODELS_DIR``), which an erasure there clears."""

    def __init__(self, normaliser: SkillNormaliser):
        self.normaliser = normaliser
        self.cache = self._open_cache(normaliser)

    @staticmethod
    def _open_cache(normaliser: object):
        if not hasattr(normaliser, "get_params"):  # a test double has nothing worth caching
            return None
        from matcher.text.skill_cache import PhraseCache

        return PhraseCache.for_normaliser(normaliser)

    def __getstate__(self) -> dict:
        return {"normaliser": self.normaliser}

    def __setstate__(self, state: dict) -> None:
        self.normaliser = state["normaliser"]
        self.cache = self._open_cache(self.normaliser)

    def __call__(self, phrases: list[str]) -> list[list[tuple[str, str]]]:
        return [[k for k in keys if not k[0].startswith(NEAR)] for keys in self._lookup(phrases)]

    def near(self, phrases: list[str]) -> list[list[tuple[str, str]]]:
        return [
            [(k[len(NEAR) :], label) for k, label in keys if k.startswith(NEAR)]
            for keys in self._lookup(phrases)
        ]

    def load(self) -> ConceptNormaliser:
        """Fit the normaliser now if it is not: the process's fitted instance, the one
        kept on disk (:mod:`matcher.text.skills.fitted`, seconds to read), or a new fit
        over all of ESCO. Done on first need otherwise; an app calls it in the
        background so the first new phrase does not wait."""
        if hasattr(self.normaliser, "fit"):
            from matcher.text.skills.fitted import fitted

            self.normaliser = fitted(self.normaliser)
        return self

    def _concepts(self, phrases: list[str]) -> list[list[tuple[str, str]]]:
        normaliser = self.load().normaliser  # only when something is not cached
        out = []
        for matches in normaliser.transform(phrases):
            keys = []
            for m in matches:
                if m.uri:
                    keys.append((m.uri, m.label))
                else:
                    keys.append((RAW + m.text.strip().lower(), m.text.strip()))
                    keys += [(NEAR + uri, label) for uri, label, _ in getattr(m, "near", ())]
            out.append(keys)
        return out

    def _lookup(self, phrases: list[str]) -> list[list[tuple[str, str]]]:
        cache = self.cache
        if cache is None:
            return self._concepts(phrases)
        from matcher.text import forgetting

        # The erasure epoch the phrases were read under: if a person's data is erased
        # meanwhile, what is worked out here is answered but not cached.
        read_at = forgetting.read_marks()
        found: dict[str, list[tuple[str, str]]] = {}
        todo = cache.missing(phrases)
        if todo:
            found.update(zip(todo, self._concepts(todo), strict=True))
            cache.add(todo, [found[p] for p in todo], read_at)
            cache.save(read_at)
        known = {p: cache.get(p) for p in phrases if p not in found}
        # An erasure in another thread may have emptied the cache since ``missing``.
        lost = list(dict.fromkeys(p for p, got in known.items() if got is None))
        if lost:
            found.update(zip(lost, self._concepts(lost), strict=True))
        return [found[p] if p in found else known[p] for p in phrases]
