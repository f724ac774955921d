"""Per-request settings a counselor can change for one person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from matcher.scoring.rules import Rule
from matcher.scoring.weights import Weights


@dataclass(frozen=True)
class MatchOptions:
    """Per-request settings a counselor can change for one person."""

    weights: Weights = field(default_factory=Weights)
    relaxed_rules: frozenset[Rule] = frozenset()
    top_k: int = 10
    diversity: float = 0.3  # 0 = plain score order (see matcher.engine.diversity.mmr)
    as_of: date | None = None  # the day eligibility is judged on; today by default
    show_excluded: int = 5  # best-scoring excluded items shown with the rule that excluded them
    pathways: int = 3

    def today(self) -> date:
        return self.as_of or date.today()
