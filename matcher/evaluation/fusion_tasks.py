"""Dev tasks for the learned fusion: text the first six tasks do not cover.

* ``onet_tasks_to_occupation``: long English job-ad-like text (an occupation's O*NET task
  statements, shuffled and joined) must find the O*NET occupation.
* ``indonesian_description_to_occupation``: Indonesian on both sides, 100 hand-written
  job descriptions against 100 hand-written Indonesian occupation names
  (``data/eval/indonesian_pairs.csv``).
* ``indonesian_description_to_skill``: Indonesian on both sides again, 120 descriptions
  of what a person can do, typed as on a phone, against 120 Indonesian skill names
  (``data/eval/indonesian_skill_pairs.csv``), so that leave-one-task-out has a second
  task with an Indonesian catalog to learn from.
* ``foreign_title_to_occupation``: German and Spanish job titles, translated by hand from
  O*NET alternate titles (``data/eval/foreign_titles.csv``), against the O*NET occupations.

The hand-written files were written without the project glossary, the Indonesian dev set
or the sample generator; their READMEs say how.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from matcher import config
from matcher.errors import FileFormatError
from matcher.evaluation import datasets

INDONESIAN_PAIRS_CSV = config.DATA_DIR / "eval" / "indonesian_pairs.csv"
INDONESIAN_SKILL_PAIRS_CSV = config.DATA_DIR / "eval" / "indonesian_skill_pairs.csv"
FOREIGN_TITLES_CSV = config.DATA_DIR / "eval" / "foreign_titles.csv"
TASKS_PER_AD = 8  # task statements joined into one pseudo-ad (about 120-200 words)
MIN_TASKS = 5  # occupations with fewer statements are left out


def _read_eval_csv(path, columns: set[str]) -> pd.DataFrame:
    if not path.exists():
        raise FileFormatError(str(path), "not found (part of the repository: data/eval/)")
    df = pd.read_csv(path, dtype=str, comment="#")
    missing = columns - set(df.columns)
    if missing:
        raise FileFormatError(str(path), f"missing column(s) {sorted(missing)}")
    return df


def _sample(n: int, limit: int | None, seed: int) -> np.ndarray:
    idx = np.arange(n)
    if limit is not None and n > limit:
        idx = np.sort(np.random.default_rng(seed).choice(n, size=limit, replace=False))
    return idx


def onet_task_statements() -> pd.DataFrame:
    """O*NET 27 task statements: code, task."""
    path = config.ONET_DIR / "Task Statements.txt"
    if not path.exists():
        raise FileFormatError(
            str(path), "not found; set MATCHER_SHARED_DATA_DIR to the folder holding the data"
        )
    df = pd.read_csv(path, sep="\t", dtype=str)
    return df.rename(columns={"O*NET-SOC Code": "code", "Task": "task"})[["code", "task"]]


def _onet_candidates() -> tuple[list[str], list[list[str]], dict[str, int]]:
    """O*NET occupations named by their title and every alternate title."""
    occ = datasets.onet_occupations()
    alt = datasets.onet_alternate_titles().dropna()
    by_code = alt.groupby("code")["title"].apply(list)
    aliases = [by_code.get(c, []) for c in occ["code"]]
    return occ["title"].tolist(), aliases, {c: i for i, c in enumerate(occ["code"])}


def onet_tasks_to_occupation(limit: int | None, seed: int):
    """Up to 8 of an occupation's task statements, joined, must find the occupation."""
    from matcher.evaluation.tasks import Task, TaskName

    tasks = onet_task_statements()
    texts, aliases, pos = _onet_candidates()
    by_code = tasks.groupby("code")["task"].apply(list)
    eligible = [c for c, t in by_code.items() if len(t) >= MIN_TASKS and c in pos]
    rng = np.random.default_rng(seed)
    queries, relevant = [], []
    for i in _sample(len(eligible), limit, seed):
        code = eligible[i]
        statements = list(by_code[code])
        picked = rng.permutation(len(statements))[:TASKS_PER_AD]
        queries.append(" ".join(statements[j].strip() for j in sorted(picked)))
        relevant.append([pos[code]])
    return Task(
        TaskName.ONET_TASKS_TO_OCCUPATION.value,
        "en",
        queries,
        relevant,
        texts,
        aliases,
        "query: 8 task statements of an occupation joined (a pseudo job ad); "
        "candidates: 1,016 O*NET titles + all alternate titles",
    )


def _indonesian_pairs(path, name_column: str, task, limit: int | None, seed: int, note: str):
    """Hand-written (description, name) pairs: each description must find its name
    among all the file's names."""
    from matcher.evaluation.tasks import Task

    df = _read_eval_csv(path, {"id", name_column, "description"})
    names = df[name_column].tolist()
    pos = {n: i for i, n in enumerate(names)}
    idx = _sample(len(df), limit, seed)
    return Task(
        task.value,
        "id",
        [df.loc[i, "description"] for i in idx],
        [[pos[df.loc[i, name_column]]] for i in idx],
        names,
        [[] for _ in names],
        note,
    )


def indonesian_description_to_occupation(limit: int | None, seed: int):
    """An Indonesian job description must find its Indonesian occupation name."""
    from matcher.evaluation.tasks import TaskName

    return _indonesian_pairs(
        INDONESIAN_PAIRS_CSV, "occupation", TaskName.INDONESIAN_DESCRIPTION_TO_OCCUPATION,
        limit, seed,
        "query: hand-written Indonesian job description; candidates: 100 Indonesian "
        "occupation names",
    )  # fmt: skip


def indonesian_description_to_skill(limit: int | None, seed: int):
    """What a person says they can do, typed informally, must find the Indonesian name
    of that skill."""
    from matcher.evaluation.tasks import TaskName

    return _indonesian_pairs(
        INDONESIAN_SKILL_PAIRS_CSV, "skill", TaskName.INDONESIAN_DESCRIPTION_TO_SKILL,
        limit, seed,
        "query: hand-written informal Indonesian description of an ability; candidates: "
        "120 Indonesian skill names",
    )  # fmt: skip


def foreign_title_to_occupation(limit: int | None, seed: int):
    """A German or Spanish job title must find the O*NET occupation it was translated from.

    Relevant: every occupation that lists the English alternate title (compared
    case-insensitively), as in ``onet_title_to_occupation``.
    """
    from matcher.evaluation.tasks import Task, TaskName

    df = _read_eval_csv(FOREIGN_TITLES_CSV, {"lang", "text", "en_title", "code"})
    texts, aliases, pos = _onet_candidates()
    alt = datasets.onet_alternate_titles().dropna()
    codes = alt.groupby(alt["title"].str.strip().str.lower())["code"].apply(set)
    queries, relevant = [], []
    for i in _sample(len(df), limit, seed):
        row = df.iloc[i]
        if row["code"] not in pos:
            raise ValueError(f"foreign_titles.csv row {i + 2}: unknown O*NET code {row['code']}")
        found = codes.get(row["en_title"].strip().lower(), set()) | {row["code"]}
        queries.append(row["text"])
        relevant.append(sorted(pos[c] for c in found if c in pos))
    return Task(
        TaskName.FOREIGN_TITLE_TO_OCCUPATION.value,
        "other",
        queries,
        relevant,
        texts,
        aliases,
        "query: German or Spanish title translated from an O*NET alternate title; "
        "candidates: 1,016 O*NET titles + all alternate titles",
    )
