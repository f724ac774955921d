"""Score parts and the weights that combine them.

The score of a (person, opportunity) pair is a weighted mean of five parts, each in
[0, 1]: semantic similarity of the texts, skill coverage on normalised skill concepts,
nearness, schedule fit and education fit. Weights are configurable per deployment and
per person.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from enum import StrEnum

import numpy as np

from matcher.errors import OptionError, RowProblem, ValidationError


class Part(StrEnum):
    SEMANTIC = "semantic"
    SKILLS = "skills"
    DISTANCE = "distance"
    SCHEDULE = "schedule"
    EDUCATION = "education"


PART_LABELS = {
    Part.SEMANTIC: ("Kecocokan profil", "Profile similarity"),
    Part.SKILLS: ("Keterampilan", "Skills"),
    Part.DISTANCE: ("Jarak", "Distance"),
    Part.SCHEDULE: ("Jadwal", "Schedule"),
    Part.EDUCATION: ("Pendidikan", "Education"),
}

# Half the score falls off every DISTANCE_HALF_KM of travel.
DISTANCE_HALF_KM = 4.0


@dataclass(frozen=True)
class Weights:
    """Relative weights of the score parts; they need not sum to one."""

    semantic: float = 0.35
    skills: float = 0.30
    distance: float = 0.15
    schedule: float = 0.12
    education: float = 0.08

    def __post_init__(self) -> None:
        problems = [
            RowProblem("weights", None, f.name, getattr(self, f.name), "a number >= 0")
            for f in fields(self)
            if not isinstance(getattr(self, f.name), int | float)
            or getattr(self, f.name) < 0
            or getattr(self, f.name) != getattr(self, f.name)
        ]
        if problems:
            raise ValidationError(problems)
        if self.total() <= 0:
            raise ValidationError(
                RowProblem("weights", None, None, asdict(self), "at least one weight above 0")
            )

    def total(self) -> float:
        return float(sum(asdict(self).values()))

    def as_array(self) -> np.ndarray:
        return np.array([getattr(self, p.value) for p in Part], dtype=np.float32)

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, float] | None) -> Weights:
        if not values:
            return cls()
        allowed = [p.value for p in Part]
        for key in values:
            if key not in allowed:
                raise OptionError("weight", key, allowed)
        return cls(**{k: float(v) for k, v in values.items()})

    def replace(self, **changes: float) -> Weights:
        return Weights.from_dict({**self.to_dict(), **changes})


def combine(parts: np.ndarray, weights: Weights) -> np.ndarray:
    """Weighted mean over the last axis (parts in :class:`Part` order)."""
    w = weights.as_array()
    return parts @ (w / w.sum())


def distance_score(km: np.ndarray) -> np.ndarray:
    """1 at the door, 0.5 at ``DISTANCE_HALF_KM``; an unknown place counts as twice that.

    Online and home-based items are set to 1 by the caller, which knows which they are.
    """
    score = np.power(0.5, np.nan_to_num(km, nan=DISTANCE_HALF_KM * 2) / DISTANCE_HALF_KM)
    return score.astype(np.float32)


def education_score(person_edu: np.ndarray, min_edu: np.ndarray) -> np.ndarray:
    """1 when the requirement is met; a mild penalty far above it, zero below it."""
    gap = person_edu[:, None].astype(np.float32) - min_edu[None, :].astype(np.float32)
    overqualified = (gap >= 3) & (min_edu[None, :] > 0)
    score = np.where(gap < 0, 0.0, np.where(overqualified, 0.8, 1.0))
    return score.astype(np.float32)
