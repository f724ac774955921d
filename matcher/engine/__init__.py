"""The matching engine: block scoring in every direction, batch ranking, pathways.

* :mod:`~matcher.engine.matching` ``MatchingEngine``; :mod:`~matcher.engine.options`
  ``MatchOptions``; :mod:`~matcher.engine.protocols` encoder, normaliser, ranker
* :mod:`~matcher.engine.normalise` the normaliser adapter (phrase -> concepts, cached)
* :mod:`~matcher.engine.batch` ``rank_all``'s modes; :mod:`~matcher.engine.prefilter`
  batch stage 1: a linear stand-in of the score
* :mod:`~matcher.engine.explaining` the explanation of one pair
* :mod:`~matcher.engine.pathways` "job via training" plans
* :mod:`~matcher.engine.diversity` MMR re-ranking
* :mod:`~matcher.engine.results` Recommendation, Explanation, Pathway objects
"""

from __future__ import annotations

from matcher.engine.matching import MatchingEngine
from matcher.engine.options import MatchOptions

__all__ = ["MatchOptions", "MatchingEngine"]
