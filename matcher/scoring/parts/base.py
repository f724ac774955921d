"""The ScorePart interface: one object per part of the score.

A part turns a block of (person, item) pairs into values in [0, 1]. The engine's block
scorer, the batch prefilter, pathways, the explanation and the learned ranker all read
the parts from one registry (:data:`matcher.scoring.parts.PARTS`), so a new part is one
file plus one line there.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import scipy.sparse as sp

from matcher.domain import OpportunityKind

if TYPE_CHECKING:
    from matcher.scoring.arrays import CatalogArrays, PeopleArrays


@dataclass
class BlockInputs:
    """What a part may read to score ``pidx`` x ``oidx`` pairs of one catalog.

    ``oidx`` is a slice (every item), item indices (o,) shared by all of ``pidx``, or
    (p, m) indices: each person's own items, scored pair by pair.
    """

    kind: OpportunityKind
    people: PeopleArrays
    pidx: np.ndarray
    catalog: CatalogArrays
    oidx: slice | np.ndarray
    gap: sp.csr_matrix | None  # (p, C) skills worth training for (trainings only)
    km: np.ndarray  # (p, o) float32 travel km, 0 for remote items, NaN when unknown
    place_pairs: tuple[np.ndarray, np.ndarray, np.ndarray]  # km table, person row, item col
    text_scores: Callable[[], np.ndarray]  # (p, o) the text matcher's per-query z-scores

    @property
    def whole(self) -> bool:
        return isinstance(self.oidx, slice)

    @property
    def pairs(self) -> bool:
        return not self.whole and np.ndim(self.oidx) == 2

    def items(self, values: np.ndarray) -> np.ndarray:
        """A per-item array of the catalog, laid out against the people: (1, o) or (p, m)."""
        out = values[self.oidx]
        return out if self.pairs else out[None, :]


@dataclass
class PairView:
    """One (person, item) pair, for the explanation."""

    kind: OpportunityKind
    people: PeopleArrays
    pi: int
    catalog: CatalogArrays
    j: int
    value: float  # this part's value for the pair
    km: float  # NaN when unknown


@dataclass
class StandIn:
    """A part's linear stand-in for the batch prefilter: person_cols(pidx, w) @ item_cols.T.

    ``item_cols`` are (n_items, d) for the catalog rows that can be shortlisted;
    ``person_cols(pidx, w)`` gives (p, d) with the part's normalised weight ``w`` folded
    in. A sparse pair (``item_sparse``, ``person_sparse``) adds a sparse product.
    """

    item_cols: np.ndarray | None
    person_cols: Callable[[np.ndarray, float], np.ndarray] | None
    item_sparse: sp.csr_matrix | None = None
    person_sparse: Callable[[np.ndarray, float], sp.csr_matrix] | None = None
    # False: the columns only estimate the part (semantic), so the prefilter may multiply
    # them at lower precision; exact parts and the rules stay float32.
    exact: bool = True


class ScorePart(ABC):
    """One part of the score. Subclasses set the class attributes and :meth:`block`.

    Attributes
    ----------
    name : str
        The part's code: its weight's name, its key in stored decisions and in
        explanations; its label lives in ``app/i18n`` as ``part.<name>``.
    default_weight : float
        Its weight in :class:`matcher.scoring.weights.Weights` by default.
    neutral : float
        Its value for a stored decision saved before the part existed (the learned
        ranker reads old decisions with this value).
    """

    name: ClassVar[str]
    default_weight: ClassVar[float]
    neutral: ClassVar[float] = 0.5
    # Whether the part is evidence that the item is *about* this person (what they can do
    # or want), as opposed to how convenient it is (distance, schedule, education). Only
    # evidence parts count for the relevance floor (MatchOptions.relevance_floor).
    evidence: ClassVar[bool] = False

    @abstractmethod
    def block(self, inputs: BlockInputs) -> np.ndarray:
        """Values in [0, 1] for the block's pairs, (p, o) float32."""

    def stand_in(self, engine: Any, kind: OpportunityKind, items: np.ndarray) -> StandIn | None:
        """The linear stand-in for the batch prefilter, or None when the part has none
        (it then adds nothing to stage 1; stage 2 scores it exactly)."""
        return None

    def explain(self, pair: PairView) -> dict[str, Any]:
        """Facts for the explanation beyond the part's value (e.g. the km)."""
        return {}

    def features(self, values: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
        """The learned ranker's feature(s) from this part's values; by default the value."""
        yield self.name, values
