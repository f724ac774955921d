"""Skills part: coverage of the item's skills by what the person can do or wants to learn."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matcher.domain import OpportunityKind
from matcher.scoring.parts.base import BlockInputs, ScorePart, StandIn

NICE_WEIGHT = 0.5  # a nice-to-have skill counts half a required one
NO_SKILLS = 0.5  # a vacancy that lists no skills: neither a match nor a miss
SATURATION = 2  # two useful skills taught make a training fully useful


def coverage(matched: np.ndarray, nice_matched: np.ndarray, n_req: np.ndarray,
             n_nice: np.ndarray) -> np.ndarray:  # fmt: skip
    """Vacancy skill coverage: (required matched + half nice matched) / (required + half
    nice), ``NO_SKILLS`` when the vacancy lists none. The one place this formula lives."""
    denom = n_req + NICE_WEIGHT * n_nice
    with np.errstate(invalid="ignore", divide="ignore"):
        part = (matched + NICE_WEIGHT * nice_matched) / denom
    return np.where(denom > 0, part, NO_SKILLS).astype(np.float32)


def _pair_dots(rows: sp.csr_matrix, items: sp.csr_matrix, oidx: np.ndarray) -> np.ndarray:
    """``rows[i] . items[oidx[i, j]]`` for every (i, j): sparse row-wise products."""
    p, m = oidx.shape
    left = rows[np.repeat(np.arange(p), m)]
    right = items[oidx.ravel()]
    return np.asarray(left.multiply(right).sum(axis=1), dtype=np.float32).reshape(p, m)


# Up to this many people's skill rows are multiplied as dense columns.
_DENSE_ROWS = 64


def _maximum(a, b):
    """Element-wise maximum of two dense arrays, or of two sparse matrices."""
    return a.maximum(b) if sp.issparse(a) else np.maximum(a, b)


def _dense_rows(m: sp.csr_matrix, rows: np.ndarray) -> np.ndarray:
    """Rows ``rows`` of ``m`` as a dense float32 array, read from its index arrays: for a
    few people this skips scipy's row indexing and its sparse copies (about 0.1 ms each,
    several per request)."""
    m = m if m.format == "csr" else m.tocsr()
    out = np.zeros((len(rows), m.shape[1]), dtype=np.float32)
    for r, i in enumerate(np.asarray(rows).ravel()):
        lo, hi = m.indptr[i], m.indptr[i + 1]
        np.add.at(out[r], m.indices[lo:hi], m.data[lo:hi])  # duplicates add, as in scipy
    return out


class SkillsPart(ScorePart):
    name = "skills"
    evidence = True
    default_weight = 0.30

    def block(self, inputs: BlockInputs) -> np.ndarray:
        return self._value(inputs, weighed=True)

    def covered(self, inputs: BlockInputs) -> np.ndarray:
        """A vacancy's skills part with only what the person has for sure
        (``PeopleArrays.strict``): own-trade evidence, which a near concept never is."""
        return self._value(inputs, weighed=True, strict=True)

    def taught_wanted(self, inputs: BlockInputs) -> np.ndarray:
        """A programme's skills part with every wanted skill counted whole: 1 when it
        teaches two skills (or all it teaches) that the person asks for or whose gap
        holds them at any weight. Own-trade evidence of vocational trainings
        (:mod:`matcher.scoring.evidence`): the part itself weighs a gap skill by how
        well its job scores, so a course closing the gap of the person's second-best
        job in their trade would never saturate."""
        return self._value(inputs, weighed=False, strict=True)

    def teaches_trade(self, inputs: BlockInputs, trade: sp.csr_matrix) -> np.ndarray:
        """:meth:`taught_wanted` over the skills of a programme's trade only (``trade``:
        its taught concepts that name no general business topic, one row per catalog
        item). Own-trade evidence of entrepreneurship programmes: a catering course
        teaches costing too, and a shop owner who can cost goods is not in catering."""
        return self._value(inputs, weighed=False, taught=trade, strict=True)

    def _value(
        self, inputs: BlockInputs, weighed: bool, taught: sp.csr_matrix | None = None,
        strict: bool = False,
    ) -> np.ndarray:  # fmt: skip
        people, pidx, cat, oidx = inputs.people, inputs.pidx, inputs.catalog, inputs.oidx
        # A few people's rows are dense from the start (the same values as scipy's rows
        # made dense); pairs and larger blocks stay sparse.
        dense = len(pidx) <= _DENSE_ROWS and not inputs.pairs

        def rows_of(m: sp.csr_matrix, rows: np.ndarray = pidx):
            return _dense_rows(m, rows) if dense else m[rows]

        have = rows_of(people.has_strict() if strict else people.effective)
        n_req, n_nice = cat.skill_counts()

        def overlap(rows, items: sp.csr_matrix) -> np.ndarray:
            if inputs.pairs:
                return _pair_dots(rows, items, oidx)
            chosen = items if inputs.whole else items[oidx]
            # items @ rows.T: transposing the few rows is cheap, transposing the catalog
            # (rows @ items.T) converts all of it on every request. A few people's rows
            # are dense: sparse x dense is one pass over the catalog's entries.
            if dense:
                return np.asarray(chosen @ rows.T, dtype=np.float32).T
            return np.asarray((chosen @ rows.T).T.todense(), dtype=np.float32)

        if inputs.kind is OpportunityKind.VACANCY:
            return coverage(
                overlap(have, cat.required), overlap(have, cat.nice),
                inputs.items(n_req), inputs.items(n_nice),
            )  # fmt: skip
        # A training is worth what it teaches that the person wants (interests) or that
        # their best local vacancies ask for and they lack (gap); two such skills saturate.
        wanted = (rows_of(people.interests) > 0).astype(np.float32)
        if inputs.kind is OpportunityKind.ENTREPRENEURSHIP:
            wanted = _maximum(wanted, have)  # grow the business they already run
        if inputs.gap is not None:
            gap = inputs.gap if weighed else (inputs.gap > 0).astype(np.float32)
            wanted = _maximum(wanted, rows_of(gap, np.arange(gap.shape[0])) if dense else gap)
        useful = overlap(wanted if dense else sp.csr_matrix(wanted),
                         cat.required if taught is None else taught)  # fmt: skip
        cap = inputs.items(np.clip(np.minimum(n_req, SATURATION), 1, None))
        return np.clip(useful / cap, 0, 1).astype(np.float32)

    def stand_in(self, engine, kind, items) -> StandIn:
        # Exact for vacancies: the person's skills (with equivalents) against the item's
        # required and nice-to-have skills over their count.
        cat = engine.catalog(kind)
        people = engine.people_
        n_req, n_nice = cat.skill_counts()
        if kind is not OpportunityKind.VACANCY:
            return self._programme_stand_in(people, cat, kind, items, n_req)
        denom = (n_req + NICE_WEIGHT * n_nice)[items]
        scale = sp.diags(np.where(denom > 0, 1.0 / np.where(denom > 0, denom, 1.0), 0.0))
        required = cat.required[items] + NICE_WEIGHT * cat.nice[items]
        skills = (scale @ required).tocsr().astype(np.float32)
        no_skills = (denom <= 0)[:, None].astype(np.float32)

        def person_cols(pidx: np.ndarray, w: float) -> np.ndarray:
            return np.full((len(pidx), 1), NO_SKILLS * w)

        def person_sparse(pidx: np.ndarray, w: float, gap=None) -> sp.csr_matrix:
            return (people.effective[pidx] * w).tocsr().astype(np.float32)

        return StandIn(no_skills, person_cols, skills, person_sparse)

    @staticmethod
    def _programme_stand_in(people, cat, kind, items, n_req) -> StandIn:
        # A programme: what it teaches that the person wants or lacks (``gap``: the
        # skills of their best vacancies, given by the batch) over the saturation count;
        # the clip at 1 is left out, so the stand-in never ranks a programme below its
        # score.
        cap = np.clip(np.minimum(n_req, SATURATION), 1, None)[items].astype(np.float32)
        taught = (sp.diags(1.0 / cap) @ cat.required[items]).tocsr().astype(np.float32)

        def person_sparse(pidx: np.ndarray, w: float, gap=None) -> sp.csr_matrix:
            wanted = (people.interests[pidx] > 0).astype(np.float32)
            if kind is OpportunityKind.ENTREPRENEURSHIP:
                wanted = wanted.maximum(people.effective[pidx])
            if gap is not None:
                wanted = wanted.maximum(gap)
            return (sp.csr_matrix(wanted) * w).tocsr().astype(np.float32)

        return StandIn(None, None, taught, person_sparse)
