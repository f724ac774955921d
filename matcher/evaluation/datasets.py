"""Readers for the public reference data the evaluation tasks are built from.

ESCO v1.1.1 (English), O*NET 27, the skill-span annotations and the project's own
Indonesian dev set. Each reader returns a plain DataFrame and fails with a message naming
the missing file, so a machine without ``shared/data`` gets a clear error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from matcher import config
from matcher.errors import FileFormatError

INDONESIAN_DEV_CSV = config.DATA_DIR / "eval" / "indonesian_dev.csv"
NOT_SKILLS = frozenset({"UNDERSPECIFIED", "LABEL NOT PRESENT"})


def _read(path: Path, **kwargs) -> pd.DataFrame:
    if not path.exists():
        raise FileFormatError(
            str(path), "not found; set MATCHER_SHARED_DATA_DIR to the folder holding the data"
        )
    return pd.read_csv(path, **kwargs)


def split_labels(value: object) -> list[str]:
    """ESCO keeps alternative labels one per line in a single cell."""
    if not isinstance(value, str):
        return []
    return [x.strip() for x in value.split("\n") if x.strip()]


@lru_cache(maxsize=1)
def esco_occupations() -> pd.DataFrame:
    """3,007 ESCO occupations: uri, label, alt_labels (list), description."""
    df = _read(config.ESCO_DIR / "occupations_en.csv", dtype=str)
    return pd.DataFrame(
        {
            "uri": df["conceptUri"],
            "label": df["preferredLabel"],
            "alt_labels": df["altLabels"].map(split_labels),
            "description": df["description"].fillna(""),
        }
    )


@lru_cache(maxsize=1)
def esco_skills() -> pd.DataFrame:
    """13,896 ESCO skills and knowledge concepts: uri, label, alt_labels, description."""
    df = _read(config.ESCO_DIR / "skills_en.csv", dtype=str)
    return pd.DataFrame(
        {
            "uri": df["conceptUri"],
            "label": df["preferredLabel"],
            "alt_labels": df["altLabels"].map(split_labels),
            "description": df["description"].fillna(""),
        }
    )


@lru_cache(maxsize=1)
def esco_essential_skills() -> pd.DataFrame:
    """Occupation -> essential skill links (occupation_uri, skill_uri)."""
    df = _read(config.ESCO_DIR / "occupationSkillRelations.csv", dtype=str)
    df = df[df["relationType"] == "essential"]
    return df.rename(columns={"occupationUri": "occupation_uri", "skillUri": "skill_uri"})[
        ["occupation_uri", "skill_uri"]
    ].reset_index(drop=True)


@lru_cache(maxsize=1)
def onet_occupations() -> pd.DataFrame:
    """1,016 O*NET occupations: code, title, description."""
    df = _read(config.ONET_DIR / "Occupation Data.txt", sep="\t", dtype=str)
    return df.rename(columns={"O*NET-SOC Code": "code", "Title": "title"})[
        ["code", "title", "Description"]
    ].rename(columns={"Description": "description"})


@lru_cache(maxsize=1)
def onet_alternate_titles() -> pd.DataFrame:
    """52,754 (code, title) alternate titles."""
    df = _read(config.ONET_DIR / "Alternate Titles.txt", sep="\t", dtype=str)
    return df.rename(columns={"O*NET-SOC Code": "code", "Alternate Title": "title"})[
        ["code", "title"]
    ]


@lru_cache(maxsize=1)
def skill_spans(split: str = "test") -> pd.DataFrame:
    """HOUSE + TECH sentences with their ESCO skill labels (non-skills dropped)."""
    frames = []
    for domain in ("house", "tech"):
        df = _read(config.SKILL_SPANS_DIR / f"{domain}_{split}_annotations.csv", dtype=str)
        df["domain"] = domain
        frames.append(df)
    df = pd.concat(frames, ignore_index=True)
    return df[~df["label"].isin(NOT_SKILLS) & df["label"].notna()].reset_index(drop=True)


def indonesian_dev(path: Path | None = None) -> pd.DataFrame:
    """The project's Indonesian dev set: text, kind (occupation|skill), uris ("|"-joined)."""
    path = Path(path) if path is not None else INDONESIAN_DEV_CSV
    df = _read(path, dtype=str, comment="#")
    missing = {"text", "kind", "uris"} - set(df.columns)
    if missing:
        raise FileFormatError(str(path), f"missing column(s) {sorted(missing)}")
    return df
