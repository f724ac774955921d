"""Evaluation tasks: queries, the candidates they should find, and the right answers.

Every task is built from public data with a fixed seed, and large query sets are
subsampled (``limit``) so a full run stays within minutes on a 2-core machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from matcher.errors import OptionEnum
from matcher.evaluation import datasets

DEFAULT_LIMIT = 500
SKILLS_PER_QUERY = 8
# Skills have 97k alternative labels; the first few carry the common wordings, and capping
# them keeps a cold run (every name encoded by two neural models) within minutes on 2 cores.
SKILL_ALIASES = 5


class TaskName(OptionEnum):
    """Evaluation tasks, selectable by name."""

    __option__ = "task"

    ESCO_SKILLS_TO_OCCUPATION = "esco_skills_to_occupation"
    ESCO_OCCUPATION_TO_SKILLS = "esco_occupation_to_skills"
    ONET_TITLE_TO_OCCUPATION = "onet_title_to_occupation"
    SKILL_SPANS_TO_SKILLS = "skill_spans_to_skills"
    INDONESIAN_TO_OCCUPATION = "indonesian_to_occupation"
    INDONESIAN_TO_SKILL = "indonesian_to_skill"
    ONET_TASKS_TO_OCCUPATION = "onet_tasks_to_occupation"
    INDONESIAN_DESCRIPTION_TO_OCCUPATION = "indonesian_description_to_occupation"
    INDONESIAN_DESCRIPTION_TO_SKILL = "indonesian_description_to_skill"
    FOREIGN_TITLE_TO_OCCUPATION = "foreign_title_to_occupation"


@dataclass(frozen=True)
class Task:
    """One retrieval task: ``queries[i]`` should rank ``relevant[i]`` (candidate indices) high."""

    name: str
    language: str
    queries: list[str]
    relevant: list[list[int]]
    candidates: list[str]
    aliases: list[list[str]] = field(default_factory=list)
    note: str = ""

    def __post_init__(self):
        if len(self.queries) != len(self.relevant):
            raise ValueError(
                f"{self.name}: {len(self.queries)} queries, {len(self.relevant)} answers"
            )
        if any(not r for r in self.relevant):
            raise ValueError(f"{self.name}: every query needs at least one relevant candidate")


def _sample(n: int, limit: int | None, seed: int) -> np.ndarray:
    idx = np.arange(n)
    if limit is not None and n > limit:
        idx = np.sort(np.random.default_rng(seed).choice(n, size=limit, replace=False))
    return idx


def _names(
    df: pd.DataFrame, with_description: bool, max_aliases: int | None = None
) -> tuple[list[str], list[list[str]]]:
    texts = df["label"].tolist()
    aliases = [
        list(alts)[:max_aliases] + ([desc] if with_description and desc else [])
        for alts, desc in zip(df["alt_labels"], df["description"], strict=True)
    ]
    return texts, aliases


def esco_skills_to_occupation(limit: int | None, seed: int) -> Task:
    """8 essential skills of an occupation, joined, must find the occupation."""
    occ = datasets.esco_occupations()
    skills = datasets.esco_skills().set_index("uri")["label"]
    links = datasets.esco_essential_skills()
    by_occ = links.groupby("occupation_uri")["skill_uri"].apply(sorted)
    pos = {u: i for i, u in enumerate(occ["uri"])}
    eligible = [u for u, s in by_occ.items() if len(s) >= SKILLS_PER_QUERY and u in pos]
    rng = np.random.default_rng(seed)
    queries, relevant = [], []
    for i in _sample(len(eligible), limit, seed):
        uri = eligible[i]
        picked = rng.choice(by_occ[uri], size=SKILLS_PER_QUERY, replace=False)
        queries.append(", ".join(skills[s] for s in picked if s in skills.index))
        relevant.append([pos[uri]])
    texts, aliases = _names(occ, with_description=True)
    return Task(
        TaskName.ESCO_SKILLS_TO_OCCUPATION.value,
        "en",
        queries,
        relevant,
        texts,
        aliases,
        "query: 8 essential skill labels; candidates: 3,007 occupations (labels + description)",
    )


def esco_occupation_to_skills(limit: int | None, seed: int) -> Task:
    """An occupation's label and description must find its essential skills."""
    occ = datasets.esco_occupations()
    sk = datasets.esco_skills()
    spos = {u: i for i, u in enumerate(sk["uri"])}
    by_occ = datasets.esco_essential_skills().groupby("occupation_uri")["skill_uri"].apply(list)
    rows = occ[occ["uri"].isin(by_occ.index)].reset_index(drop=True)
    queries, relevant = [], []
    for i in _sample(len(rows), limit, seed):
        r = rows.iloc[i]
        rel = sorted({spos[s] for s in by_occ[r["uri"]] if s in spos})
        if rel:
            queries.append(f"{r['label']}. {r['description']}".strip())
            relevant.append(rel)
    texts, aliases = _names(sk, with_description=False, max_aliases=SKILL_ALIASES)
    return Task(
        TaskName.ESCO_OCCUPATION_TO_SKILLS.value,
        "en",
        queries,
        relevant,
        texts,
        aliases,
        "query: occupation label + description; relevant: its essential skills (13,896)",
    )


def onet_title_to_occupation(limit: int | None, seed: int) -> Task:
    """An O*NET alternate title must find its occupation among the 1,016.

    Candidates are named by their title plus every alternate title that is not a query,
    compared case-insensitively, so no query finds its own string among the aliases.
    """
    occ = datasets.onet_occupations()
    alt = datasets.onet_alternate_titles().dropna()
    alt = alt.assign(key=alt["title"].str.strip().str.lower())
    codes_by_title = alt.groupby("key")["code"].apply(lambda s: sorted(set(s)))
    titles = codes_by_title.index.to_numpy()
    pos = {c: i for i, c in enumerate(occ["code"])}
    picked = titles[_sample(len(titles), limit, seed)]
    held_out = set(picked)
    first_spelling = alt.drop_duplicates("key").set_index("key")["title"]
    queries = [first_spelling[k] for k in picked]
    relevant = [[pos[c] for c in codes_by_title[k] if c in pos] for k in picked]
    pool = alt[~alt["key"].isin(held_out)]
    by_code = pool.groupby("code")["title"].apply(list)
    aliases = [by_code.get(c, []) for c in occ["code"]]
    return Task(
        TaskName.ONET_TITLE_TO_OCCUPATION.value,
        "en",
        queries,
        relevant,
        occ["title"].tolist(),
        aliases,
        "query: held-out alternate title; candidates: 1,016 titles + non-held-out alternates",
    )


def skill_spans_to_skills(limit: int | None, seed: int) -> Task:
    """A job-ad sentence must find the ESCO skills annotated in it."""
    spans = datasets.skill_spans("test")
    sk = datasets.esco_skills()
    by_label = sk.reset_index().groupby("label")["index"].apply(list)
    grouped = spans.groupby("sentence", sort=True)["label"].apply(lambda s: sorted(set(s)))
    sentences = grouped.index.to_numpy()
    queries, relevant = [], []
    for i in _sample(len(sentences), limit, seed):
        rel = sorted({j for lab in grouped.iloc[i] for j in by_label.get(lab, [])})
        if rel:
            queries.append(str(sentences[i]))
            relevant.append(rel)
    texts, aliases = _names(sk, with_description=False, max_aliases=SKILL_ALIASES)
    return Task(
        TaskName.SKILL_SPANS_TO_SKILLS.value,
        "en",
        queries,
        relevant,
        texts,
        aliases,
        "query: HOUSE/TECH test sentence; relevant: its ESCO skill labels",
    )


def _indonesian(kind: str, name: str, limit: int | None, seed: int) -> Task:
    dev = datasets.indonesian_dev()
    dev = dev[dev["kind"] == kind].reset_index(drop=True)
    table = datasets.esco_occupations() if kind == "occupation" else datasets.esco_skills()
    pos = {u: i for i, u in enumerate(table["uri"])}
    queries, relevant = [], []
    for i in _sample(len(dev), limit, seed):
        uris = [u.strip() for u in str(dev.loc[i, "uris"]).split("|") if u.strip()]
        unknown = [u for u in uris if u not in pos]
        if unknown:
            raise ValueError(f"indonesian_dev.csv row {i + 2}: unknown ESCO {kind} {unknown}")
        queries.append(dev.loc[i, "text"])
        relevant.append([pos[u] for u in uris])
    if kind == "occupation":
        texts, aliases = _names(table, with_description=True)
    else:
        texts, aliases = _names(table, with_description=False, max_aliases=SKILL_ALIASES)
    return Task(name, "id", queries, relevant, texts, aliases, f"Indonesian {kind} phrases")


def indonesian_to_occupation(limit: int | None, seed: int) -> Task:
    """Indonesian job titles must find their ESCO occupation(s)."""
    return _indonesian("occupation", TaskName.INDONESIAN_TO_OCCUPATION.value, limit, seed)


def indonesian_to_skill(limit: int | None, seed: int) -> Task:
    """Indonesian skill phrases must find their ESCO skill(s)."""
    return _indonesian("skill", TaskName.INDONESIAN_TO_SKILL.value, limit, seed)


def _fusion_task(name: str) -> Callable[[int | None, int], Task]:
    def build(limit: int | None, seed: int) -> Task:
        from matcher.evaluation import fusion_tasks

        return getattr(fusion_tasks, name)(limit, seed)

    return build


BUILDERS: dict[TaskName, Callable[[int | None, int], Task]] = {
    TaskName.ESCO_SKILLS_TO_OCCUPATION: esco_skills_to_occupation,
    TaskName.ESCO_OCCUPATION_TO_SKILLS: esco_occupation_to_skills,
    TaskName.ONET_TITLE_TO_OCCUPATION: onet_title_to_occupation,
    TaskName.SKILL_SPANS_TO_SKILLS: skill_spans_to_skills,
    TaskName.INDONESIAN_TO_OCCUPATION: indonesian_to_occupation,
    TaskName.INDONESIAN_TO_SKILL: indonesian_to_skill,
    # Added for the learned fusion (matcher/evaluation/fusion_tasks.py).
    TaskName.ONET_TASKS_TO_OCCUPATION: _fusion_task("onet_tasks_to_occupation"),
    TaskName.INDONESIAN_DESCRIPTION_TO_OCCUPATION: _fusion_task(
        "indonesian_description_to_occupation"
    ),
    TaskName.INDONESIAN_DESCRIPTION_TO_SKILL: _fusion_task("indonesian_description_to_skill"),
    TaskName.FOREIGN_TITLE_TO_OCCUPATION: _fusion_task("foreign_title_to_occupation"),
}


def build_task(name: str | TaskName, limit: int | None = DEFAULT_LIMIT, seed: int = 0) -> Task:
    """Build one task by name (see ``TaskName``)."""
    return BUILDERS[TaskName.parse(name)](limit, seed)
