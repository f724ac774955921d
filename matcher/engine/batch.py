"""Batch ranking (``MatchingEngine.rank_all``): every indexed person's top-k of one catalog.

Exact: every pair scored, a chunk of people at a time. Shortlisted (large vacancy
catalogs): stage 1 keeps each person's best ``size`` items by the linear stand-in
(:mod:`matcher.engine.prefilter`); stage 2 scores those pairs exactly, a group of people
at a time. Both take the top-k through :func:`matcher.text.topk.top_k_rows`.
"""

from __future__ import annotations

import dataclasses
import time
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from matcher.domain import OpportunityKind
from matcher.engine.options import GAP_KINDS, MatchOptions
from matcher.engine.prefilter import shortlists
from matcher.text.topk import top_k_rows
from matcher.threads import run_each

if TYPE_CHECKING:
    from matcher.engine.matching import Block, MatchingEngine

# rank_all shortlists vacancies once the catalog is larger than this; smaller catalogs are
# scored exactly, pair by pair.
SHORTLIST_FROM = 5000
SHORTLIST_SIZE = 100
# People whose shortlists are scored together. With two worker threads, 128 ran stage 2 of
# 20,000 x 50,000 in 3.3 s, against 3.7 s for 64 and 4.1 s for 256 (a larger union).
SHORTLIST_GROUP = 128


def shortlisted(n_items: int) -> bool:
    """Whether ``rank_all`` shortlists a catalog of ``n_items`` unless told otherwise."""
    return n_items > SHORTLIST_FROM


def rank_exact(
    engine: MatchingEngine, kind, k: int, options: MatchOptions, chunk_size: int, rows: np.ndarray
):
    """People ``rows`` against every item, ``chunk_size`` people at a time."""
    n = len(rows)
    out_i = np.full((n, k), -1, dtype=np.int64)
    out_s = np.full((n, k), -np.inf, dtype=np.float32)
    gaps = people_gaps(engine, rows, options) if kind in GAP_KINDS else None
    for start in range(0, n, chunk_size):
        pos = np.arange(start, min(start + chunk_size, n))
        pidx = rows[pos]
        gap = None if gaps is None else gaps[pos]
        block = engine.score_block(kind, engine.people_, pidx, None, options, gap)
        out_i[pos], out_s[pos] = top_eligible(engine, block, options, k, kind)
    out_i[~np.isfinite(out_s)] = -1
    return out_i, out_s


def rank_shortlisted(
    engine: MatchingEngine,
    kind,
    k: int,
    options: MatchOptions,
    size: int,
    rows: np.ndarray,
    group: int | None = None,
):
    """Stage 1 shortlists people ``rows`` (:mod:`matcher.engine.prefilter`); stage 2 scores
    each person's shortlist exactly, pair by pair, a group of people at a time.
    Vocational trainings need each person's skill gap, from their best vacancies
    (:func:`people_gaps`)."""
    n = len(rows)
    group = group or SHORTLIST_GROUP
    start_time = time.perf_counter()
    gaps = people_gaps(engine, rows, options) if kind in GAP_KINDS else None
    lists = shortlists(engine, kind, rows, size, options, gap=gaps)
    engine.last_batch_seconds_ = {"shortlist": time.perf_counter() - start_time}
    out_i = np.full((n, k), -1, dtype=np.int64)
    out_s = np.full((n, k), -np.inf, dtype=np.float32)
    order = group_order(lists, group)

    def run(start: int) -> None:
        pos = np.sort(order[start : start + group])
        own = lists[pos]
        padded = own < 0
        if padded.all():
            return
        own = np.where(padded, own.max(), own)
        gap = None if gaps is None else gaps[pos]
        block = engine.score_block(kind, engine.people_, rows[pos], own, options, gap)
        block.score[padded] = -np.inf
        top, top_s = top_eligible(engine, block, options, min(k, own.shape[1]), kind)
        out_i[pos, : top.shape[1]] = np.take_along_axis(own, top, axis=1)
        out_s[pos, : top.shape[1]] = top_s

    starts = range(0, n, group)
    run(0)  # the first group alone fills the scorers' caches the threads then share
    run_each(run, starts[1:])
    out_i[~np.isfinite(out_s)] = -1
    total = time.perf_counter() - start_time
    engine.last_batch_seconds_["exact"] = total - engine.last_batch_seconds_["shortlist"]
    return out_i, out_s


def group_order(lists: np.ndarray, group: int) -> np.ndarray:
    """An order of the people in which each run of ``group`` shares much of its
    shortlists: stage 2 multiplies a group's texts with the names of the union of its
    shortlists, so that union is its cost.

    People are clustered by their shortlists (each a binary row over the catalog,
    reduced by truncated SVD, then k-means with about one cluster per group) and taken
    cluster by cluster. On 20,000 people x 50,000 stand-in vacancies (groups of 64) this
    cut the union per person from 34.5 items to 21.1, in 0.4 s, against sorting by the
    first two items, which small batches still do (fewer than four groups); 64
    components and more SVD iterations reached 18.7 at 1.4 s."""
    n, width = len(lists), int(lists.max(initial=-1)) + 1
    if n < 4 * group or width < 3:
        return np.lexsort((lists[:, min(1, lists.shape[1] - 1)], lists[:, 0]))
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD

    listed = lists >= 0
    members = sp.csr_matrix(
        (np.ones(int(listed.sum()), np.float32), lists[listed],
         np.concatenate([[0], np.cumsum(listed.sum(axis=1))])),
        shape=(n, width),
    )  # fmt: skip
    svd = TruncatedSVD(min(16, width - 1), n_iter=1, random_state=0)
    reduced = svd.fit_transform(members)
    clusters = MiniBatchKMeans(n // group, random_state=0, n_init=1, batch_size=2048)
    return np.argsort(clusters.fit_predict(reduced), kind="stable")


def people_gaps(engine: MatchingEngine, rows: np.ndarray, options: MatchOptions) -> sp.csr_matrix:
    """Each person's skill gap (``MatchingEngine.skill_gap``), one row per ``rows``, from
    their best eligible vacancies as the vacancy batch ranks them: shortlisted when that
    catalog is large, so a programme batch never scores every vacancy pair exactly. The
    gap looks at eligible vacancies with no relevance floor, as ``skill_gap`` does."""
    floorless = dataclasses.replace(options, relevance_floor=0.0)
    top = engine.rank_all(OpportunityKind.VACANCY, engine.gap_neighbours, floorless, people=rows)
    return engine.skill_gap(engine.people_, rows, options, top=top)


def top_eligible(engine: MatchingEngine, block: Block, options: MatchOptions, k: int, kind):
    """Each row's ``k`` best listable items of ``block`` (eligible, and above the relevance
    floor where ``kind`` has one): ``(columns, scores)``."""
    return top_k_rows(np.where(engine.listable(block, options, kind), block.score, -np.inf), k)
