"""The nightly batch on Ray: partitions of people as tasks, one shared engine.

The fitted :class:`~matcher.engine.MatchingEngine` (catalogs, text index, eligibility
arrays) is put in Ray's object store once (``ray.put``). Each worker is an actor that
receives the reference once and unpickles the engine once: its numpy arrays are mapped
from shared memory, its Python objects (catalog records, the people's worked-out
queries) are copied into the worker. The partitions are the actors' tasks, handed out as
workers come free (``ray.util.ActorPool``). An engine passed to plain tasks instead was
unpickled by every task: 2.4 s per partition at 4,000 people x 50,000 vacancies, more
than the partition's own ranking (about 1.3 s for 500 people).

A task ranks one partition of people with ``MatchingEngine.rank_all(..., people=
partition)``, the same code the in-process batch runs, and returns the partition's top-k
and its timings. The driver puts the partitions back in people order, so the result has
the shape and content of ``engine.rank_all(kind, top_k, options, shortlist=shortlist)``
(equal up to float32 rounding: stage 2 groups people within a partition, so products run
in other shapes).

``workers`` actors run at a time, one CPU each (Ray sets ``OMP_NUM_THREADS=1`` in a worker
of one CPU), so per-partition seconds are single-core seconds: the unit of the cost model
in ``docs/scaling.md``.

The in-process batch stays the default (``python -m matcher batch``); this path is
``python -m matcher batch --engine ray [--workers N]``. A Ray instance already running in
the process (``ray.init`` by the caller, or a cluster address) is used as it is;
otherwise a local one with ``workers`` CPUs is started and shut down at the end.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import psutil

from matcher import config
from matcher.domain import OpportunityKind

# Settings a worker must share with the driver: where embeddings and fitted TF-IDF live,
# and the models folder (the phrase cache and the erasure epoch, matcher.text.forgetting).
_CONFIG_KEYS = ("EMBEDDING_CACHE_DIR", "FITTED_CACHE_DIR", "MODELS_DIR")


@dataclass(frozen=True)
class PartitionStats:
    """What one task did: its people, seconds end to end, and the engine's stage split."""

    index: int
    people: int
    seconds: float
    cpu_seconds: float  # the worker's CPU time for the task: core-seconds, whatever the load
    stages: dict[str, float]
    worker_pid: int
    worker_rss_mb: float  # the worker's resident memory after the task (engine included)
    # Of which the worker's own (USS): resident pages no other process shares. The rest
    # is mostly the engine's arrays, mapped from the object store that workers share.
    worker_uss_mb: float = float("nan")


@dataclass
class RayBatchResult:
    """``indices``/``scores`` as ``rank_all`` returns them, plus per-partition figures."""

    indices: np.ndarray
    scores: np.ndarray
    partitions: list[PartitionStats] = field(default_factory=list)
    put_seconds: float = 0.0  # serialising the engine into the object store, once
    ready_seconds: float = 0.0  # the workers unpickling the engine, once each, side by side
    rank_seconds: float = 0.0  # from the workers ready to the last partition back
    wall_seconds: float = 0.0


def _memory_mb() -> dict[str, float]:
    memory = psutil.Process().memory_full_info()  # reads smaps: a few ms, once a task
    return {"worker_rss_mb": memory.rss / 2**20, "worker_uss_mb": memory.uss / 2**20}


class _Ranker:
    """A Ray worker holding one unpickled engine; each call ranks one partition."""

    def __init__(self, engine, settings: dict) -> None:
        for key, value in settings.items():
            setattr(config, key, value)
        self.engine = engine

    def ready(self) -> int:
        """Returns once the engine is unpickled here (the actor's construction)."""
        return os.getpid()

    def rank(self, kind, top_k, options, shortlist, rows, index):
        """The task body: one partition through the engine's own batch ranking."""
        engine = self.engine
        started, cpu = time.perf_counter(), time.process_time()
        engine.last_batch_seconds_ = {}
        idx, scores = engine.rank_all(kind, top_k, options, shortlist=shortlist, people=rows)
        stats = PartitionStats(
            index=index,
            people=len(rows),
            seconds=time.perf_counter() - started,
            cpu_seconds=time.process_time() - cpu,
            stages=dict(getattr(engine, "last_batch_seconds_", {}) or {}),
            worker_pid=os.getpid(),
            **_memory_mb(),
        )
        return idx, scores, stats


def partitions_of(n_people: int, n_partitions: int) -> list[np.ndarray]:
    """Contiguous, near-equal partitions of ``range(n_people)``; none empty."""
    if int(n_partitions) < 1:
        raise ValueError(f"partitions={n_partitions}; allowed: an integer >= 1")
    return [p for p in np.array_split(np.arange(n_people), int(n_partitions)) if len(p)]


@contextlib.contextmanager
def ray_session(workers: int) -> Iterator[None]:
    """A local Ray instance with ``workers`` CPUs, unless one is already running here."""
    import ray

    if ray.is_initialized():
        yield
        return
    root = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    ray.init(
        num_cpus=int(workers),
        include_dashboard=False,
        log_to_driver=False,
        configure_logging=False,
        # Workers import this checkout (and its tests/benchmarks helpers), not another copy.
        runtime_env={"env_vars": {"PYTHONPATH": path}},
    )
    try:
        yield
    finally:
        ray.shutdown()


def rank_all_ray(
    engine,
    kind: OpportunityKind = OpportunityKind.VACANCY,
    top_k: int = 10,
    options=None,
    shortlist: int | None = None,
    workers: int = 2,
    partitions: int | None = None,
) -> RayBatchResult:
    """``engine.rank_all`` for every indexed person, partitions of people on Ray worker actors.

    Parameters
    ----------
    engine : MatchingEngine
        Fitted; put in the object store once.
    workers : int
        Worker actors, one CPU each: partitions ranked at a time.
    partitions : int or None
        How many partitions of people; ``None``: ``4 x workers`` (small enough that a
        slow task does not leave the other workers idle for long; each worker unpickles
        the engine once, whatever the count).
    """
    import ray

    if int(workers) < 1:
        raise ValueError(f"workers={workers}; allowed: an integer >= 1")
    if not hasattr(engine, "people_"):
        raise RuntimeError("MatchingEngine is not fitted; call fit(...) first")
    n = len(engine.people_)
    parts = partitions_of(n, partitions or 4 * int(workers)) if n else []
    settings = {key: getattr(config, key) for key in _CONFIG_KEYS}
    started = time.perf_counter()
    with ray_session(workers):
        from ray.util import ActorPool

        put_started = time.perf_counter()
        with engine._lock.read_lock():  # a request in this process may be widening it
            ref = ray.put(engine)
        put_seconds = time.perf_counter() - put_started
        actor = ray.remote(num_cpus=1, max_restarts=0)(_Ranker)
        rankers = [actor.remote(ref, settings) for _ in range(min(int(workers), len(parts)))]
        ready_started = time.perf_counter()
        ray.get([ranker.ready.remote() for ranker in rankers])
        rank_started = time.perf_counter()
        pool = ActorPool(rankers)
        # Handed out as workers come free, so a slow partition does not hold up the rest.
        results = list(
            pool.map_unordered(
                lambda ranker, job: ranker.rank.remote(kind, top_k, options, shortlist, *job),
                [(rows, i) for i, rows in enumerate(parts)],
            )
        )
        rank_seconds = time.perf_counter() - rank_started
        del pool, rankers, ref
    k = results[0][0].shape[1] if results else min(top_k, len(engine.catalogs_[kind]))
    out_i = np.full((n, k), -1, dtype=np.int64)
    out_s = np.full((n, k), -np.inf, dtype=np.float32)
    stats = []
    for idx, scores, st in results:
        rows = parts[st.index]
        out_i[rows], out_s[rows] = idx, scores
        stats.append(st)
    return RayBatchResult(
        indices=out_i,
        scores=out_s,
        partitions=sorted(stats, key=lambda s: s.index),
        put_seconds=put_seconds,
        ready_seconds=rank_started - ready_started,
        rank_seconds=rank_seconds,
        wall_seconds=time.perf_counter() - started,
    )
