"""The ``ray`` section: the nightly batch as Ray tasks, 1 against 2 workers.

``sizes.ray_people`` synthetic people against ``sizes.ray_vacancies`` vacancies (hash
stand-in encoders behind the real embedding cache, as in ``serve``), top-10 vacancies
each, shortlisted as the in-process batch does above 5,000 vacancies. Measured:

* the in-process batch (``MatchingEngine.rank_all``, BLAS on every core): the reference;
* on a local Ray instance with 1, then 2 workers (one CPU each, ``OMP_NUM_THREADS=1``):
  Ray's start, ``ray.put`` of the engine (once), the batch's wall time, and per partition
  its people, single-core seconds, stage 1 / stage 2 split and the worker's memory;
* agreement with the in-process result (scores within float32 rounding).

The machine is shared; each run's load average is stated beside it.
"""

from __future__ import annotations

import os
import time

import numpy as np

from benchmarks import machine as mc
from benchmarks.standins import standin_encoders


def _load() -> str:
    return "load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg())


def _import_engine() -> int:
    import matcher.engine  # noqa: F401  (the import is the warm-up)

    time.sleep(1.0)  # long enough that each worker gets one
    return os.getpid()


def section_ray(sizes, res, normaliser, cache_dir, as_of) -> None:
    import ray

    from benchmarks.run import build_engine
    from matcher.domain import OpportunityKind
    from matcher.engine import MatchOptions
    from matcher.scale.ray_batch import rank_all_ray, ray_session

    _warm_up = ray.remote(_import_engine)

    vac = OpportunityKind.VACANCY
    npl, nv, parts = sizes.ray_people, sizes.ray_vacancies, sizes.ray_partitions
    opt = MatchOptions(as_of=as_of)
    with standin_encoders(cache_dir):
        engine, build = build_engine(nv, nv // 10, npl, normaliser, seed=5)
        res.add("ray", f"engine build, {nv} vacancies, {npl} people (stand-in encoders)", build,
                "s", note="includes filling the stand-in cache on a first run")  # fmt: skip
        load = _load()
        cpu = time.process_time()
        local, (want_i, want_s) = mc.timed(lambda: engine.rank_all(vac, 10, opt))
        cpu = time.process_time() - cpu
        res.add("ray", f"in-process rank_all top-10, {npl} x {nv} (all cores)", local, "s",
                note=load)  # fmt: skip
        res.add("ray", "  in-process CPU time per person (all threads)", cpu / npl * 1e3, "ms")
        res.extra["ray_runs"] = runs = []
        walls, ranking = {}, {}
        for workers in (1, 2):
            t0 = time.perf_counter()
            with ray_session(workers):
                start = time.perf_counter() - t0
                # Start the worker processes (Python, numpy, matcher imported) before timing.
                t0 = time.perf_counter()
                ray.get([_warm_up.options(num_cpus=1).remote() for _ in range(workers)])
                warm = time.perf_counter() - t0
                load = _load()
                got = rank_all_ray(engine, vac, 10, opt, workers=workers, partitions=parts)
            walls[workers], ranking[workers] = got.wall_seconds, got.rank_seconds
            with np.errstate(invalid="ignore"):
                diff = np.abs(got.scores - want_s)
            same = (diff <= 1e-5) | (np.isneginf(got.scores) & np.isneginf(want_s))
            worst = float(np.max(np.where(same, 0, diff), initial=0))
            per = [p.seconds for p in got.partitions]
            cpu = [p.cpu_seconds for p in got.partitions]
            ppl = np.array([p.people for p in got.partitions])
            s1 = sum(p.stages.get("shortlist", 0) for p in got.partitions)
            s2 = sum(p.stages.get("exact", 0) for p in got.partitions)
            label = f"{workers} worker{'s' if workers > 1 else ''}"
            res.add("ray", f"{label}: Ray start (local instance, {workers} CPU)", start, "s")
            res.add("ray", f"{label}: worker processes started and importing", warm, "s")
            res.add("ray", f"{label}: ray.put(engine), once", got.put_seconds, "s")
            res.add("ray", f"{label}: workers unpickling the engine, once each",
                    got.ready_seconds, "s", note="side by side; actors hold it for every task")  # fmt: skip
            res.add("ray", f"{label}: ranking the {parts} partitions, wall", got.rank_seconds, "s")
            res.add("ray", f"{label}: batch wall time, {parts} partitions", got.wall_seconds, "s",
                    note=f"put + unpickling + ranking; {load}")  # fmt: skip
            res.add("ray", f"{label}: per partition ({int(ppl.mean())} people), median",
                    float(np.median(per)), "s", note=f"min {min(per):.1f}, max {max(per):.1f}")  # fmt: skip
            res.add("ray", f"{label}: task wall seconds per person (tasks' sum / people)",
                    sum(per) / npl * 1e3, "ms",
                    note=f"stage 1 {s1 / npl * 1e3:.2f} ms, stage 2 {s2 / npl * 1e3:.2f} ms")  # fmt: skip
            res.add("ray", f"{label}: task CPU seconds per person (one core each)",
                    sum(cpu) / npl * 1e3, "ms", note="the cost model's unit; robust to load")  # fmt: skip
            res.add("ray", f"{label}: worker memory after a task, max",
                    max(p.worker_rss_mb for p in got.partitions), "MB")  # fmt: skip
            res.add("ray", f"{label}:   of which the worker's own (USS), max",
                    max(p.worker_uss_mb for p in got.partitions), "MB",
                    note="the rest: object-store pages the workers share")  # fmt: skip
            res.add("ray", f"{label}: people whose top-10 scores equal in-process",
                    100 * same.all(axis=1).mean(), "%",
                    note=f"largest other difference {worst:.2g}")  # fmt: skip
            runs.append({"workers": workers, "wall_s": got.wall_seconds, "put_s": got.put_seconds,
                         "ready_s": got.ready_seconds, "rank_s": got.rank_seconds,
                         "ray_start_s": start, "warm_up_s": warm, "load": load,
                         "partitions": [p.__dict__ for p in got.partitions]})  # fmt: skip
        res.add("ray", "speed-up, 2 workers against 1", walls[1] / walls[2], "x",
                note="2 cores; the machine is shared")  # fmt: skip
        res.add("ray", "  of the ranking alone (after put and unpickling)",
                ranking[1] / ranking[2], "x")  # fmt: skip
        if res.checkpoint:
            res.checkpoint()
