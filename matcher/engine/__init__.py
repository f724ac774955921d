"""The matching engine: block scoring in every direction, batch ranking, pathways.

* :mod:`~matcher.engine.matching` ``MatchingEngine`` and ``MatchOptions``
* :mod:`~matcher.engine.prefilter` batch stage 1: a linear stand-in of the score
* :mod:`~matcher.engine.pathways` "job via training" plans
* :mod:`~matcher.engine.diversity` MMR re-ranking
* :mod:`~matcher.engine.results` Recommendation, Explanation, Pathway objects
"""

from __future__ import annotations

from matcher.engine.matching import MatchingEngine, MatchOptions

__all__ = ["MatchOptions", "MatchingEngine"]
