"""Per-request settings a counselor can change for one person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from matcher.domain import OpportunityKind
from matcher.scoring.rules import Rule
from matcher.scoring.weights import Weights

# An item enters a list only if its evidence parts (text similarity and skills, weighted
# as in the request) average at least this. Near and well-timed items with nothing to do
# with the person stay out: a short list beats a padded one. Measured on the hand-judged
# profiles (docs/evaluation.md): at 0.3, 90% of the vacancies a counselor accepts pass and
# 4% of those a counselor rejects; chosen on either half of the profiles alike.
RELEVANCE_FLOOR = 0.3
# Entrepreneurship programmes have no floor: they serve a business, not a trade, and the
# evidence parts barely see that (the skills part is 0 for them); on the profiles a floor
# of 0.3 cut the programmes a counselor accepts in a top 10 from 50 to 29.
FLOORED_KINDS = frozenset({OpportunityKind.VACANCY, OpportunityKind.TRAINING})
# Kinds whose skills part also values what the person's best vacancies ask for and they
# lack (their skill gap): vocational trainings. An entrepreneurship programme serves a
# business, and a job's gap is not its need: with the gap, a warung owner's first
# programme was a cake and catering course that taught what nearby bakery jobs ask for.
GAP_KINDS = frozenset({OpportunityKind.TRAINING})
# MMR diversity of a person's lists by default: none, score order. On the 66 hand-judged
# profiles, 0.3 (the default until 2026-11-30) put lower-scored items of other kinds into
# the top 5 and cost precision@5 on both halves (vacancies 0.747 -> 0.726, entrepreneurship
# 0.666 -> 0.638); a counselor accepts ten driving jobs for a driver. A request can still
# ask for variety (``--diversity``).
DIVERSITY = 0.0


@dataclass(frozen=True)
class MatchOptions:
    """Per-request settings a counselor can change for one person."""

    weights: Weights = field(default_factory=Weights)
    relaxed_rules: frozenset[Rule] = frozenset()
    top_k: int = 10
    diversity: float = DIVERSITY  # 0 = plain score order (see matcher.engine.diversity.mmr)
    as_of: date | None = None  # the day eligibility is judged on; today by default
    # Excluded items shown with the rule that excluded them: the best this many of each
    # kind (of a vacancy's or programme's people: this many) among those the person's
    # evidence makes relevant (MatchingEngine.relevant).
    show_excluded: int = 5
    pathways: int = 3
    relevance_floor: float = RELEVANCE_FLOOR  # a person's lists; 0 lists every eligible item
    # With a floor, a person's lists also need own-trade evidence (matcher.scoring.evidence).
    own_trade: bool = True
    # Text evidence also needs texts that agree in absolute terms, a cosine bar per
    # encoder (matcher.scoring.agreement); False: the z-score alone (before 2026-12-02).
    text_agreement: bool = True

    def today(self) -> date:
        return self.as_of or date.today()
