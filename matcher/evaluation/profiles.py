"""Recommendations for hand-judged profiles: would a counselor accept what is listed?

``data/eval/profiles/`` holds realistic profiles written as people type on a phone, and a
counselor's judgment of every sample vacancy and programme for each (``accept``,
``maybe``; anything not listed is a reject), made before any engine ran (see its README).

Per list (vacancies, vocational trainings, entrepreneurship programmes):

- ``precision@5``: accepts among the top 5 / min(5, the profile's accepts of that list's
  kind), averaged over profiles with at least one accept;
- ``accepts@5``: accepts among the top 5 / 5, same profiles;
- ``reject_share@10``: rejects among the items listed (at most 10), averaged over profiles
  that were shown at least one item; ``maybe`` is neither;
- ``listed``: mean number of items listed (a relevance floor can shorten a list).

:func:`evaluate_shortlists` reads the same judgments the other way: each sample item
ranks the profiles, as an employer's shortlist or a trainer's suggestions do.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from matcher import config

PROFILES_DIR = config.DATA_DIR / "eval" / "profiles"
JUDGED_ON = date(2026, 12, 1)  # the "today" the judgments assume (closing and start dates)
LISTS = ("vacancies", "trainings", "entrepreneurship")


def read_judgments(directory: str | Path = PROFILES_DIR) -> dict[tuple[str, str], str]:
    """(profile id, item id) -> grade."""
    df = pd.read_csv(Path(directory) / "judgments.csv", dtype=str, keep_default_na=False)
    return {(r.profile_id, r.item_id): r.grade for r in df.itertuples()}


def _list_figures(
    shown: dict[str, list[str]], judged: dict[tuple[str, str], str], pool: set[str]
) -> dict[str, float]:
    p5, a5, rej, listed = [], [], [], []
    for pid, items in shown.items():
        accepts = {i for (p, i), g in judged.items() if p == pid and g == "accept" and i in pool}
        listed.append(len(items))
        if items:
            rej.append(sum(1 for i in items[:10] if (pid, i) not in judged) / len(items[:10]))
        if accepts:
            hits = sum(1 for i in items[:5] if i in accepts)
            p5.append(hits / min(5, len(accepts)))
            a5.append(hits / 5)
    return {
        "precision@5": float(np.mean(p5)) if p5 else float("nan"),
        "accepts@5": float(np.mean(a5)) if a5 else float("nan"),
        "reject_share@10": float(np.mean(rej)) if rej else 0.0,
        "listed": float(np.mean(listed)) if listed else 0.0,
        "profiles_with_accepts": float(len(p5)),
    }


def _half(profile_id: str) -> str:
    """ "odd" or "even" by the profile's number (EP-001 is odd): the halves the docs report
    thresholds chosen on and held out."""
    digits = "".join(ch for ch in profile_id if ch.isdigit())
    return "odd" if digits and int(digits) % 2 else "even"


def _profile_service(service_kw, directory, sample_dir):
    """A service over the profiles and the sample catalogue (no learned ranker): the
    service, the catalogue's records, the profiles."""
    from matcher.loaders import load_jobseekers
    from matcher.service import CsvSource, MatcherService, Records

    catalog = CsvSource(Path(sample_dir)).load()
    people = load_jobseekers(Path(directory) / "profiles.csv").records
    records = Records(jobseekers=people, programs=catalog.programs, vacancies=catalog.vacancies)
    service = MatcherService.from_records(records, **{"ranker": None, **(service_kw or {})})
    return service, catalog, people


def _pools(catalog) -> dict[str, set[str]]:
    """Item ids per list."""
    return {
        "vacancies": {v.id for v in catalog.vacancies},
        "trainings": {p.id for p in catalog.programs if p.program_type.value == "vokasi"},
        "entrepreneurship": {
            p.id for p in catalog.programs if p.program_type.value == "kewirausahaan"
        },
    }


def evaluate_profiles(
    service_kw: dict | None = None,
    directory: str | Path = PROFILES_DIR,
    sample_dir: str | Path = config.SAMPLE_DATA_DIR,
    halves: bool = False,
    **options,
) -> pd.DataFrame:
    """Recommend for every profile against the sample catalogue; one row per list.

    ``service_kw`` goes to :meth:`MatcherService.from_records` (encoder, normaliser...),
    ``options`` to each request (weights, diversity...). No learned ranker is used.
    ``halves`` adds a ``profiles`` column and a row per list for the odd-numbered and the
    even-numbered profiles beside all of them.
    """
    service, catalog, people = _profile_service(service_kw, directory, sample_dir)
    judged = read_judgments(directory)
    shown: dict[str, dict[str, list[str]]] = {name: {} for name in LISTS}
    for person in people:
        result = service.recommend_for_jobseeker(person.id, as_of=JUDGED_ON, **options)
        for name in LISTS:
            shown[name][person.id] = [r.item_id for r in getattr(result, name)]
    pools = _pools(catalog)
    groups = ("all", "odd", "even") if halves else ("all",)
    rows = []
    for name in LISTS:
        for group in groups:
            part = {k: v for k, v in shown[name].items() if group in ("all", _half(k))}
            row = {"list": name, **_list_figures(part, judged, pools[name])}
            rows.append({"profiles": group, **row} if halves else row)
    return pd.DataFrame(rows)


def evaluate_shortlists(
    methods: dict[str, dict],
    service_kw: dict | None = None,
    directory: str | Path = PROFILES_DIR,
    sample_dir: str | Path = config.SAMPLE_DATA_DIR,
    top_k: int = 10,
) -> pd.DataFrame:
    """The other direction on the same judgments: every sample item ranks the profiles
    (an employer's shortlist, a trainer's suggestions); one row per method and list.

    The figures of :func:`_list_figures` with items and people swapped: precision@5 over
    items with at least one accepted profile, the reject share of the people ranked,
    ``listed`` people per item. ``methods`` maps a name to request options (``{}`` is
    the default).
    """
    service, catalog, people = _profile_service(service_kw, directory, sample_dir)
    by_item = {(i, p): g for (p, i), g in read_judgments(directory).items()}
    everyone = {p.id for p in people}
    rows = []
    for name, options in methods.items():
        for list_name, items in _pools(catalog).items():
            fn = (service.recommend_for_vacancy if list_name == "vacancies"
                  else service.recommend_for_program)  # fmt: skip
            shown = {
                i: [r.item_id for r in fn(i, as_of=JUDGED_ON, top_k=top_k, **options).ranked]
                for i in sorted(items)
            }  # fmt: skip
            figures = _list_figures(shown, by_item, everyone)
            figures["items_with_accepts"] = figures.pop("profiles_with_accepts")
            rows.append({"method": name, "list": list_name, **figures})
    return pd.DataFrame(rows)
