"""Timing: bulk ranking at hub scale and encoder throughput.

``python -m matcher.evaluation.benchmark`` writes 15,000 queries (O*NET alternate titles)
and 35,000 candidates (ESCO occupations and skills with their alternative labels, O*NET
occupations with their other alternate titles, then further O*NET alternate titles) to a
folder, runs ``bulk_rank`` on them and prints the wall time.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

import numpy as np

from matcher.evaluation import datasets
from matcher.text.encoders import registry
from matcher.text.retrieval import bulk_rank


def build_bulk_files(
    folder: str | Path, n_queries: int = 15_000, n_candidates: int = 35_000, seed: int = 0
) -> tuple[Path, Path]:
    """Write ``queries.csv`` and ``candidates.csv`` for the bulk-rank benchmark."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    alt = datasets.onet_alternate_titles().dropna().drop_duplicates("title")
    order = np.random.default_rng(seed).permutation(len(alt))
    queries = alt.iloc[order[:n_queries]]
    rest = alt.iloc[order[n_queries:]]
    rows: list[tuple[str, str, str]] = []
    # Skills keep their first 5 alternative labels, as in the evaluation tasks.
    for table, kind, cap in (
        (datasets.esco_occupations(), "occ", None),
        (datasets.esco_skills(), "skill", 5),
    ):
        rows += [
            (f"esco-{kind}-{i}", r.label, "|".join(a.replace("|", "/") for a in r.alt_labels[:cap]))
            for i, r in enumerate(table.itertuples())
        ]
    onet = datasets.onet_occupations()
    by_code = rest.groupby("code")["title"].apply(list)
    rows += [
        (f"onet-{r.code}", r.title, "|".join(by_code.get(r.code, [])[:20]))
        for r in onet.itertuples()
    ]
    extra = rest.iloc[: max(0, n_candidates - len(rows))]
    rows += [(f"onet-alt-{i}", t, "") for i, t in enumerate(extra["title"])]
    q_path, c_path = folder / "queries.csv", folder / "candidates.csv"
    with q_path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        w.writerows((f"q{i}", t) for i, t in enumerate(queries["title"]))
    with c_path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text", "aliases"])
        w.writerows(rows[:n_candidates])
    return q_path, c_path


def encoder_throughput(n: int = 2000) -> dict[str, float]:
    """Sentences per second of each encoder on short titles (after loading the model)."""
    titles = datasets.onet_alternate_titles()["title"].dropna().head(n).tolist()
    out = {}
    for name, spec in registry.ENCODERS.items():
        enc = spec.factory()
        enc.fit(titles)
        enc.transform(titles[:10])  # load the model outside the clock
        start = time.perf_counter()
        enc.transform(titles)
        out[name] = round(len(titles) / (time.perf_counter() - start), 1)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folder", default="data/interim/bulk-benchmark")
    parser.add_argument("--queries", type=int, default=15_000)
    parser.add_argument("--candidates", type=int, default=35_000)
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--encoder", default="default")
    args = parser.parse_args(argv)
    q, c = build_bulk_files(args.folder, args.queries, args.candidates)
    start = time.perf_counter()
    out = bulk_rank(q, c, args.top_k, Path(args.folder) / "ranked.csv", encoder=args.encoder)
    print(f"bulk_rank {args.queries} x {args.candidates} ({args.encoder}): "
          f"{time.perf_counter() - start:.0f}s -> {out}")  # fmt: skip
    print("throughput (sentences/s):", encoder_throughput())


if __name__ == "__main__":
    main()
