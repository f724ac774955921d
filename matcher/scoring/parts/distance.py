"""Distance part: nearness of the item to where the person lives."""

from __future__ import annotations

import numpy as np

from matcher.domain import OpportunityKind
from matcher.scoring.geo import pairwise_km
from matcher.scoring.parts.base import BlockInputs, PairView, ScorePart, StandIn

# Half the score falls off every DISTANCE_HALF_KM of travel.
DISTANCE_HALF_KM = 4.0


def distance_score(km: np.ndarray) -> np.ndarray:
    """1 at the door, 0.5 at ``DISTANCE_HALF_KM``; an unknown place counts as twice that.

    Online and home-based items are set to 1 by the caller, which knows which they are.
    """
    score = np.power(0.5, np.nan_to_num(km, nan=DISTANCE_HALF_KM * 2) / DISTANCE_HALF_KM)
    return score.astype(np.float32)


def one_hot(codes: np.ndarray, width: int) -> np.ndarray:
    out = np.zeros((len(codes), width), dtype=np.float32)
    out[np.arange(len(codes)), codes] = 1.0
    return out


class DistancePart(ScorePart):
    name = "distance"
    default_weight = 0.15

    def block(self, inputs: BlockInputs) -> np.ndarray:
        # People and items sit at a few hundred kelurahan centroids: the score is computed
        # per pair of places and gathered, not per pair of records.
        table, p_inv, c_inv = inputs.place_pairs
        near = distance_score(table)[p_inv[:, None], c_inv]
        remote = inputs.items(inputs.catalog.remote)
        return np.where(remote, 1.0, near).astype(np.float32, copy=False)

    def stand_in(self, engine, kind, items) -> StandIn:
        # Exact: the person's row of the place score table against a one-hot of the
        # item's place (remote items: a constant column).
        cat = engine.catalog(kind)
        people = engine.people_
        places, place_of = cat.places()
        remote = cat.remote[items]
        cols = np.hstack([one_hot(place_of[items], len(places)), remote[:, None]])
        cols[remote, :-1] = 0.0

        def person_cols(pidx: np.ndarray, w: float) -> np.ndarray:
            # float32 km as in the exact scorer.
            km = pairwise_km(people.coords[pidx], places).astype(np.float32)
            return np.hstack([distance_score(km) * w, np.full((len(pidx), 1), w)])

        return StandIn(cols, person_cols)

    def explain(self, pair: PairView) -> dict:
        if pair.catalog.remote[pair.j]:
            # Online or from home: no distance to show ("jarak 0.0 km" from a programme
            # that names no place would be a figure about nothing), only that none counts.
            return {
                "distance_km": None,
                "no_travel": {"online": pair.kind is not OpportunityKind.VACANCY},
            }
        return {"distance_km": None if np.isnan(pair.km) else round(pair.km, 2)}

    def features(self, values):
        yield self.name, values
