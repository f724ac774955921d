"""The registry of score parts, in the order their values are stacked.

To add a part: write one module with a :class:`ScorePart` subclass and add an instance
to :data:`PARTS` below. Its weight, its slider, its place in explanations, in stored
decisions and in the learned ranker's features follow from here.
"""

from __future__ import annotations

from matcher.scoring.parts.base import BlockInputs, PairView, ScorePart, StandIn
from matcher.scoring.parts.distance import DistancePart
from matcher.scoring.parts.education import EducationPart
from matcher.scoring.parts.schedule import SchedulePart
from matcher.scoring.parts.semantic import SemanticPart
from matcher.scoring.parts.skills import SkillsPart
from matcher.scoring.parts.wage import WagePart

PARTS: tuple[ScorePart, ...] = (
    SemanticPart(),
    SkillsPart(),
    DistancePart(),
    SchedulePart(),
    EducationPart(),
    WagePart(),
)
PART_NAMES: tuple[str, ...] = tuple(p.name for p in PARTS)


def part_index(name: str) -> int:
    """Position of part ``name`` in a stacked parts array (the last axis of a block)."""
    return PART_NAMES.index(str(name))


__all__ = [
    "PARTS", "PART_NAMES", "BlockInputs", "PairView", "ScorePart", "StandIn", "part_index",
]  # fmt: skip
