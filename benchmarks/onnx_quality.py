"""MiniLM via torch vs int8 ONNX: speed, vector agreement and ranking quality (MRR).

``python -m benchmarks.onnx_quality [--limit N] [--tasks ...]`` runs the evaluation tasks
(``matcher.evaluation.run_evaluation``) with the ``minilm`` method twice, once per backend,
by swapping the encoder class ``TextMatcher`` builds, and writes
``benchmarks/results/onnx.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.run import RESULTS_DIR, _encoder_texts

DEFAULT_TASKS = ("onet_title_to_occupation", "indonesian_to_occupation", "indonesian_to_skill")


def compare(limit: int, tasks: list[str], n_texts: int = 200) -> dict:
    from matcher import retrieval
    from matcher.encoders import SbertEncoder
    from matcher.encoders.onnx import OnnxSbertEncoder
    from matcher.evaluation.runner import run_evaluation

    short, long = _encoder_texts(n_texts)
    out: dict = {"limit": limit, "tasks": tasks, "speed": {}, "mrr": {}}
    torch_enc, onnx_enc = SbertEncoder(), OnnxSbertEncoder()
    for enc in (torch_enc, onnx_enc):
        enc.transform(["warm up"])
    for label, texts in (("short", short), ("long", long)):
        vecs = {}
        for name, enc in (("torch", torch_enc), ("onnx-int8", onnx_enc)):
            times = []
            for _ in range(3):
                start = time.perf_counter()
                vecs[name] = enc.transform(texts)
                times.append(time.perf_counter() - start)
            out["speed"][f"{name}_{label}_sent_per_s"] = len(texts) / float(np.median(times))
        cos = np.sum(vecs["torch"] * vecs["onnx-int8"], axis=1)
        out["speed"][f"cosine_torch_vs_int8_{label}_min"] = float(cos.min())
        out["speed"][f"cosine_torch_vs_int8_{label}_mean"] = float(cos.mean())
    saved = retrieval.SbertEncoder
    for name, cls in (("onnx-int8", OnnxSbertEncoder), ("torch", SbertEncoder)):
        retrieval.SbertEncoder = cls
        try:
            frame = run_evaluation(tasks=tasks, methods=["minilm"], limit=limit)
        finally:
            retrieval.SbertEncoder = saved
        out["mrr"][name] = {str(r["task"]): float(r["mrr"]) for _, r in frame.iterrows()}
        print(name, out["mrr"][name], flush=True)
    rel = {
        t: (out["mrr"]["onnx-int8"][t] - out["mrr"]["torch"][t]) / out["mrr"]["torch"][t]
        for t in out["mrr"]["torch"]
    }
    out["mrr_relative_change"] = rel
    out["within_1_percent"] = all(abs(v) <= 0.01 for v in rel.values())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.onnx_quality")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--tasks", nargs="+", default=list(DEFAULT_TASKS))
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "onnx.json")
    args = parser.parse_args(argv)
    result = compare(args.limit, args.tasks)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
