"""Fairness of the recommendations: exposure parity, wage steering, counselor overrides.

* :func:`exposure_parity` - each group's share of exposures against its share of the
  people *eligible* for what was shown, exposure by exposure.
* :func:`wage_steering` - median wage of vacancies shown to women against men with a
  similar profile (same segment, education band and age band), with a permutation test.
* :func:`override_rates` - how often counselors override the list, and why, by group.

docs/monitoring.md explains the methods and their limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from matcher.monitoring.data import DIMENSIONS, MonitoringData

__all__ = [
    "OPPORTUNITY_TIERS",
    "OVERRIDE_ACTIONS",
    "SteeringResult",
    "eligibility_matrix",
    "exposure_parity",
    "override_rates",
    "wage_steering",
]

OPPORTUNITY_TIERS = (
    "all_vacancies",
    "high_wage_vacancies",  # top quartile of stated wages
    "night_shift_vacancies",
    "trainings",
    "entrepreneurship",
)
# Item decisions that depart from the engine's list (an accept agrees with it).
OVERRIDE_ACTIONS = ("reject", "move_down", "move_up", "pin")
PARITY_COLUMNS = ("dimension", "context", "tier", "group", "exposures", "slice_exposures",
                  "exposure_share", "eligible_share", "gap", "ratio", "flagged")  # fmt: skip
MIN_EXPOSURES = 30  # fewer exposures than this in a slice: shown, never flagged


def _check_dimension(dimension: str) -> None:
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; allowed: {', '.join(DIMENSIONS)}")


def eligibility_matrix(data: MonitoringData) -> tuple[np.ndarray, dict[tuple[str, str], int]]:
    """People x opportunities: may this person be offered this opportunity?

    The hard profile rules only (age range, minimum education; for programmes also the
    target gender and segment): what a person could have been shown, whatever the score.
    Returns the boolean matrix and a ``(kind, id) -> column`` index.
    """
    p = data.people
    age = p["age"].to_numpy()[:, None]
    edu = p["education_level"].to_numpy()[:, None]
    cols, blocks = {}, []
    for kind, frame in (("vacancy", data.vacancies), ("program", data.programs)):
        lo = frame["min_age"].fillna(0).to_numpy()[None, :]
        hi = frame["max_age"].fillna(200).to_numpy()[None, :]
        ok = (age >= lo) & (age <= hi) & (edu >= frame["min_education"].to_numpy()[None, :])
        if kind == "program":
            tg, ts = frame["target_gender"].to_numpy()[None, :], frame["target_segment"].to_numpy()[None, :]  # fmt: skip
            ok &= (tg == "semua") | (tg == p["gender"].to_numpy()[:, None])
            ok &= (ts == "semua") | (ts == p["segment"].to_numpy()[:, None])
            kinds = np.where(frame["program_type"] == "kewirausahaan", "entrepreneurship", "training")  # fmt: skip
        else:
            kinds = np.full(len(frame), "vacancy")
        for k, opp in zip(kinds, frame["id"], strict=True):
            cols[(str(k), opp)] = len(cols)
        blocks.append(ok)
    return np.hstack(blocks) if blocks else np.zeros((len(p), 0), bool), cols


def _tier_mask(data: MonitoringData, exposures: pd.DataFrame, tier: str) -> pd.Series:
    vac = data.vacancies.set_index("id")
    if tier == "all_vacancies":
        return exposures["kind"] == "vacancy"
    if tier == "high_wage_vacancies":
        wages = vac["wage"].dropna()
        cut = wages.quantile(0.75) if len(wages) else np.inf
        high = set(vac.index[vac["wage"] >= cut])
        return (exposures["kind"] == "vacancy") & exposures["opportunity_id"].isin(high)
    if tier == "night_shift_vacancies":
        night = set(vac.index[vac["night_shift"]])
        return (exposures["kind"] == "vacancy") & exposures["opportunity_id"].isin(night)
    if tier == "trainings":
        return exposures["kind"] == "training"
    if tier == "entrepreneurship":
        return exposures["kind"] == "entrepreneurship"
    raise ValueError(f"unknown tier {tier!r}; allowed: {', '.join(OPPORTUNITY_TIERS)}")


def _activity(people: pd.DataFrame, exposures: pd.DataFrame, context: str) -> np.ndarray:
    """How much each person could be shown: in counselors' lists, the number of days a
    list was opened for them (people who come more often see more); elsewhere 1."""
    if context != "counselor_view":
        return np.ones((len(people), 1))
    sessions = exposures.groupby("jobseeker_id")["shown_on"].nunique()
    return people["id"].map(sessions).fillna(0).to_numpy(dtype=float)[:, None]


def _slices(data: MonitoringData, exp: pd.DataFrame):
    """Per context x tier: observed and expected exposures per person (people order).

    ``expected[p]`` sums, over the slice's exposures, person p's weighted share of that
    exposure's eligible pool; it is the number of exposures p would get if the slice were
    spread over eligible people in proportion to how much they could be shown.
    """
    elig, cols = eligibility_matrix(data)
    people = data.people.reset_index(drop=True)
    reg = people["registered_on"].map(lambda d: d or date.min).to_numpy()
    row_of = {pid: i for i, pid in enumerate(people["id"])}
    for context, by_context in exp.groupby("context"):
        weight = _activity(people, by_context, context)[:, 0]
        col = pd.Series([cols.get(k) for k in zip(by_context["kind"], by_context["opportunity_id"], strict=True)], index=by_context.index)  # fmt: skip
        for tier in OPPORTUNITY_TIERS:
            sub = by_context[_tier_mask(data, by_context, tier) & col.notna()]
            if sub.empty:
                continue
            idx = col[sub.index].astype(int).to_numpy()
            pool = elig[:, idx].T & (reg[None, :] <= sub["shown_on"].to_numpy()[:, None])
            mass = pool * weight[None, :]
            totals = mass.sum(axis=1, keepdims=True)
            expected = (mass[totals[:, 0] > 0] / totals[totals[:, 0] > 0]).sum(axis=0)
            n_pooled = int((totals[:, 0] > 0).sum())
            observed = np.bincount([row_of[j] for j in sub["jobseeker_id"]], minlength=len(people))  # fmt: skip
            yield context, tier, len(sub), n_pooled, observed, expected


def exposure_parity(
    data: MonitoringData,
    dimension: str | tuple[str, ...] = "gender",
    *,
    threshold: float = 0.05,
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """Each group's share of exposures against its share of eligible people.

    For every exposure (an opportunity shown on a day) the *eligible pool* is the people
    registered by that day who pass the opportunity's hard rules
    (:func:`eligibility_matrix`). In counselors' lists each eligible person counts as
    many times as a list was opened for them (on distinct days), so a group that visits
    more is expected to see more; in shortlists and suggestions everyone counts once.
    A group's expected share is its mean (weighted) share of those pools; its exposure
    share is the share of exposures that went to its members. One row per dimension x
    context x tier x group with ``gap = exposure_share - eligible_share`` and
    ``ratio = exposure_share / eligible_share``; ``flagged`` when ``|gap| > threshold``
    and the slice has at least :data:`MIN_EXPOSURES` exposures. ``dimension`` may be a
    tuple of dimensions (the pools are then computed once).
    """
    dims = (dimension,) if isinstance(dimension, str) else tuple(dimension)
    for d in dims:
        _check_dimension(d)
    exp = data.exposures
    if start is not None or end is not None:
        lo, hi = start or date.min, end or date.max
        exp = exp[exp["shown_on"].map(lambda d: lo <= d <= hi)]
    people = data.people.reset_index(drop=True)
    rows = []
    for context, tier, n, n_pooled, observed, expected in _slices(data, exp):
        for dim in dims:
            labels = people[dim].to_numpy()
            for g in sorted(people[dim].unique()):
                mine = labels == g
                share = observed[mine].sum() / n
                exp_share = expected[mine].sum() / n_pooled if n_pooled else np.nan
                gap = share - exp_share
                rows.append(
                    {
                        "dimension": dim,
                        "context": context,
                        "tier": tier,
                        "group": g,
                        "exposures": int(observed[mine].sum()),
                        "slice_exposures": int(n),
                        "exposure_share": round(float(share), 4),
                        "eligible_share": round(float(exp_share), 4),
                        "gap": round(float(gap), 4),
                        "ratio": round(float(share / exp_share), 3) if exp_share else None,
                        "flagged": bool(abs(gap) > threshold and n >= MIN_EXPOSURES),
                    }
                )
    return pd.DataFrame(rows, columns=list(PARITY_COLUMNS))


@dataclass(frozen=True)
class SteeringResult:
    """Women's minus men's median recommended wage, within strata of similar profiles."""

    gap: float | None  # rupiah per month, weighted over strata (negative: women get less)
    relative_gap: float | None  # gap / weighted men's median
    p_value: float | None  # two-sided permutation test, gender shuffled within strata
    women: int
    men: int
    strata_compared: int
    flagged: bool
    strata: pd.DataFrame = field(repr=False)


STRATUM = ("segment", "education_band", "age_band")


def _weighted_gap(wage: np.ndarray, female: np.ndarray, strata: np.ndarray) -> tuple[float, float]:
    gaps, bases, weights = [], [], []
    for s in np.unique(strata):
        m = strata == s
        w, mn = wage[m & female], wage[m & ~female]
        if len(w) and len(mn):
            gaps.append(np.median(w) - np.median(mn))
            bases.append(np.median(mn))
            weights.append(len(w))
    if not weights:
        return np.nan, np.nan
    return float(np.average(gaps, weights=weights)), float(np.average(bases, weights=weights))


def wage_steering(
    data: MonitoringData,
    *,
    context: str = "counselor_view",
    threshold: float = 0.05,
    n_permutations: int = 500,
    alpha: float = 0.05,
    seed: int = 0,
) -> SteeringResult:
    """Do women get lower-paid vacancies recommended than similar men?

    Each person's *recommended wage* is the median stated wage of the vacancies shown to
    them in ``context``. People are grouped into strata of similar profile (same segment,
    education band and age band); in every stratum with both women and men, the gap is
    women's median minus men's median. The overall gap averages the strata gaps weighted
    by the number of women (the comparison a woman would make with similar men).
    ``flagged`` when women get at least ``threshold`` (relative) less and the permutation
    p-value (gender labels shuffled within strata) is below ``alpha``.
    """
    vac = data.vacancies.set_index("id")["wage"]
    exp = data.exposures[(data.exposures["context"] == context) & (data.exposures["kind"] == "vacancy")]  # fmt: skip
    wages = exp.assign(wage=exp["opportunity_id"].map(vac)).dropna(subset=["wage"])
    per_person = wages.groupby("jobseeker_id")["wage"].median()
    people = data.people.set_index("id").loc[per_person.index]
    strata = people[list(STRATUM)].astype(str).agg(" | ".join, axis=1).to_numpy()
    female = (people["gender"] == "P").to_numpy()
    wage = per_person.to_numpy(dtype=float)
    gap, base = _weighted_gap(wage, female, strata)
    rows = []
    for s in np.unique(strata):
        m = strata == s
        w, mn = wage[m & female], wage[m & ~female]
        rows.append(
            {
                "stratum": s,
                "women": int(len(w)),
                "men": int(len(mn)),
                "women_median_wage": float(np.median(w)) if len(w) else None,
                "men_median_wage": float(np.median(mn)) if len(mn) else None,
                "gap": float(np.median(w) - np.median(mn)) if len(w) and len(mn) else None,
            }
        )
    table = pd.DataFrame(rows)
    compared = int(table["gap"].notna().sum()) if len(table) else 0
    if not compared:
        return SteeringResult(None, None, None, int(female.sum()), int((~female).sum()), 0, False, table)  # fmt: skip
    # Only strata with both women and men move the gap; permute within those.
    keep = np.isin(strata, table.loc[table["gap"].notna(), "stratum"].to_numpy())
    wage, female, strata = wage[keep], female[keep], strata[keep]
    members = [np.flatnonzero(strata == s) for s in np.unique(strata)]
    rng = np.random.default_rng(seed)
    perm = np.empty(n_permutations)
    for k in range(n_permutations):
        shuffled = female.copy()
        for m in members:
            shuffled[m] = rng.permutation(female[m])
        perm[k] = _weighted_gap(wage, shuffled, strata)[0]
    p_value = float((np.sum(np.abs(perm) >= abs(gap)) + 1) / (n_permutations + 1))
    relative = gap / base if base else None
    flagged = bool(relative is not None and relative <= -threshold and p_value < alpha)
    return SteeringResult(
        round(gap, 0),
        round(relative, 4) if relative is not None else None,
        round(p_value, 4),
        int(female.sum()),
        int((~female).sum()),
        compared,
        flagged,
        table,
    )


def override_rates(
    data: MonitoringData, dimension: str = "gender", *, threshold: float = 0.05
) -> pd.DataFrame:
    """Counselor overrides per group: ``override_rate = overrides / shown``.

    ``shown`` counts recommendations in counselors' lists (``counselor_view``
    exposures); ``overrides`` counts item decisions in :data:`OVERRIDE_ACTIONS`. One
    column per reason code holds its share of the group's overrides. ``flagged`` when a
    group's rate differs from everyone's by more than ``threshold``.
    """
    _check_dimension(dimension)
    group_of = data.people.set_index("id")[dimension]
    shown = data.exposures[data.exposures["context"] == "counselor_view"]
    over = data.decisions[data.decisions["action"].isin(OVERRIDE_ACTIONS)]
    n_shown = shown["jobseeker_id"].map(group_of).value_counts()
    n_over = over["jobseeker_id"].map(group_of).value_counts()
    overall = len(over) / len(shown) if len(shown) else None
    reasons = (
        over.assign(
            group=over["jobseeker_id"].map(group_of), reason=over["reason_code"].fillna("none")
        )  # fmt: skip
        .groupby(["group", "reason"])
        .size()
        .unstack(fill_value=0)
    )
    rows = []
    for g in sorted(group_of.unique()):
        s, o = int(n_shown.get(g, 0)), int(n_over.get(g, 0))
        rate = o / s if s else None
        row = {"dimension": dimension, "group": g, "shown": s, "overrides": o}
        row["override_rate"] = round(rate, 4) if rate is not None else None
        row["flagged"] = bool(rate is not None and overall is not None and abs(rate - overall) > threshold)  # fmt: skip
        if g in reasons.index and o:
            for reason, n in reasons.loc[g].items():
                row[f"reason_{reason}"] = round(n / o, 4)
        rows.append(row)
    return pd.DataFrame(rows).fillna({c: 0.0 for c in reasons.columns.map(lambda r: f"reason_{r}")})
