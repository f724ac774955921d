"""What the engine needs from its collaborators, as typed Protocols.

Any object with these methods will do: the bundled classes, a test double, a service
elsewhere. Each is ``runtime_checkable`` so a test can check a class against it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class TextEncoder(Protocol):
    """Texts to L2-normalised float32 rows (:class:`matcher.text.encoders.Encoder`)."""

    def fit(self, texts: Sequence[str]) -> TextEncoder: ...

    def transform(self, texts: Sequence[str]) -> np.ndarray: ...

    def fingerprint(self) -> str:
        """Model identity, for the embedding cache's keys."""
        ...


@runtime_checkable
class SkillNormaliser(Protocol):
    """Free-text skill phrases to concepts (:class:`matcher.text.skills.SkillNormaliser`).

    Each match has ``text``, ``uri`` (None when unmapped) and ``label``.
    """

    def transform(self, phrases: list[str]) -> list[list[Any]]: ...


@runtime_checkable
class Ranker(Protocol):
    """A learned re-ranker (:class:`matcher.ranking.ranker.Ranker`)."""

    def rescore(
        self, parts: np.ndarray, kind: Any, people: Any, pidx: np.ndarray, catalog: Any,
        oidx: np.ndarray, base: np.ndarray,
    ) -> np.ndarray:  # fmt: skip
        """Scores in [0, 1] of a (p, o) block; ``base`` is its hand-weighted score."""
        ...
