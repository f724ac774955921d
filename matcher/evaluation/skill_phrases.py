"""The skill normaliser on informal Indonesian phrases with known ESCO concepts.

``data/eval/informal_skills.csv`` was written independently of the glossary, the overrides
and the sample generator (see its README). Columns used: ``phrase`` and ``uris``: groups
separated by `` ; ``, alternatives within a group by `` | ``; an empty ``uris`` means ESCO
has no fitting concept, and the right answer is to keep the person's words.

Figures per method:

- ``right_share``: phrases (with a concept) for which at least one claimed concept is right;
- ``claimed_precision``: claimed concepts that are right;
- ``group_recall``: skills named (groups) that a claimed concept covers;
- ``kept_words_share``: phrases without a concept that the method left unmapped.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from matcher import config
from matcher.errors import FileFormatError

INFORMAL_SKILLS_CSV = config.DATA_DIR / "eval" / "informal_skills.csv"


def read_informal_skills(path: str | Path = INFORMAL_SKILLS_CSV) -> pd.DataFrame:
    """The phrase set, with ``groups``: a list of frozensets of URIs per phrase."""
    path = Path(path)
    if not path.exists():
        raise FileFormatError(str(path), "not found: the informal skill-phrase dev set")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"phrase", "uris"} - set(df.columns)
    if missing:
        raise FileFormatError(str(path), f"missing column(s) {sorted(missing)}")
    df["groups"] = [
        [frozenset(u.strip() for u in g.split("|") if u.strip()) for g in str(uris).split(";")
         if g.strip()]
        for uris in df["uris"]
    ]  # fmt: skip
    return df


def score_phrases(claimed: list[set[str]], groups: list[list[frozenset[str]]]) -> dict[str, float]:
    """The four figures above for one method's claimed URIs per phrase."""
    right = n_concept = claimed_total = claimed_right = groups_total = groups_hit = 0
    kept = n_none = 0
    for got, want in zip(claimed, groups, strict=True):
        every = set().union(*want) if want else set()
        if not want:
            n_none += 1
            kept += int(not got)
            continue
        n_concept += 1
        right += int(bool(got & every))
        claimed_total += len(got)
        claimed_right += len(got & every)
        groups_total += len(want)
        groups_hit += sum(1 for g in want if got & g)
    return {
        "phrases": float(len(claimed)),
        "right_share": right / max(n_concept, 1),
        "claimed_precision": claimed_right / max(claimed_total, 1),
        "group_recall": groups_hit / max(groups_total, 1),
        "kept_words_share": kept / max(n_none, 1),
    }


def default_methods() -> dict[str, object]:
    """The normaliser as shipped beside its baselines, on the same phrases."""
    from matcher.text.skills import SkillNormaliser

    return {
        "tfidf (default)": SkillNormaliser(),
        "tfidf + informal": SkillNormaliser(informal=True),
        "use + tfidf + informal": SkillNormaliser(semantic="use", informal=True),
        "use + minilm + tfidf + informal": SkillNormaliser(semantic="use+minilm", informal=True),
    }


def evaluate_skill_phrases(
    methods: Mapping[str, object] | None = None, path: str | Path = INFORMAL_SKILLS_CSV
) -> pd.DataFrame:
    """One row per method; each normaliser is fitted on all of ESCO if it is not yet."""
    df = read_informal_skills(path)
    rows = []
    for name, norm in (methods or default_methods()).items():
        if not hasattr(norm, "vectorizer_"):
            norm.fit()
        matches = norm.transform(list(df["phrase"]))
        claimed = [{m.uri for m in ms if m.uri} for ms in matches]
        rows.append({"method": name, **score_phrases(claimed, list(df["groups"]))})
    return pd.DataFrame(rows)
