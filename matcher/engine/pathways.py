""" "Job via training": vacancies that fit but for skills, with the trainings that teach them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from matcher.domain import OpportunityKind
from matcher.engine import results as ex
from matcher.engine.explaining import row_indices, skill_labeller
from matcher.scoring import evidence
from matcher.scoring.parts import part_index
from matcher.scoring.parts.skills import coverage
from matcher.scoring.weights import combine
from matcher.text.topk import top_k_rows

if TYPE_CHECKING:
    from matcher.engine.matching import Block, MatchingEngine, MatchOptions
    from matcher.scoring.arrays import PeopleArrays

MAX_TRAININGS = 2  # a plan longer than two courses is not a plan a jobseeker follows
CANDIDATE_VACANCIES = 30


def build_pathways(
    engine: MatchingEngine,
    people: PeopleArrays,
    pi: int,
    blocks: dict[OpportunityKind, Block],
    options: MatchOptions,
) -> list[ex.Pathway]:
    """Plans that close a vacancy's missing required skills with at most two trainings."""
    vac_kind = OpportunityKind.VACANCY
    vac = engine.catalog(vac_kind)
    trn = engine.catalog(OpportunityKind.TRAINING)
    vb, tb = blocks[OpportunityKind.VACANCY], blocks[OpportunityKind.TRAINING]
    v_ok = ~engine.excluded(vb.bits, options)[0]
    if engine.judges_trade(vb, options) and engine.text_matcher(vac_kind).gives_zscores():
        # A plan leads to a job in the person's direction: the texts must agree (a
        # business owner's strongly), since the skills are what the plan adds. The text
        # thresholds are z-scores: a single encoder's cosines cannot say it.
        bits = vb.evidence[0] & ~np.uint8(evidence.Evidence.SKILLS)
        v_ok &= evidence.own_trade(vac_kind, bits[None, :])[0]
    t_ok = np.flatnonzero(~engine.excluded(tb.bits, options)[0])
    if not len(t_ok):
        return []
    # What the person has for sure; a skill held through its nearest concept only
    # (counted at its weight in ``effective``) is one a course can still close.
    sure = set(row_indices(people.has_strict(), pi).tolist())
    lo, hi = people.effective.indptr[pi], people.effective.indptr[pi + 1]
    held = dict(zip(people.effective.indices[lo:hi].tolist(),
                    people.effective.data[lo:hi].tolist(), strict=True))  # fmt: skip
    taught, teaches = teaching(trn)
    closed_now = np.ones(len(trn), dtype=bool)
    closed_now[t_ok] = False
    t_score = tb.score[0]
    # Vacancies whose only weakness is skills: rank by everything but the skills part.
    w = (
        options.weights.replace(skills=0.0)
        if options.weights.total() > options.weights.skills
        else options.weights
    )
    rest = np.where(v_ok, combine(vb.parts[0], w), -np.inf)
    top, top_s = top_k_rows(rest[None, :], CANDIDATE_VACANCIES)
    order = top[0][np.isfinite(top_s[0])]
    # (vacancy, trainings, closed, left, score now, score after): explained only for the
    # plans shown.
    plans: list[tuple[int, list[int], set[int], set[int], float, float]] = []
    for j in order:
        required = row_indices(vac.required, j)
        missing = set(required.tolist()) - sure
        if not missing:
            continue
        chosen: list[int] = []
        left = set(missing)
        while left and len(chosen) < MAX_TRAININGS:
            # The open training teaching most of what is left, then the best scored; ties
            # to the lowest index. Counted over the trainings teaching each skill.
            lists = [teaches[c] for c in left if c in teaches]
            if not lists:
                break
            overlap = np.bincount(np.concatenate(lists), minlength=len(trn))
            overlap[closed_now] = 0
            overlap[chosen] = 0
            most = overlap.max()
            if most == 0:
                break
            tied = np.flatnonzero(overlap == most)
            best = int(tied[np.argmax(t_score[tied])])
            chosen.append(best)
            left -= taught[best]
        if not chosen:
            continue
        closed = missing - left
        parts_after = vb.parts[0, j].copy()
        nice = row_indices(vac.nice, j)
        n_req, n_nice = len(required), len(nice)
        nice_have = sum(held.get(c, 0.0) for c in nice.tolist())
        # Every required skill but those left is had for sure or closed by the plan.
        req_have = n_req - len(left) + sum(held.get(c, 0.0) for c in left)
        parts_after[part_index("skills")] = coverage(req_have, nice_have, n_req, n_nice)
        after = float(combine(parts_after[None, :], options.weights)[0])
        now = float(vb.score[0, j])
        if after <= now:
            continue
        plans.append((int(j), chosen, closed, left, now, after))
    plans.sort(key=lambda p: (-p[5], len(p[3])))  # stable: ties keep the vacancy order
    label = skill_labeller(engine, people, pi)
    return [
        ex.Pathway(
            vacancy=engine.recommendation(OpportunityKind.VACANCY, vb, 0, j, 0, people, pi, options, None),
            trainings=tuple(
                engine.recommendation(OpportunityKind.TRAINING, tb, 0, t, i, people, pi, options, None)
                for i, t in enumerate(chosen, start=1)
            ),
            skills_closed=ex.distinct_labels(label(c) for c in sorted(closed)),
            skills_still_missing=ex.distinct_labels(label(c) for c in sorted(left)),
            score_now=now,
            score_after=after,
        )
        for j, chosen, closed, left, now, after in plans[: options.pathways]
    ]  # fmt: skip


def teaching(trn) -> tuple[dict[int, set[int]], dict[int, np.ndarray]]:
    """:func:`_teaching` of a training catalog, kept with it (the engine asks at fit)."""
    return trn.derived("pathways:teaching", lambda: _teaching(trn.required))


def _teaching(required) -> tuple[dict[int, set[int]], dict[int, np.ndarray]]:
    """Each training's skills, and each skill's trainings in index order; computed once
    per catalog (row slices straight from the CSR arrays: a scipy row lookup per
    training costs ~0.1 ms, and there are thousands of trainings)."""
    ind, ptr = required.indices, required.indptr
    taught = {t: set(ind[ptr[t] : ptr[t + 1]].tolist()) for t in range(required.shape[0])}
    teaches: dict[int, list[int]] = {}
    for t, skills in taught.items():
        for c in skills:
            teaches.setdefault(c, []).append(t)
    return taught, {c: np.asarray(ts, dtype=np.int64) for c, ts in teaches.items()}
