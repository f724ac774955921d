"""Hard eligibility rules, evaluated for many (person, opportunity) pairs at once.

Each rule is a bit in an integer mask, so a block of pairs carries every failed rule and a
counselor can see exactly why something was excluded and relax that rule for one person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from matcher.domain import OpportunityKind
from matcher.errors import MatcherError, OptionEnum
from matcher.scoring.geo import pairwise_km
from matcher.scoring.parts.base import BlockInputs

if TYPE_CHECKING:
    from matcher.scoring.arrays import CatalogArrays, PeopleArrays


class Rule(OptionEnum):
    __option__ = "rule"

    AGE = "age"
    GENDER = "gender"
    SEGMENT = "segment"
    EDUCATION = "education"
    CLOSING_DATE = "closing_date"
    SEATS = "seats"
    TRAVEL = "travel"
    MINOR_NIGHT_SHIFT = "minor_night_shift"
    LICENCE = "licence"  # a driving licence or own motorbike the vacancy requires
    LICENCE_HELD = "licence_held"  # a course for a licence or certificate already held
    LIVE_IN = "live_in"  # live-in work for a person who says she will not live in
    SCHEDULE = "schedule"  # a job or course at hours the person cannot keep (SCHEDULE_MIN)
    HOME_ONLY = "home_only"  # on-site work or a class in a room for a person home-bound

    @property
    def bit(self) -> int:
        return _BITS[self]


_BITS = {rule: 1 << i for i, rule in enumerate(Rule)}  # in declaration order

# Rules that protect a person rather than express a preference: nobody may relax them,
# whatever asks (the app, the CLI, a stored setting). Checked here, in the one function
# every relaxation goes through.
NOT_RELAXABLE = frozenset({Rule.MINOR_NIGHT_SHIFT})
UNRELAXABLE_BITS = sum(rule.bit for rule in NOT_RELAXABLE)


class RuleNotRelaxableError(MatcherError):
    """A request to relax a rule that may never be relaxed (see :data:`NOT_RELAXABLE`)."""

    code = "rule_not_relaxable"

    def __init__(self, rule: Rule):
        self.rule = rule
        super().__init__(f"rule {rule.value!r} protects the person and cannot be relaxed")


def relaxable_rules() -> list[Rule]:
    """The rules a counselor may relax for one person, in display order."""
    return [r for r in Rule if r not in NOT_RELAXABLE]


def check_relaxable(rules) -> frozenset[Rule]:
    """``rules`` parsed; raises :class:`RuleNotRelaxableError` for a protected rule."""
    parsed = frozenset(Rule.parse(r) for r in rules or ())
    for rule in sorted(parsed & NOT_RELAXABLE):
        raise RuleNotRelaxableError(rule)
    return parsed


def relax_mask(relaxed: frozenset[Rule] | set[Rule] | None) -> int:
    """Bits of the rules a counselor relaxed; these no longer exclude.

    Raises
    ------
    RuleNotRelaxableError
        When ``relaxed`` holds a rule in :data:`NOT_RELAXABLE`.
    """
    mask = 0
    for rule in check_relaxable(relaxed):
        mask |= rule.bit
    return mask


def failed_rules(bits: int) -> list[Rule]:
    return [r for r, bit in _BITS.items() if bits & bit]


@dataclass(frozen=True)
class HardRule:
    """One hard rule: its exact check, and how the batch prefilter applies it.

    ``check(inputs, as_of)`` gives the failed pairs of a block, broadcastable to (p, o).
    For the prefilter a rule is either decided by the item alone (``item_fails(catalog,
    as_of)`` -> (n,) bool: such items are left out), or by few distinct item values
    (``keys(catalog)`` -> (n,) or (n, k) values; ``fails(people, pidx, catalog, distinct)``
    -> (p, K) bool), which become one-hot columns against a penalty per person.
    """

    rule: Rule
    check: Callable[[BlockInputs, date], np.ndarray]
    item_fails: Callable[[CatalogArrays, date], np.ndarray] | None = None
    keys: Callable[[CatalogArrays], np.ndarray] | None = None
    fails: Callable[[PeopleArrays, np.ndarray, CatalogArrays, np.ndarray], np.ndarray] | None = None


_NO_AGE = (-1.0, 1000.0)  # stand-ins for "no limit" so that NaN bands group together


def _age_check(x: BlockInputs, as_of: date) -> np.ndarray:
    age = x.people.age[x.pidx][:, None].astype(float)
    lo, hi = x.items(x.catalog.min_age), x.items(x.catalog.max_age)
    with np.errstate(invalid="ignore"):
        return (~np.isnan(lo) & (age < lo)) | (~np.isnan(hi) & (age > hi))


def _age_fails(people, pidx, cat, bands) -> np.ndarray:
    age = people.age[pidx].astype(float)[:, None]
    return (age < bands[None, :, 0]) | (age > bands[None, :, 1])


def _target_check(person_attr: str, item_attr: str):
    def check(x: BlockInputs, as_of: date) -> np.ndarray:
        # String values compared as small integer codes, not as Python objects per pair;
        # the catalog's codes are computed once (code 0 is "semua", open to everyone).
        values, codes = target_codes(x.catalog, item_attr)
        lookup = {v: i for i, v in enumerate(values)}
        person = np.array(
            [lookup.get(v, -1) for v in getattr(x.people, person_attr)[x.pidx]], dtype=np.int32
        )
        target = x.items(codes)
        return (target != 0) & (target != person[:, None])

    def fails(people, pidx, cat, values) -> np.ndarray:
        person = getattr(people, person_attr)[pidx].astype(str)
        return (values[None, :] != "semua") & (values[None, :] != person[:, None])

    return check, fails


def _travel_keys(cat: CatalogArrays) -> np.ndarray:
    places, place_of = cat.places()
    return np.where(cat.remote, len(places), place_of)  # remote items: a key of their own


def _travel_fails(people, pidx, cat, keys) -> np.ndarray:
    places, _ = cat.places()
    out = np.zeros((len(pidx), len(keys)), dtype=bool)
    real = keys < len(places)
    # float32 as in the exact scorer, so the stand-in agrees to the last bit.
    km = pairwise_km(people.coords[pidx], places[keys[real]]).astype(np.float32)
    out[:, real] = np.where(np.isnan(km), np.inf, km) > people.max_km[pidx, None]
    return out


def licences_held(people: PeopleArrays) -> np.ndarray:
    """(n,) int64 :class:`~matcher.scoring.licences.Licence` masks people state."""
    from matcher.scoring import licences

    return people.derived(
        "licences", lambda: np.array([licences.held(r) for r in people.records], dtype=np.int64)
    )


def licences_required(catalog: CatalogArrays) -> np.ndarray:
    """(n,) int64 :class:`~matcher.scoring.licences.Licence` masks the items require."""
    from matcher.scoring import licences

    return catalog.derived(
        "licences",
        lambda: np.array([licences.required(r) for r in catalog.records], dtype=np.int64),
    )


def _licence_check(x: BlockInputs, as_of: date) -> np.ndarray:
    lacks = ~licences_held(x.people)[x.pidx][:, None]
    return (x.items(licences_required(x.catalog)) & lacks) != 0


def _licence_fails(people, pidx, cat, required) -> np.ndarray:
    return (required[None, :] & ~licences_held(people)[pidx][:, None]) != 0


def licences_granted(catalog: CatalogArrays) -> np.ndarray:
    """(n,) int64 :class:`~matcher.scoring.licences.Licence` masks the items lead to."""
    from matcher.scoring import licences

    return catalog.derived(
        "licences_granted",
        lambda: np.array([licences.granted(r) for r in catalog.records], dtype=np.int64),
    )


def _all_held(granted: np.ndarray, held: np.ndarray) -> np.ndarray:
    # The course leads to a licence, and every licence it leads to is one already held.
    return (granted != 0) & ((granted & ~held) == 0)


def _held_check(x: BlockInputs, as_of: date) -> np.ndarray:
    held = licences_held(x.people)[x.pidx][:, None]
    return _all_held(x.items(licences_granted(x.catalog)), held)


def _held_fails(people, pidx, cat, granted) -> np.ndarray:
    return _all_held(granted[None, :], licences_held(people)[pidx][:, None])


def refuses_live_in(people: PeopleArrays) -> np.ndarray:
    """(n,) bool: who says she will not live in (:func:`matcher.scoring.live_in.refuses`)."""
    from matcher.scoring import live_in

    return people.derived(
        "refuses_live_in",
        lambda: np.array([live_in.refuses(r) for r in people.records], dtype=bool),
    )


def live_in_items(catalog: CatalogArrays) -> np.ndarray:
    """(n,) bool: which items are live-in work (:func:`matcher.scoring.live_in.requires`)."""
    from matcher.scoring import live_in

    return catalog.derived(
        "live_in", lambda: np.array([live_in.requires(r) for r in catalog.records], dtype=bool)
    )


def home_only_people(people: PeopleArrays) -> np.ndarray:
    """(n,) bool: who can work or learn only from home (:func:`matcher.scoring.home_only.
    home_only`)."""
    from matcher.scoring.home_only import home_only

    return people.derived(
        "home_only", lambda: np.array([home_only(r) for r in people.records], dtype=bool)
    )


# Hours the person cannot keep. A vacancy whose hours she can work less than half of is
# not hers to take (a full-time weekday job for someone free at weekends only); a
# vocational course whose hours she can attend none of is not hers to follow (a course
# can be followed in part, a job cannot). Entrepreneurship programmes are not judged:
# many are events or online. Unknown availability (schedule fit UNKNOWN_FIT, 0.7),
# flexible items (1.0), items that do not write their hours ("part time",
# "Senin-Jumat": the reader's 08-17 is a guess) and online programmes' live classes
# (scored on their hours, never ruled out by them: parse_programme_schedule) never fail.
SCHEDULE_MIN = {OpportunityKind.VACANCY: 0.5, OpportunityKind.TRAINING: 1e-6}


def _schedule_check(x: BlockInputs, as_of: date) -> np.ndarray:
    from matcher.scoring.parts.schedule import SchedulePart

    bar = SCHEDULE_MIN.get(x.kind)
    if bar is None:
        return np.zeros((1, 1), dtype=bool)
    stated = x.items(x.catalog.job_masks().hours_stated())
    return (SchedulePart().block(x) < np.float32(bar)) & stated


def _schedule_keys(cat: CatalogArrays) -> np.ndarray:
    if cat.kind not in SCHEDULE_MIN:
        return np.zeros(len(cat), dtype=np.int64)
    jobs = cat.job_masks()  # few distinct schedules: one key each
    return jobs.inverse if jobs.inverse is not None else np.arange(len(cat))


def _schedule_fails(people, pidx, cat, keys) -> np.ndarray:
    from matcher.scoring.schedule import schedule_fit_arrays

    bar = SCHEDULE_MIN.get(cat.kind)
    if bar is None:
        return np.zeros((len(pidx), len(keys)), dtype=bool)
    jobs = cat.job_masks()
    distinct = (jobs.distinct if jobs.inverse is not None else jobs).take(keys)
    masks, known = people.schedule_masks()
    fit = schedule_fit_arrays(masks[pidx], known[pidx], distinct)
    return (fit < np.float32(bar)) & distinct.hours_stated()[None, :]


_gender_check, _gender_fails = _target_check("gender", "target_gender")
_segment_check, _segment_fails = _target_check("segment", "target_segment")

# The registry, in bit order. A new rule: a Rule member, its entry here, its words in
# app/i18n (rule.<code>).
RULES: tuple[HardRule, ...] = (
    HardRule(
        Rule.AGE, _age_check,
        keys=lambda c: np.column_stack([np.nan_to_num(c.min_age, nan=_NO_AGE[0]),
                                        np.nan_to_num(c.max_age, nan=_NO_AGE[1])]),
        fails=_age_fails,
    ),
    HardRule(Rule.GENDER, _gender_check, keys=lambda c: c.target_gender.astype(str),
             fails=_gender_fails),
    HardRule(Rule.SEGMENT, _segment_check, keys=lambda c: c.target_segment.astype(str),
             fails=_segment_fails),
    HardRule(
        Rule.EDUCATION,
        lambda x, d: x.people.education[x.pidx][:, None] < x.items(x.catalog.min_education),
        keys=lambda c: c.min_education,
        fails=lambda people, pidx, c, levels: people.education[pidx][:, None] < levels[None, :],
    ),
    HardRule(Rule.CLOSING_DATE, lambda x, d: ~x.items(x.catalog.open_on(d)),
             item_fails=lambda c, d: ~c.open_on(d)),
    HardRule(Rule.SEATS, lambda x, d: ~x.items(x.catalog.has_seats),
             item_fails=lambda c, d: ~c.has_seats),
    HardRule(
        Rule.TRAVEL,
        lambda x, d: ~x.items(x.catalog.remote)
        & (np.where(np.isnan(x.km), np.inf, x.km) > x.people.max_km[x.pidx][:, None]),
        keys=_travel_keys, fails=_travel_fails,
    ),
    HardRule(
        Rule.MINOR_NIGHT_SHIFT,
        lambda x, d: (x.people.age[x.pidx][:, None] < 18) & x.items(x.catalog.only_night),
        keys=lambda c: c.only_night,
        fails=lambda people, pidx, c, night: (people.age[pidx] < 18)[:, None] & night[None, :],
    ),
    HardRule(Rule.LICENCE, _licence_check, keys=licences_required, fails=_licence_fails),
    HardRule(Rule.LICENCE_HELD, _held_check, keys=licences_granted, fails=_held_fails),
    HardRule(
        Rule.LIVE_IN,
        lambda x, d: refuses_live_in(x.people)[x.pidx][:, None] & x.items(live_in_items(x.catalog)),
        keys=live_in_items,
        fails=lambda people, pidx, c, stays: refuses_live_in(people)[pidx][:, None] & stays[None, :],
    ),
    HardRule(Rule.SCHEDULE, _schedule_check, keys=_schedule_keys, fails=_schedule_fails),
    HardRule(
        Rule.HOME_ONLY,
        lambda x, d: home_only_people(x.people)[x.pidx][:, None] & ~x.items(x.catalog.remote),
        keys=lambda c: c.remote,
        fails=lambda people, pidx, c, remote: home_only_people(people)[pidx][:, None] & ~remote[None, :],
    ),
)  # fmt: skip


def evaluate_rules(inputs: BlockInputs, as_of: date) -> np.ndarray:
    """Failed-rule bits for every pair of the block, shape (p, o), int32."""
    bits = np.zeros(inputs.km.shape, dtype=np.int32)
    for rule in RULES:
        # In place, one pass over the block; a check may return a row or a column.
        failed = np.asarray(rule.check(inputs, as_of), dtype=bool)
        np.bitwise_or(bits, np.int32(rule.rule.bit), out=bits, where=failed)
    return bits


def target_codes(catalog, item_attr: str) -> tuple[list[str], np.ndarray]:
    """A target column of the catalog (``target_gender``, ``target_segment``) as codes,
    computed once per catalog (see :func:`_target_codes`)."""
    return catalog.derived(f"codes:{item_attr}", lambda: _target_codes(getattr(catalog, item_attr)))


def prepare(catalog) -> None:
    """Compute what the rules keep per catalog now, not on the first request."""
    for attr in ("target_gender", "target_segment"):
        target_codes(catalog, attr)
    licences_required(catalog), licences_granted(catalog), live_in_items(catalog)


def _target_codes(values: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The distinct target values (``"semua"`` first, as code 0) and each item's code."""
    distinct = ["semua"] + sorted({str(v) for v in values} - {"semua"})
    lookup = {v: i for i, v in enumerate(distinct)}
    return distinct, np.array([lookup[str(v)] for v in values], dtype=np.int32)
