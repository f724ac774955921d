"""Shortlists for batch ranking: a linear stand-in for the score, one matrix product per block.

``MatchingEngine.rank_all`` over 20,000 people x 50,000 vacancies would run the exact
five-part scorer on 10^9 pairs. Instead it shortlists first: every pair is scored with a
linear stand-in ``Q @ X.T`` (one dense product per block of people, plus one sparse
product for skills), each person keeps their ``n`` best, and only the shortlisted pairs
are scored exactly (stage 2, in the engine).

The stand-in, part by part, with the request's weights:

- semantic: the text matcher's dense encoders against half each item's own text vector
  plus half its mean name vector, scaled like its z-scores
  (:meth:`TextMatcher.surrogate_queries`); TF-IDF, the best-name maximum and the clip of
  the squash are left out, so this part is approximate;
- skills: exact; the person's skills (with equivalents) against the item's required and
  nice-to-have skills over their count;
- distance: exact; the person's row of the place-to-place score table against a one-hot
  of the item's place;
- schedule: the person's weekly hours against the mean of the job's alternatives, per
  hour needed (the exact part takes the best alternative);
- education: exact; the person's row of the level table against a one-hot of the item's
  minimum level.

The hard rules are exact, so a shortlist never trades an eligible item for an ineligible
one: each failed rule subtracts a penalty far larger than any score, through the same
one-hot blocks (age band, target gender, target segment, night-only, education, travel),
and items closed or without seats on the request's day are left out. A relaxed rule costs
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matcher.domain import OpportunityKind
from matcher.scoring.geo import pairwise_km
from matcher.scoring.rules import Rule
from matcher.scoring.schedule import UNKNOWN_FIT
from matcher.scoring.weights import Part, distance_score, education_score

# Far below any sum of parts (each in [0, 1], semantic z-scores rarely beyond +-10).
PENALTY = 1000.0
_NO_AGE = (-1.0, 1000.0)  # stand-ins for "no limit" so that NaN bands group together


@dataclass
class ItemSide:
    """One catalog's side of the stand-in, for one request day and set of relaxed rules."""

    items: np.ndarray  # catalog rows that can be shortlisted (open, with seats)
    dense: np.ndarray  # (len(items), D) float32
    skills: sp.csr_matrix  # (len(items), C) (required + 0.5 nice) / their count
    places: np.ndarray  # (P, 2) the catalog's distinct places (columns of the place block)
    bands: np.ndarray  # (B, 2) distinct (min_age, max_age) with _NO_AGE for no limit
    genders: np.ndarray  # distinct target genders
    segments: np.ndarray  # distinct target segments
    levels: int  # education levels 0..levels-1


def _one_hot(codes: np.ndarray, width: int) -> np.ndarray:
    out = np.zeros((len(codes), width), dtype=np.float32)
    out[np.arange(len(codes)), codes] = 1.0
    return out


def item_side(engine, kind: OpportunityKind, options) -> ItemSide:
    """Build the catalog side of the stand-in (vacancies only; see ``MatchingEngine.rank_all``)."""
    if kind is not OpportunityKind.VACANCY:
        raise ValueError(f"shortlists are built for vacancies; got kind={kind.value!r}")
    cat = engine.catalogs_[kind]
    relaxed = set(options.relaxed_rules)
    keep = np.ones(len(cat), dtype=bool)
    if Rule.CLOSING_DATE not in relaxed:
        keep &= cat.open_on(options.today())
    if Rule.SEATS not in relaxed:
        keep &= cat.has_seats
    items = np.flatnonzero(keep)
    semantic = engine.text_[kind].surrogate_items()[items]
    places, place_of = cat.places()
    place = np.hstack([_one_hot(place_of[items], len(places)), cat.remote[items, None]])
    place[cat.remote[items], :-1] = 0.0  # travel does not apply to remote items
    jobs = cat.job_masks()
    hours = (jobs.alts / jobs.need[:, :, None]).mean(axis=0)[items]
    flexible = jobs.flexible[items]
    hours[flexible] = 0.0
    schedule = np.hstack([hours, flexible[:, None], ~flexible[:, None]]).astype(np.float32)
    levels = int(max(cat.min_education.max(initial=0), engine.people_.education.max(initial=0))) + 1
    education = _one_hot(cat.min_education[items], levels)
    band = np.column_stack([np.nan_to_num(cat.min_age, nan=_NO_AGE[0]),
                            np.nan_to_num(cat.max_age, nan=_NO_AGE[1])])  # fmt: skip
    bands, band_of = np.unique(band, axis=0, return_inverse=True)
    genders, gender_of = np.unique(cat.target_gender.astype(str), return_inverse=True)
    segments, segment_of = np.unique(cat.target_segment.astype(str), return_inverse=True)
    rules = np.hstack([
        _one_hot(band_of.reshape(-1)[items], len(bands)),
        _one_hot(gender_of.reshape(-1)[items], len(genders)),
        _one_hot(segment_of.reshape(-1)[items], len(segments)),
        cat.only_night[items, None].astype(np.float32),
    ])  # fmt: skip
    n_req, n_nice = cat.skill_counts()
    denom = (n_req + 0.5 * n_nice)[items]
    scale = sp.diags(np.where(denom > 0, 1.0 / np.where(denom > 0, denom, 1.0), 0.0))
    skills = (scale @ (cat.required[items] + 0.5 * cat.nice[items])).tocsr().astype(np.float32)
    no_skills = (denom <= 0)[:, None].astype(np.float32)
    dense = np.hstack([semantic, place, schedule, education, rules, no_skills])
    return ItemSide(
        items=items, dense=np.ascontiguousarray(dense, dtype=np.float32), skills=skills,
        places=places, bands=bands, genders=genders, segments=segments, levels=levels,
    )  # fmt: skip


def people_side(engine, kind, side: ItemSide, pidx: np.ndarray, options):
    """The people side for rows ``pidx`` of the engine's people: ``(dense, skills)``."""
    people = engine.people_
    w = options.weights.as_array()
    a = dict(zip(list(Part), w / w.sum(), strict=True))
    relaxed = set(options.relaxed_rules)
    n = len(pidx)
    texts = [people.texts[i] for i in pidx]
    # Linear in the z-score: its constant per person, and the squash's clip, are left out
    # (measured: clipping the estimate made shortlists worse, see docs/scaling.md).
    semantic = engine.text_[kind].surrogate_queries(texts)[0] * (a[Part.SEMANTIC] / 3.0)
    # Place block: the person's row of the place score table, minus the travel penalty.
    # float32 as in the exact scorer, so the travel rule agrees to the last bit.
    km = pairwise_km(people.coords[pidx], side.places).astype(np.float32)
    near = distance_score(km) * a[Part.DISTANCE]
    if Rule.TRAVEL not in relaxed:
        too_far = np.where(np.isnan(km), np.inf, km) > people.max_km[pidx, None]
        near = near - PENALTY * too_far
    place = np.hstack([near, np.full((n, 1), a[Part.DISTANCE])])
    masks, known = people.schedule_masks()
    hours = np.where(known[pidx, None], masks[pidx], 0.0) * a[Part.SCHEDULE]
    unknown = np.where(known[pidx], 0.0, UNKNOWN_FIT) * a[Part.SCHEDULE]
    schedule = np.hstack([hours, np.full((n, 1), a[Part.SCHEDULE]), unknown[:, None]])
    levels = np.arange(side.levels)
    edu = people.education[pidx]
    education = education_score(edu, levels) * a[Part.EDUCATION]
    if Rule.EDUCATION not in relaxed:
        education = education - PENALTY * (edu[:, None] < levels[None, :])
    age = people.age[pidx].astype(float)
    rules = []
    outside = (age[:, None] < side.bands[None, :, 0]) | (age[:, None] > side.bands[None, :, 1])
    rules.append(outside & (Rule.AGE not in relaxed))
    for values, person, rule in (
        (side.genders, people.gender[pidx], Rule.GENDER),
        (side.segments, people.segment[pidx], Rule.SEGMENT),
    ):
        wrong = (values[None, :] != "semua") & (values[None, :] != person.astype(str)[:, None])
        rules.append(wrong & (rule not in relaxed))
    rules.append((age < 18)[:, None] & (Rule.MINOR_NIGHT_SHIFT not in relaxed))
    rules = -PENALTY * np.hstack(rules).astype(np.float32)
    no_skills = np.full((n, 1), 0.5 * a[Part.SKILLS])
    dense = np.hstack([semantic, place, schedule, education, rules, no_skills])
    skills = (people.effective[pidx] * a[Part.SKILLS]).tocsr().astype(np.float32)
    return np.ascontiguousarray(dense, dtype=np.float32), skills


def stand_in_scores(engine, kind, side: ItemSide, pidx: np.ndarray, options) -> np.ndarray:
    """The stand-in score of rows ``pidx`` against ``side.items``, (p, len(items))."""
    dense, skills = people_side(engine, kind, side, pidx, options)
    scores = dense @ side.dense.T
    product = (skills @ side.skills.T).tocsr()
    rows = np.repeat(np.arange(product.shape[0]), np.diff(product.indptr))
    scores[rows, product.indices] += product.data
    return scores


def shortlists(
    engine, kind, pidx: np.ndarray, size: int, options, chunk_size: int = 1024
) -> np.ndarray:
    """Each person's ``size`` best catalog rows by the stand-in, (len(pidx), size), best
    first; -1 pads a catalog with fewer items that can be shortlisted."""
    side = item_side(engine, kind, options)
    k = min(int(size), len(side.items))
    out = np.full((len(pidx), int(size)), -1, dtype=np.int64)
    if k == 0:
        return out
    import torch  # its top-k is a partial sort, 5x numpy's argpartition at 50k columns

    for lo in range(0, len(pidx), chunk_size):
        rows = pidx[lo : lo + chunk_size]
        scores = stand_in_scores(engine, kind, side, rows, options)
        top = torch.topk(torch.from_numpy(scores), k, dim=1, sorted=True).indices.numpy()
        out[lo : lo + len(rows), :k] = side.items[top]
    return out
