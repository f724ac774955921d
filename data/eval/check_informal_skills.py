"""Validate data/eval/informal_skills.csv against ESCO v1.1.1 and print its counts.

Run from anywhere:  python data/eval/check_informal_skills.py
ESCO is read from $MATCHER_SHARED_DATA_DIR/esco-1.1.1-en/skills_en.csv, or else from
../shared/data/esco-1.1.1-en/skills_en.csv beside the repository root.
Exits with status 1 if any check fails.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
SET_PATH = HERE / "informal_skills.csv"
COLUMNS = ["id", "phrase", "uris", "labels", "trade", "note"]
GROUP_SEP = " ; "
ALT_SEP = " | "


def esco_skills_path() -> Path:
    base = os.environ.get("MATCHER_SHARED_DATA_DIR")
    root = Path(base) if base else REPO_ROOT.parent / "shared" / "data"
    return root / "esco-1.1.1-en" / "skills_en.csv"


def split_groups(cell: str) -> list[list[str]]:
    if not cell.strip():
        return []
    return [[a.strip() for a in g.split(ALT_SEP.strip())] for g in cell.split(GROUP_SEP.strip())]


def norm_phrase(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().casefold())


def main() -> int:
    esco_path = esco_skills_path()
    if not esco_path.exists():
        print(f"ESCO skills file not found: {esco_path}", file=sys.stderr)
        return 1
    esco = pd.read_csv(esco_path, dtype=str, keep_default_na=False)
    label_of = dict(zip(esco["conceptUri"], esco["preferredLabel"], strict=True))
    type_of = dict(zip(esco["conceptUri"], esco["skillType"], strict=True))

    df = pd.read_csv(SET_PATH, dtype=str, keep_default_na=False, encoding="utf-8")
    errors: list[str] = []
    if list(df.columns) != COLUMNS:
        errors.append(f"columns are {list(df.columns)}, expected {COLUMNS}")
        return report(errors, df, type_of)

    for col, n in df["id"].value_counts().items():
        if n > 1:
            errors.append(f"id {col} occurs {n} times")
    for i in df["id"]:
        if not re.fullmatch(r"IS-\d{3,}", i):
            errors.append(f"malformed id {i!r}")
    seen: dict[str, str] = {}
    for row in df.itertuples(index=False):
        key = norm_phrase(row.phrase)
        if not key:
            errors.append(f"{row.id}: empty phrase")
        elif key in seen:
            errors.append(f"{row.id}: duplicate phrase of {seen[key]} ({row.phrase!r})")
        else:
            seen[key] = row.id
        if not row.trade.strip():
            errors.append(f"{row.id}: empty trade")

        ugroups, lgroups = split_groups(row.uris), split_groups(row.labels)
        if [len(g) for g in ugroups] != [len(g) for g in lgroups]:
            errors.append(f"{row.id}: uris and labels have different group structure")
            continue
        no_concept = "no_concept" in row.note
        if no_concept and ugroups:
            errors.append(f"{row.id}: note says no_concept but concepts are given")
        if not no_concept and not ugroups:
            errors.append(f"{row.id}: no concepts and the note does not say no_concept")
        flat = [u for g in ugroups for u in g]
        if len(flat) != len(set(flat)):
            errors.append(f"{row.id}: the same URI appears twice")
        for ug, lg in zip(ugroups, lgroups, strict=True):
            for uri, label in zip(ug, lg, strict=True):
                if uri not in label_of:
                    errors.append(f"{row.id}: URI not in ESCO skills: {uri}")
                elif label_of[uri] != label:
                    errors.append(
                        f"{row.id}: label {label!r} does not match ESCO {label_of[uri]!r} ({uri})"
                    )
    return report(errors, df, type_of)


def report(errors: list[str], df: pd.DataFrame, type_of: dict[str, str]) -> int:
    n_groups = df["uris"].map(lambda c: len(split_groups(c)))
    uris = [u for c in df["uris"] for g in split_groups(c) for u in g]
    print(f"phrases: {len(df)}")
    print(f"  with concepts: {(n_groups > 0).sum()}")
    print(f"  no_concept: {(n_groups == 0).sum()} ({(n_groups == 0).mean():.1%})")
    print(f"  multi-skill (2+ groups): {(n_groups >= 2).sum()}")
    alts = df["uris"].map(lambda c: any(len(g) > 1 for g in split_groups(c)))
    print(f"  with alternatives in a group: {alts.sum()}")
    print(
        f"skill groups: {n_groups.sum()}; URI mentions: {len(uris)}; distinct URIs: {len(set(uris))}"
    )
    kinds = Counter(type_of.get(u, "?") for u in set(uris))
    print("distinct URIs by ESCO skillType: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    words = df["phrase"].str.split().str.len()
    print(
        f"phrase length in words: min {words.min()}, median {words.median():g}, max {words.max()}"
    )
    print("phrases by trade:")
    for trade, n in df["trade"].value_counts().items():
        print(f"  {trade:<16} {n}")
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK: every URI is in ESCO skills_en.csv with the label given; ids and phrases unique.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
