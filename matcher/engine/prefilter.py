"""Shortlists for batch ranking: a linear stand-in for the score, one matrix product per block.

``MatchingEngine.rank_all`` over 20,000 people x 50,000 vacancies would run the exact
five-part scorer on 10^9 pairs. Instead it shortlists first: every pair is scored with a
linear stand-in ``Q @ X.T`` (one dense product per block of people, plus one sparse
product for skills), each person keeps their ``n`` best, and only the shortlisted pairs
are scored exactly (stage 2, in the engine).

The stand-in is the sum of each score part's own linear stand-in
(:meth:`matcher.scoring.parts.ScorePart.stand_in`), with the request's weights: exact
for skills, distance and education; approximate for the semantic part (the dense
encoders only) and schedule (the mean of a job's alternatives); a part without one adds
nothing here and is scored in stage 2.

The semantic part's columns (its dense encoders, about 900 of the ~1,100 columns) only
estimate that part, so they are multiplied in bfloat16 where the CPU has it (AVX512-BF16:
twice float32's rate; ``STAND_IN_PRECISION``), with float32 accumulation; the exact
parts and the rules are multiplied in float32. Stage 2 rescores every shortlisted pair
exactly, so the precision only decides which 100 items get there.

The hard rules are exact, so a shortlist never trades an eligible item for an ineligible
one. They come from the rule registry (:data:`matcher.scoring.rules.RULES`): a rule
decided by the item alone leaves the item out (closed, no seats on the request's day);
any other rule turns its few distinct item values into one-hot columns, against which
each person's row holds a penalty far larger than any score where the rule fails. A
relaxed rule costs nothing.
"""

from __future__ import annotations

import functools
import os
import threading
from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp

from matcher.domain import OpportunityKind
from matcher.scoring.distinct import distinct_rows
from matcher.scoring.parts import PARTS, StandIn
from matcher.scoring.parts.distance import one_hot
from matcher.scoring.rules import RULES, HardRule
from matcher.threads import run_each

# Far below any sum of parts (each in [0, 1], semantic z-scores rarely beyond +-10).
PENALTY = 1000.0
PRECISIONS = ("float32", "bfloat16")
# People whose side of the stand-in is built at once, by one worker thread: the text
# matcher reads their statistics against its reference sample faster in large batches
# (64 rows: 13-50 GFLOP/s; 1,024 and more: 90+), and two blocks are in memory at a time.
PEOPLE_BLOCK = 2048


@functools.cache
def bfloat16_is_fast() -> bool:
    """Whether this CPU multiplies bfloat16 natively (AVX512-BF16 or AMX), per torch."""
    import torch

    return torch.backends.cpu.get_cpu_capability() in {"AVX512_BF16", "AMX"} or _has_flag(
        "avx512_bf16"
    )


def _has_flag(flag: str) -> bool:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            return any(flag in line.split() for line in f if line.startswith("flags"))
    except OSError:
        return False


def default_precision() -> str:
    """``bfloat16`` for the estimated columns where the CPU has it, else ``float32``;
    ``MATCHER_STAND_IN_PRECISION`` (``float32`` or ``bfloat16``) overrides it."""
    chosen = os.environ.get("MATCHER_STAND_IN_PRECISION", "").strip()
    if chosen:
        if chosen not in PRECISIONS:
            raise ValueError(
                f"MATCHER_STAND_IN_PRECISION={chosen!r}; allowed: {', '.join(PRECISIONS)}"
            )
        return chosen
    return "bfloat16" if bfloat16_is_fast() else "float32"


@dataclass
class ItemSide:
    """One catalog's side of the stand-in, for one request day and set of relaxed rules."""

    items: np.ndarray  # catalog rows that can be shortlisted (open, with seats)
    dense: np.ndarray  # (len(items), D) float32: the exact parts' columns, then the rules'
    approx: np.ndarray | None  # (len(items), A) float32: the estimating parts' columns
    skills: sp.csr_matrix | None  # (len(items), C) the parts' sparse columns
    parts: list[tuple[int, StandIn]]  # (position in PARTS, its stand-in)
    rules: list[tuple[HardRule, np.ndarray]]  # (rule, its distinct item values)
    _low: dict = field(default_factory=dict, repr=False)

    def distinct_dense(self) -> tuple[np.ndarray, np.ndarray] | None:
        """``dense`` as its distinct rows and each item's row in them, when items share
        few (a few thousand combinations of place, schedule, education, age band... for
        50,000 vacancies): a product with those rows and a gather replace the full
        product. None when most rows are distinct."""
        if "distinct" not in self._low:
            first, inverse = distinct_rows(self.dense)
            useful = len(first) * 4 <= len(self.dense)
            self._low["distinct"] = (self.dense[first], inverse) if useful else None
        return self._low["distinct"]

    def approx_bf16(self):
        """``approx`` as a torch bfloat16 tensor, converted once."""
        if "bf16" not in self._low:
            import torch

            self._low["bf16"] = torch.from_numpy(self.approx).to(torch.bfloat16)
        return self._low["bf16"]


@dataclass
class PeopleSide:
    """The people side of the stand-in, for rows of the engine's people."""

    dense: np.ndarray  # (p, D) float32, against ItemSide.dense
    approx: np.ndarray | None  # (p, A) float32, against ItemSide.approx
    skills: sp.csr_matrix | None  # (p, C)

    def rows(self, lo: int, hi: int) -> PeopleSide:
        """People ``lo:hi`` of this side."""
        return PeopleSide(
            dense=self.dense[lo:hi],
            approx=None if self.approx is None else self.approx[lo:hi],
            skills=None if self.skills is None else self.skills[lo:hi],
        )


def _distinct(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    values, inverse = np.unique(keys, axis=0 if keys.ndim == 2 else None, return_inverse=True)
    return values, inverse.reshape(-1)


def item_side(engine, kind: OpportunityKind, options) -> ItemSide:
    """Build the catalog side of the stand-in (see ``MatchingEngine.rank_all``)."""
    cat = engine.catalog(kind)
    relaxed = set(options.relaxed_rules)
    keep = np.ones(len(cat), dtype=bool)
    for rule in RULES:
        if rule.item_fails is not None and rule.rule not in relaxed:
            keep &= ~rule.item_fails(cat, options.today())
    items = np.flatnonzero(keep)
    parts = [(k, s) for k, p in enumerate(PARTS) if (s := p.stand_in(engine, kind, items))]
    rules = []
    for rule in RULES:
        if rule.keys is not None:
            values, inverse = _distinct(rule.keys(cat))
            rules.append((rule, values, one_hot(inverse[items], len(values))))
    dense = [s.item_cols for _, s in parts if s.item_cols is not None and s.exact]
    dense += [cols for _, _, cols in rules]
    approx = [s.item_cols for _, s in parts if s.item_cols is not None and not s.exact]
    sparse = [s.item_sparse for _, s in parts if s.item_sparse is not None]
    return ItemSide(
        items=items,
        dense=np.ascontiguousarray(np.hstack(dense), dtype=np.float32),
        approx=np.ascontiguousarray(_side_by_side(approx), dtype=np.float32) if approx else None,
        skills=sp.hstack(sparse, format="csr", dtype=np.float32) if sparse else None,
        # The columns live on in dense/approx: the parts keep only their widths (the
        # semantic part's are 170 MB at 50,000 vacancies).
        parts=[(k, replace(s, item_cols=_width_only(s.item_cols))) for k, s in parts],
        rules=[(rule, values) for rule, values, _ in rules],
    )  # fmt: skip


def _width_only(cols: np.ndarray | None) -> np.ndarray | None:
    """A (0, d) array in place of (n, d) columns: a slice would keep them alive."""
    return None if cols is None else np.empty((0, cols.shape[1]), dtype=cols.dtype)


def _side_by_side(blocks: list[np.ndarray]) -> np.ndarray:
    """``np.hstack`` without the copy when there is one block."""
    return blocks[0] if len(blocks) == 1 else np.hstack(blocks)


def people_side(
    engine, kind, side: ItemSide, pidx: np.ndarray, options, gap: sp.csr_matrix | None = None
) -> PeopleSide:
    """The people side for rows ``pidx`` of the engine's people; ``gap`` (programmes):
    their skill gaps, one row per ``pidx``."""
    w = options.weights.as_array()
    a = w / w.sum()
    relaxed = set(options.relaxed_rules)
    cat = engine.catalog(kind)
    dense = [
        s.person_cols(pidx, float(a[k]))
        for k, s in side.parts
        if s.item_cols is not None and s.exact
    ]
    approx = [
        s.person_cols(pidx, float(a[k]))
        for k, s in side.parts
        if s.item_cols is not None and not s.exact
    ]
    for rule, values in side.rules:
        if rule.rule in relaxed:
            dense.append(np.zeros((len(pidx), len(values)), dtype=np.float32))
        else:
            failed = rule.fails(engine.people_, pidx, cat, values)
            dense.append(-PENALTY * failed.astype(np.float32))
    sparse = [
        s.person_sparse(pidx, float(a[k]), gap) for k, s in side.parts if s.item_sparse is not None
    ]
    return PeopleSide(
        dense=np.ascontiguousarray(np.hstack(dense), dtype=np.float32),
        approx=np.ascontiguousarray(np.hstack(approx), dtype=np.float32) if approx else None,
        skills=sp.hstack(sparse, format="csr", dtype=np.float32) if sparse else None,
    )


def stand_in_scores(
    engine,
    kind,
    side: ItemSide,
    pidx: np.ndarray,
    options,
    precision: str = "float32",
    gap: sp.csr_matrix | None = None,
    person: PeopleSide | None = None,
    scratch: dict | None = None,
) -> np.ndarray:
    """The stand-in score of rows ``pidx`` against ``side.items``, (p, len(items));
    ``person``: their :func:`people_side` when the caller has it; ``scratch``: a dict the
    caller keeps between its chunks, whose buffers the products are written into (the
    result is then a view of one, valid until the next call with the same dict).

    ``precision`` is how the estimating columns are multiplied: ``"float32"``, or
    ``"bfloat16"`` (inputs rounded to 8 bits of mantissa, products summed in float32 by
    oneDNN; the result rounded to bfloat16 before it is added to the exact columns')."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision={precision!r}; allowed: {', '.join(PRECISIONS)}")
    import torch  # multi-threaded gathers and adds; bfloat16 products (oneDNN)

    if person is None:
        person = people_side(engine, kind, side, pidx, options, gap)
    p, n = len(person.dense), len(side.items)
    out = _buffer(scratch, "scores", (p, n), np.float32)
    distinct = side.distinct_dense()
    if distinct is None:
        scores = torch.from_numpy(np.matmul(person.dense, side.dense.T, out=out))
    else:
        rows, inverse = distinct
        # numpy's take is 2.4x torch's index_select here (512 x 46,000 from 3,000 rows)
        scores = torch.from_numpy(np.take(person.dense @ rows.T, inverse, axis=1, out=out))
    if person.approx is not None:
        if precision == "bfloat16":
            left = torch.from_numpy(person.approx).to(torch.bfloat16)
            held = _buffer(scratch, "low", (p, n), np.uint16)  # bfloat16's bits
            if held is None:
                low = left @ side.approx_bf16().T
            else:
                low = torch.matmul(
                    left, side.approx_bf16().T, out=torch.from_numpy(held).view(torch.bfloat16)
                )
            scores.add_(low)  # promoted to float32 as it is added
        else:
            scores.addmm_(torch.from_numpy(person.approx), torch.from_numpy(side.approx).T)
    if person.skills is not None:
        product = (person.skills @ side.skills.T).tocsr()
        row = np.repeat(np.arange(product.shape[0], dtype=np.int64), np.diff(product.indptr))
        flat = torch.from_numpy(row * product.shape[1] + product.indices)
        scores.view(-1).index_add_(0, flat, torch.from_numpy(product.data.astype(np.float32)))
    return scores.numpy()


def _buffer(scratch: dict | None, name: str, shape: tuple[int, int], dtype) -> np.ndarray | None:
    """The first ``shape[0]`` rows of buffer ``name`` in ``scratch``, grown as needed;
    None without a scratch dict (the product allocates its own). Reusing one buffer per
    worker saves the page faults of fresh memory: 20,000 people x 50,000 items would
    otherwise touch about 12 GB of new pages."""
    if scratch is None:
        return None
    have = scratch.get(name)
    if have is None or have.shape[0] < shape[0] or have.shape[1:] != shape[1:]:
        have = scratch[name] = np.empty(shape, dtype=dtype)
    return have[: shape[0]]


def shortlists(
    engine,
    kind,
    pidx: np.ndarray,
    size: int,
    options,
    chunk_size: int = 128,
    precision: str | None = None,
    gap: sp.csr_matrix | None = None,
) -> np.ndarray:
    """Each person's ``size`` best catalog rows by the stand-in, (len(pidx), size), best
    first; -1 pads a catalog with fewer items that can be shortlisted. ``precision`` of
    the estimating columns: None is :func:`default_precision`."""
    precision = precision or default_precision()
    side = item_side(engine, kind, options)
    k = min(int(size), len(side.items))
    out = np.full((len(pidx), int(size)), -1, dtype=np.int64)
    if k == 0:
        return out
    import torch  # its top-k is a partial sort, 5x numpy's argpartition at 50k columns

    if precision == "bfloat16" and side.approx is not None:
        side.approx_bf16()
        side.approx = np.empty((0, side.approx.shape[1]), np.float32)  # its copy is enough

    block = max(chunk_size, PEOPLE_BLOCK)
    side.distinct_dense()  # built once, before the worker threads share the side

    scratch = threading.local()

    def run(start: int) -> None:
        mine = scratch.__dict__  # this worker thread's buffers
        stop = min(start + block, len(pidx))
        rows_gap = None if gap is None else gap[start:stop]
        people = people_side(engine, kind, side, pidx[start:stop], options, rows_gap)
        for lo in range(start, stop, chunk_size):
            hi = min(lo + chunk_size, stop)
            person = people.rows(lo - start, hi - start)
            scores = stand_in_scores(
                engine, kind, side, pidx[lo:hi], options, precision, person=person, scratch=mine
            )
            top = torch.topk(torch.from_numpy(scores), k, dim=1, sorted=True).indices.numpy()
            out[lo:hi, :k] = side.items[top]

    run_each(run, range(0, len(pidx), block))
    return out
