"""Pair features for the learned ranker: the score parts plus who and what the pair is.

Counselors' preferences depend on context the five score parts do not carry: a mother
who takes her children to school weighs travel more than the distance part does; a
jobseeker under 18 is never sent to a job with night hours. The features below are the
parts, the hand-set score, and that context, with two interactions.

The same function builds them at training time (from stored decisions) and at serving
time (for a whole (p, o) block of the engine), so the two can never drift apart. At
serving time the features are produced one (p, o) column at a time, so a linear model
scores 1 x 50,000 pairs without a (p, o, F) copy (see :func:`block_features`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import numpy as np

from matcher.domain import Gender, Jobseeker, OpportunityKind
from matcher.scoring.parts import PARTS, part_index
from matcher.scoring.parts.distance import DISTANCE_HALF_KM
from matcher.scoring.schedule import NIGHT_HOURS, Schedule
from matcher.scoring.weights import Weights, combine

# Bump when a feature changes meaning: a saved model with another schema is not loaded.
FEATURE_SCHEMA = 1
MAX_KM = 30.0  # travel beyond this reads as "far"; keeps the km feature bounded
ADULT_AGE = 18

# Availability text that says the person cares for children ("pagi saja, antar anak").
_CHILDCARE = re.compile(
    r"\banak\b|childcare|child care|anak-anak|antar anak|mengurus anak|\bbayi\b"
)

_NIGHT_COLUMNS = np.array([d * 24 + h for d in range(7) for h in sorted(NIGHT_HOURS)])

KIND_NAMES = tuple(f"kind_{k.value}" for k in OpportunityKind)
FEATURE_NAMES: tuple[str, ...] = (
    *(name for p in PARTS for name, _ in p.features(np.zeros(1, np.float32))),
    "hand_score",  # the hand-set weighted score: a prior the model can lean on
    "km",
    "female",
    "childcare",
    "minor",
    "night",
    *KIND_NAMES,
    "female_childcare_x_km",
    "minor_x_night",
)


def has_childcare(availability: str) -> bool:
    """True when the availability text mentions caring for children."""
    return bool(_CHILDCARE.search((availability or "").lower()))


def person_context(people: Sequence[Jobseeker]) -> np.ndarray:
    """(p, 3) float32: female, childcare duties, minor (under 18)."""
    out = np.zeros((len(people), 3), dtype=np.float32)
    for i, p in enumerate(people):  # one row per person, never per pair
        out[i] = (p.gender is Gender.FEMALE, has_childcare(p.availability), p.age < ADULT_AGE)
    return out


def people_context(people) -> np.ndarray:
    """:func:`person_context` of every person of a :class:`~matcher.scoring.arrays.PeopleArrays`,
    computed once (ranking items for a vacancy scores every indexed person each time)."""
    if hasattr(people, "derived"):
        return people.derived("ranker_context", lambda: person_context(people.records))
    return person_context(people.records)


def night_hours(schedules: Sequence[Schedule]) -> np.ndarray:
    """(o,) float32: the item's schedule has hours between 22:00 and 05:00."""
    return np.fromiter((s.has_night_hours for s in schedules), dtype=np.float32)


def catalog_night(catalog) -> np.ndarray:
    """Night hours of every item of a :class:`~matcher.scoring.arrays.CatalogArrays`, once.

    Read from the catalog's stacked schedule masks when it has them (vectorised; the
    same answer as :func:`night_hours`, which a test checks).
    """
    if not hasattr(catalog, "derived"):
        return night_hours(catalog.schedules)

    def compute() -> np.ndarray:
        alts = catalog.job_masks().alts  # (k, n, 168)
        return alts[:, :, _NIGHT_COLUMNS].any(axis=(0, 2)).astype(np.float32)

    return catalog.derived("ranker_night", compute)


def km_from_distance(distance_part: np.ndarray) -> np.ndarray:
    """Travel km recovered from the distance part (1 at the door, halving every 4 km)."""
    d = np.clip(np.asarray(distance_part, dtype=np.float32), 1e-6, 1.0)
    return np.minimum(-DISTANCE_HALF_KM * np.log2(d), MAX_KM).astype(np.float32)


def block_features(
    parts: np.ndarray, kind: OpportunityKind, person_ctx: np.ndarray, night: np.ndarray
) -> Iterator[tuple[str, np.ndarray]]:
    """Yield ``(name, values)`` for each feature in :data:`FEATURE_NAMES` order.

    Parameters
    ----------
    parts : ndarray (p, o, parts)
        Score parts in registry order (:data:`matcher.scoring.parts.PARTS`).
    kind : OpportunityKind
    person_ctx : ndarray (p, 3)
        From :func:`person_context`.
    night : ndarray (o,), or (p, o) / (p, 1) when already laid out per pair
        From :func:`night_hours`.

    Values are (p, o) arrays or broadcastable (p, 1) / (1, o) / scalars.
    """
    kind = OpportunityKind(kind)
    night = night[None, :] if night.ndim == 1 else night
    for k, part in enumerate(PARTS):
        yield from part.features(parts[..., k])
    yield "hand_score", combine(parts, Weights())
    km = km_from_distance(parts[..., part_index("distance")])
    yield "km", km
    female, childcare, minor = (person_ctx[:, c : c + 1] for c in range(3))
    yield "female", female
    yield "childcare", childcare
    yield "minor", minor
    yield "night", night
    for name, k in zip(KIND_NAMES, OpportunityKind, strict=True):
        yield name, np.float32(k is kind)
    yield "female_childcare_x_km", female * childcare * km
    yield "minor_x_night", minor * night


def feature_matrix(
    parts: np.ndarray, kind: OpportunityKind, person_ctx: np.ndarray, night: np.ndarray
) -> np.ndarray:
    """The features of a (p, o) block as a dense (p * o, F) matrix, row-major by pair."""
    shape = parts.shape[:2]
    features = block_features(parts, kind, person_ctx, night)
    cols = [np.broadcast_to(v, shape).ravel() for _, v in features]
    return np.stack(cols, axis=1).astype(np.float32)


def pair_matrix(
    parts: np.ndarray, kind: OpportunityKind, person_ctx: np.ndarray, night: np.ndarray
) -> np.ndarray:
    """Features of n aligned pairs: row i is person ``person_ctx[i]`` with item ``night[i]``.

    ``parts`` is (n, parts); the result is (n, F), the same columns as :func:`feature_matrix`.
    """
    return feature_matrix(parts[:, None, :], kind, person_ctx, np.asarray(night)[:, None])


def linear_scores(
    coef: np.ndarray,
    intercept: float,
    parts: np.ndarray,
    kind: OpportunityKind,
    person_ctx: np.ndarray,
    night: np.ndarray,
) -> np.ndarray:
    """``features @ coef + intercept`` for a (p, o) block, one feature at a time."""
    z = np.full(parts.shape[:2], intercept, dtype=np.float32)
    for w, (_, values) in zip(coef, block_features(parts, kind, person_ctx, night), strict=True):
        if w:
            z += np.float32(w) * values
    return z
