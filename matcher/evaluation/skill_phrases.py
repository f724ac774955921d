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

The same figures on public English data: the spans of the HOUSE and TECH job-ad skill-span
annotations (``../shared/data/skill-spans``) with the ESCO skill their annotators gave them
(:func:`read_skill_spans`; every label a span was given is a right concept). Nothing is
fitted on them; the validation split may inform a choice, the test split reports it.

For a calibrated normaliser the confidence bar is the one thing this set may decide.
:func:`cross_validated` chooses it on four fifths of the phrases and scores the fifth it
did not see, five times, so every phrase is scored by a bar chosen without it; and
:func:`candidate_figures` says how good the candidates and their order are before any
bar (share of phrases with a right concept among the candidates, top-1, MRR).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
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


def read_skill_spans(split: str = "test") -> pd.DataFrame:
    """Distinct annotated spans of a split with ``groups``: one group, the URIs of every
    ESCO label the span was given (labels ESCO does not have, and non-skills, dropped)."""
    from matcher.evaluation import datasets

    spans = datasets.skill_spans(split)
    uris = datasets.esco_skills().groupby("label")["uri"].apply(frozenset)
    spans = spans[spans["label"].isin(uris.index)]
    grouped = spans.groupby("span", sort=True)["label"].apply(
        lambda labels: frozenset().union(*(uris[label] for label in set(labels)))
    )
    return pd.DataFrame({"phrase": list(grouped.index), "groups": [[g] for g in grouped]})


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
        "use + minilm + tfidf + informal, re-ranked": SkillNormaliser(
            semantic="use+minilm", informal=True
        ),
        "same, no knowledge discount": SkillNormaliser(
            semantic="use+minilm", informal=True, knowledge_discount=1.0
        ),
        "tfidf, a field's practice": SkillNormaliser(field_practice=True),
    }


def evaluate_skill_phrases(
    methods: Mapping[str, object] | None = None,
    path: str | Path = INFORMAL_SKILLS_CSV,
    target_precision: float = 0.85,
    phrases: pd.DataFrame | None = None,
    calibration_figures: bool = True,
) -> pd.DataFrame:
    """One row per method; each normaliser is fitted on all of ESCO if it is not yet.

    ``phrases`` (``phrase`` and ``groups`` columns, as :func:`read_skill_spans` gives)
    replaces the informal set read from ``path``. Calibrated normalisers also get, with
    ``calibration_figures``, their candidate figures (``in_candidates``, ``top1``,
    ``mrr``) and ``cv_*``: the four figures with the bar chosen on the other four fifths
    of the phrases at ``target_precision`` (:func:`cross_validated`).
    """
    df = phrases if phrases is not None else read_informal_skills(path)
    groups = list(df["groups"])
    rows = []
    for name, norm in (methods or default_methods()).items():
        if not hasattr(norm, "vectorizer_"):
            norm.fit()
        matches = norm.transform(list(df["phrase"]))
        claimed = [{m.uri for m in ms if m.uri} for ms in matches]
        row = {"method": name, **score_phrases(claimed, groups)}
        if calibration_figures and getattr(norm, "confidence_", None) is not None:
            scored = scored_entries(norm, list(df["phrase"]))
            row.update(candidate_figures(scored, groups))
            figures, _ = cross_validated(scored, groups, target_precision=target_precision)
            row.update({f"cv_{k}": v for k, v in figures.items() if k != "phrases"})
        rows.append(row)
    return pd.DataFrame(rows)


# One entry's sub-phrases, each a ranked list of (uri, probability); a lookup hit is (uri, 1).
Scored = list[list[tuple[str, float]]]


def scored_entries(norm, phrases: Sequence[str]) -> list[Scored]:
    """Every entry's sub-phrases with their ranked candidates, before any bar.

    Exact, glossary and override hits count with probability 1; the rest are the
    calibrated candidates of the semantic path, all of them.
    """
    per_entry = [norm.entry_phrases(p) for p in phrases]
    flat = [p for ps in per_entry for p in ps]
    looked = [norm._lookup(p) for p in flat]
    todo = [i for i, hit in enumerate(looked) if hit is None]
    uris = [s.uri for s in norm.skills_]
    ranked = {
        i: [(uris[c], p) for c, p in cands]
        for i, cands in zip(todo, norm.ranked_candidates([flat[i] for i in todo]), strict=True)
    }
    flat_scored = [
        ranked[i] if hit is None else [(m.uri, 1.0) for m in hit if m.uri]
        for i, hit in enumerate(looked)
    ]
    out, pos = [], 0
    for ps in per_entry:
        out.append(flat_scored[pos : pos + len(ps)])
        pos += len(ps)
    return out


def claims_at(scored: Sequence[Scored], bar: float, extra_bar: float) -> list[set[str]]:
    """The URIs each entry claims with these bars (as ``SkillNormaliser`` would)."""
    from matcher.text.skills.normaliser import claimed

    return [{u for sub in entry for u, _ in claimed(sub, bar, extra_bar)} for entry in scored]


def candidate_figures(
    scored: Sequence[Scored], groups: Sequence[list[frozenset[str]]]
) -> dict[str, float]:
    """Before any bar: a right concept among the candidates, ranked first, and MRR.

    An entry's rank is the best rank of a right concept over its sub-phrases.
    """
    found = top1 = rr = n = 0.0
    for entry, want in zip(scored, groups, strict=True):
        if not want:
            continue
        every = set().union(*want)
        n += 1
        ranks = [r for sub in entry for r, (u, _) in enumerate(sub) if u in every]
        if ranks:
            found += 1
            top1 += float(min(ranks) == 0)
            rr += 1.0 / (1 + min(ranks))
    return {"in_candidates": found / n, "top1": top1 / n, "mrr": rr / n}


def choose_bars(
    scored: Sequence[Scored],
    groups: Sequence[list[frozenset[str]]],
    target_precision: float = 0.85,
) -> tuple[float, float]:
    """(bar, extra_bar) with the most skills covered at ``target_precision``.

    If no bar reaches the target, the most precise one that still claims something.
    """
    tops = sorted({round(p, 3) for e in scored for sub in e for _, p in sub[:1]})
    grid = [b for b in tops if b < 1.0] or [0.5]
    feasible, fallback = [], []
    for bar in grid[:: max(1, len(grid) // 60)]:
        for extra in (1.0, 0.9, 0.8, 0.7, 0.6, 0.5):
            if extra < bar:
                continue
            f = score_phrases(claims_at(scored, bar, extra), list(groups))
            row = (f["group_recall"], f["right_share"], -bar, bar, extra)
            fallback.append((f["claimed_precision"], f["group_recall"], bar, extra))
            if f["claimed_precision"] >= target_precision:
                feasible.append(row)
    if feasible:
        best = max(feasible)
        return best[3], best[4]
    best = max(fallback)
    return best[2], best[3]


def cross_validated(
    scored: Sequence[Scored],
    groups: Sequence[list[frozenset[str]]],
    folds: int = 5,
    target_precision: float = 0.85,
    seed: int = 0,
) -> tuple[dict[str, float], list[tuple[float, float]]]:
    """Figures with the bars chosen on the other folds; also the bars of each fold."""
    n = len(scored)
    fold = np.random.default_rng(seed).permutation(n) % folds
    claimed_all: list[set[str]] = [set() for _ in range(n)]
    bars = []
    for k in range(folds):
        train = np.flatnonzero(fold != k)
        bar, extra = choose_bars(
            [scored[i] for i in train], [groups[i] for i in train], target_precision
        )
        bars.append((bar, extra))
        test = np.flatnonzero(fold == k)
        for i, got in zip(test, claims_at([scored[i] for i in test], bar, extra), strict=True):
            claimed_all[i] = got
    return score_phrases(claimed_all, list(groups)), bars
