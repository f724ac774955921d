"""Worker threads for batch work: independent pieces of work (blocks of people in stage 1,
groups of people in stage 2) run side by side, each with torch and BLAS at one thread.

A batch chunk mixes multi-threaded products with steps numpy and scipy run on one thread
(gathers, the sparse skills product, the people side's bookkeeping, top-k bookkeeping),
so with one chunk at a time a core waits through those steps. They all release the GIL:
two chunks on two threads keep both cores busy. On 20,000 people x 50,000 stand-in
vacancies (2 cores) this took stage 1 from 16.1 s to 12.0 s and stage 2 from 5.5 s to
3.9 s, with the same results (scores equal to 6e-8, the float32 sums' order).

The thread count is the threads torch may use (``OMP_NUM_THREADS``; a Ray task that
gets one CPU runs serially), or ``MATCHER_BATCH_THREADS``. While workers run, torch's and
the BLAS libraries' own pools are held at one thread, for the whole process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
ENV = "MATCHER_BATCH_THREADS"


def batch_threads() -> int:
    """How many worker threads a batch uses: ``MATCHER_BATCH_THREADS`` (a whole number,
    at least 1) or the threads torch may use."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen:
        if not chosen.isdigit() or int(chosen) < 1:
            raise ValueError(f"{ENV}={chosen!r}; allowed: a whole number of threads, 1 or more")
        return int(chosen)
    import torch

    return max(1, torch.get_num_threads())


def run_each(work: Callable[[T], None], pieces: Iterable[T], threads: int | None = None) -> None:
    """``work(piece)`` for every piece, on ``threads`` worker threads (None:
    :func:`batch_threads`); serially, with the libraries' own threads, when there is one
    thread or one piece. The first error a piece raises is raised here."""
    pieces = list(pieces)
    threads = batch_threads() if threads is None else int(threads)
    if threads <= 1 or len(pieces) <= 1:
        for piece in pieces:
            work(piece)
        return
    import contextvars
    from concurrent.futures import ThreadPoolExecutor

    import torch
    from threadpoolctl import threadpool_limits

    # Each worker runs in a copy of the caller's context (the erasure epoch its people
    # were read under: matcher.text.forgetting).
    context = contextvars.copy_context()
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with threadpool_limits(1), ThreadPoolExecutor(min(threads, len(pieces))) as pool:
            for _ in pool.map(lambda piece: context.copy().run(work, piece), pieces):
                pass
    finally:
        torch.set_num_threads(before)
