"""Score parts and the weights that combine them.

The score of a (person, opportunity) pair is a weighted mean of five parts, each in
[0, 1]: semantic similarity of the texts, skill coverage on normalised skill concepts,
nearness, schedule fit and education fit. Weights are configurable per deployment and
per person.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import numpy as np

from matcher.errors import OptionError, RowProblem, ValidationError
from matcher.scoring.parts import PART_NAMES, PARTS

# One member per registered part, in stacking order: Part.SEMANTIC == "semantic".
Part = StrEnum("Part", [(name.upper(), name) for name in PART_NAMES], module=__name__)


class Weights:
    """Relative weights of the score parts; they need not sum to one.

    One weight per registered part (:data:`matcher.scoring.parts.PARTS`), each part's
    ``default_weight`` unless given, by name or positionally in part order. Immutable
    and hashable.

    Examples
    --------
    >>> Weights(distance=0.4).distance
    0.4
    """

    __slots__ = ("_values",)

    def __init__(self, *args: float, **values: float) -> None:
        if len(args) > len(PART_NAMES):
            raise ValueError(f"{len(args)} weights for {len(PART_NAMES)} parts {PART_NAMES}")
        given = dict(zip(PART_NAMES, args, strict=False))
        for key in values:
            if key not in PART_NAMES:
                raise OptionError("weight", key, list(PART_NAMES))
        merged = {p.name: p.default_weight for p in PARTS} | given | values
        problems = [
            RowProblem("weights", None, k, v, "a number >= 0")
            for k, v in merged.items()
            if not isinstance(v, int | float) or v < 0 or v != v
        ]
        if problems:
            raise ValidationError(problems)
        object.__setattr__(self, "_values", merged)
        if self.total() <= 0:
            raise ValidationError(
                RowProblem("weights", None, None, dict(merged), "at least one weight above 0")
            )

    def __getattr__(self, name: str) -> float:
        if name != "_values" and name in PART_NAMES:
            return self._values[name]
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Weights are immutable; use replace(...)")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Weights) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(self._values.items()))

    def __repr__(self) -> str:
        return "Weights(" + ", ".join(f"{k}={v}" for k, v in self._values.items()) + ")"

    def __reduce__(self):
        return (Weights.from_dict, (dict(self._values),))

    def total(self) -> float:
        return float(sum(self._values.values()))

    def as_array(self) -> np.ndarray:
        return np.array([self._values[p] for p in PART_NAMES], dtype=np.float32)

    def to_dict(self) -> dict[str, float]:
        return dict(self._values)

    @classmethod
    def from_dict(cls, values: dict[str, float] | None) -> Weights:
        if not values:
            return cls()
        for key in values:
            if key not in PART_NAMES:
                raise OptionError("weight", key, list(PART_NAMES))
        return cls(**{k: float(v) for k, v in values.items()})

    def replace(self, **changes: float) -> Weights:
        return Weights.from_dict({**self.to_dict(), **changes})


def combine(parts: np.ndarray, weights: Weights) -> np.ndarray:
    """Weighted mean over the last axis (parts in :class:`Part` order)."""
    w = weights.as_array()
    return parts @ (w / w.sum())
