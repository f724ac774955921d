"""Programme indicators: the funnel, time to outcome, groups, programmes, employers, months.

Every function takes a :class:`~matcher.monitoring.data.MonitoringData` snapshot and an
optional reporting window ``start``..``end`` (inclusive dates); docs/monitoring.md
defines each figure. Counts of *events* (e.g. placements) are dated by when the event
happened as reported (``event_date``), not when it was typed in.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from matcher.monitoring.data import DIMENSIONS, MonitoringData

__all__ = [
    "FUNNEL_STAGES",
    "business_outcomes",
    "by_group",
    "employer_outcomes",
    "funnel",
    "monthly_trends",
    "program_outcomes",
    "time_to_outcome",
]

FUNNEL_STAGES = (
    "registrations",
    "recommendations_shown",
    "referrals",
    "enrolments",
    "completions",
    "placements",
)
EVENT_OF_STAGE = {"enrolments": "enrolled", "completions": "completed", "placements": "hired"}
GROWTH = ("started", "grew")


def _within(dates: pd.Series, start: date | None, end: date | None) -> pd.Series:
    keep = dates.notna()
    if start is None and end is None:
        return keep
    stamps = pd.to_datetime(dates)
    if start is not None:
        keep &= stamps >= pd.Timestamp(start)
    if end is not None:
        keep &= stamps <= pd.Timestamp(end)
    return keep


def _stage_frames(data: MonitoringData, start, end) -> dict[str, pd.DataFrame]:
    """The rows behind each funnel stage in the window; each has a ``jobseeker_id``."""
    people = data.people[_within(data.people["registered_on"], start, end)]
    shown = data.exposures[data.exposures["context"] == "counselor_view"]
    out = {
        "registrations": people.rename(columns={"id": "jobseeker_id"}),
        "recommendations_shown": shown[_within(shown["shown_on"], start, end)],
        "referrals": data.referrals[_within(data.referrals["referred_on"], start, end)],
    }
    events = data.events[_within(data.events["event_date"], start, end)]
    for stage, status in EVENT_OF_STAGE.items():
        out[stage] = events[events["status"] == status]
    out["dropouts"] = events[events["status"] == "dropped_out"]
    return out


def funnel(data: MonitoringData, start: date | None = None, end: date | None = None) -> dict:
    """Counts for each stage, and how many distinct people reached it.

    Returns ``{"registrations": n, ..., "people_placements": n, ...}``; stages are
    :data:`FUNNEL_STAGES` plus ``dropouts``.
    """
    out: dict[str, int] = {}
    for stage, frame in _stage_frames(data, start, end).items():
        out[stage] = int(len(frame))
        out[f"people_{stage}"] = int(frame["jobseeker_id"].nunique())
    return out


def time_to_outcome(
    data: MonitoringData, start: date | None = None, end: date | None = None
) -> dict[str, float | int | None]:
    """Days from registration to the first placement or enrolment, for people registered
    in the window.

    ``median_days``/``mean_days`` are over people who reached an outcome by ``as_of``;
    ``share_within_90``/``share_within_180`` are over people registered at least 90/180
    days before ``as_of`` (so everyone counted had the full time to get there).
    """
    people = data.people[_within(data.people["registered_on"], start, end)]
    firsts = (
        data.events[data.events["status"].isin(["hired", "enrolled"])]
        .groupby("jobseeker_id")["event_date"]
        .min()
    )
    reg = people.set_index("id")["registered_on"]
    first = firsts.reindex(reg.index)
    days = pd.Series(
        [(f - r).days if pd.notna(f) else np.nan for f, r in zip(first, reg, strict=True)],
        index=reg.index,
        dtype=float,
    )
    reached = days.dropna()
    out: dict[str, float | int | None] = {
        "people": int(len(reg)),
        "reached": int(len(reached)),
        "median_days": float(reached.median()) if len(reached) else None,
        "mean_days": round(float(reached.mean()), 1) if len(reached) else None,
    }
    for horizon in (90, 180):
        cohort = reg[reg.map(lambda d, h=horizon: d <= data.as_of - timedelta(days=h))]
        hit = days.reindex(cohort.index) <= horizon
        out[f"cohort_{horizon}"] = int(len(cohort))
        out[f"share_within_{horizon}"] = round(float(hit.mean()), 4) if len(cohort) else None
    return out


def by_group(
    data: MonitoringData, dimension: str, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """The funnel and time to outcome for each value of ``dimension`` (one row per group).

    Rates are per registered person of the group in the window:
    ``placement_rate = people_placements / registrations`` and the same for referrals,
    enrolments and completions.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; allowed: {', '.join(DIMENSIONS)}")
    rows = []
    for value in sorted(data.people[dimension].dropna().unique()):
        sub = data.for_people(**{dimension: [value]})
        row = {"dimension": dimension, "group": value, **funnel(sub, start, end)}
        tto = time_to_outcome(sub, start, end)
        row["median_days_to_outcome"] = tto["median_days"]
        row["share_outcome_within_180"] = tto["share_within_180"]
        reg = row["registrations"]
        for stage in ("referrals", "enrolments", "completions", "placements"):
            rate = row[f"people_{stage}"] / reg if reg else None
            row[f"{stage[:-1]}_rate"] = round(rate, 4) if rate is not None else None
        rows.append(row)
    return pd.DataFrame(rows)


def _placement_flags(data: MonitoringData, since: pd.DataFrame) -> pd.DataFrame:
    """For (jobseeker_id, since) rows: was the person hired within 90/180 days of
    ``since``, and is ``since`` old enough (by ``as_of``) for that to be known?"""
    hires = data.events.loc[data.events["status"] == "hired", ["jobseeker_id", "event_date"]]
    rows = since[["jobseeker_id", "since"]].reset_index(drop=True).reset_index(names="row")
    merged = rows.merge(hires, on="jobseeker_id", how="inner")
    lag = pd.Series(
        [(e - s).days for e, s in zip(merged["event_date"], merged["since"], strict=True)],
        index=merged.index,
        dtype=float,
    )
    out = pd.DataFrame(index=rows.index)
    age = rows["since"].map(lambda d: (data.as_of - d).days)
    for days in (90, 180):
        hit = merged.loc[(lag >= 0) & (lag <= days), "row"].unique()
        out[f"hired_{days}"] = rows["row"].isin(hit)
        out[f"observable_{days}"] = age >= days
    return out


def _placement_rates(flags: pd.DataFrame) -> dict[str, object]:
    """Placement within 3 and 6 months, over rows old enough to know."""
    out: dict[str, object] = {}
    for months, days in ((3, 90), (6, 180)):
        known = flags[f"observable_{days}"]
        out[f"observable_{months}m"] = int(known.sum())
        rate = flags.loc[known, f"hired_{days}"].mean() if known.any() else None
        out[f"placement_rate_{months}m"] = round(float(rate), 4) if rate is not None else None
    return out


def program_outcomes(
    data: MonitoringData, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Per programme, for referrals made in the window.

    ``completion_rate = completed / (completed + dropped_out)`` (enrolments still running
    are ``in_progress``); ``placement_rate_3m``/``_6m``: share of completers hired within
    90/180 days of completing, over completers who finished at least that long before
    ``as_of``; ``business_rate_6m``: share of women-entrepreneur completers with a
    business started or grown within 180 days of completing (same observability rule).
    """
    refs = data.referrals[
        data.referrals["kind"].isin(["training", "entrepreneurship"])
        & _within(data.referrals["referred_on"], start, end)
    ]
    ev = data.events[data.events["referral_id"].isin(refs["referral_id"])]
    segment = data.people.set_index("id")["segment"]
    rows = []
    for prog in data.programs.itertuples():
        mine = refs[refs["opportunity_id"] == prog.id]
        if mine.empty:
            continue
        pev = ev[ev["referral_id"].isin(mine["referral_id"])]
        enrolled = set(pev.loc[pev["status"] == "enrolled", "referral_id"])
        done = pev[pev["status"] == "completed"]
        dropped = set(pev.loc[pev["status"] == "dropped_out", "referral_id"])
        ended = len(done) + len(dropped)
        row = {
            "program_id": prog.id,
            "title": prog.title,
            "provider": prog.provider,
            "program_type": prog.program_type,
            "referrals": len(mine),
            "enrolled": len(enrolled),
            "completed": len(done),
            "dropped_out": len(dropped),
            "in_progress": len(enrolled) - ended,
            "completion_rate": round(len(done) / ended, 4) if ended else None,
        }
        since = done[["jobseeker_id", "event_date"]].rename(columns={"event_date": "since"})
        since = since.reset_index(drop=True)
        row.update(_placement_rates(_placement_flags(data, since)))
        we = since[since["jobseeker_id"].map(segment) == "perempuan_wirausaha"]
        row["we_completers"] = len(we)
        row["business_rate_6m"] = _business_rate(data, we) if len(we) else None
        rows.append(row)
    return pd.DataFrame(rows)


def _business_rate(data: MonitoringData, since: pd.DataFrame) -> float | None:
    grew = data.business[data.business["status"].isin(GROWTH)]
    observable = since[since["since"].map(lambda d: d <= data.as_of - timedelta(days=180))]
    if observable.empty:
        return None
    hits = [
        bool(
            (
                (grew["jobseeker_id"] == r.jobseeker_id)
                & grew["outcome_date"].map(lambda d, s=r.since: s <= d <= s + timedelta(days=180))
            ).any()
        )
        for r in observable.itertuples()
    ]
    return round(float(np.mean(hits)), 4)


def employer_outcomes(
    data: MonitoringData, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Per employer, for vacancy referrals made in the window: referrals, hires, and the
    share hired within 90/180 days of referral (over referrals at least that old)."""
    refs = data.referrals[
        (data.referrals["kind"] == "vacancy") & _within(data.referrals["referred_on"], start, end)
    ]
    employer = data.vacancies.set_index("id")["employer"]
    refs = refs.assign(employer=refs["opportunity_id"].map(employer))
    hired = set(data.events.loc[data.events["status"] == "hired", "referral_id"])
    since = refs[["jobseeker_id", "referred_on"]].rename(columns={"referred_on": "since"})
    flags = _placement_flags(data, since).set_index(refs.index)
    rows = []
    for name, mine in refs.groupby("employer"):
        row = {
            "employer": name,
            "vacancies": int(mine["opportunity_id"].nunique()),
            "referrals": len(mine),
            "hired": int(mine["referral_id"].isin(hired).sum()),
        }
        row.update(_placement_rates(flags.loc[mine.index]))
        rows.append(row)
    return pd.DataFrame(rows)


def business_outcomes(data: MonitoringData) -> pd.DataFrame:
    """Women entrepreneurs' latest business status, split by whether they completed an
    entrepreneurship programme (a comparison, not a causal effect)."""
    we = data.people[data.people["segment"] == "perempuan_wirausaha"]["id"]
    done = data.events[(data.events["status"] == "completed") & (data.events["kind"] == "entrepreneurship")]  # fmt: skip
    latest = data.business.sort_values("outcome_date").groupby("jobseeker_id")["status"].last()
    frame = pd.DataFrame({"jobseeker_id": we})
    frame["completed_programme"] = frame["jobseeker_id"].isin(done["jobseeker_id"])
    frame["status"] = frame["jobseeker_id"].map(latest).fillna("no_follow_up")
    table = frame.groupby(["completed_programme", "status"]).size().unstack(fill_value=0)
    table["people"] = table.sum(axis=1)
    followed = table["people"] - table.get("no_follow_up", 0)
    grew = sum(table.get(s, 0) for s in GROWTH)
    table["started_or_grew_rate"] = (grew / followed.where(followed > 0)).round(4)
    return table.reset_index()


def monthly_trends(
    data: MonitoringData, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """One row per calendar month (``YYYY-MM``): the funnel counts plus businesses that
    started or grew."""
    frames = _stage_frames(data, start, end)
    dated = {
        "registrations": frames["registrations"]["registered_on"],
        "recommendations_shown": frames["recommendations_shown"]["shown_on"],
        "referrals": frames["referrals"]["referred_on"],
        "enrolments": frames["enrolments"]["event_date"],
        "completions": frames["completions"]["event_date"],
        "placements": frames["placements"]["event_date"],
    }
    biz = data.business[data.business["status"].isin(GROWTH)]
    dated["business_started_or_grew"] = biz.loc[
        _within(biz["outcome_date"], start, end), "outcome_date"
    ]
    counts = {
        name: pd.Series([f"{d:%Y-%m}" for d in dates], dtype=object).value_counts()
        for name, dates in dated.items()
    }
    table = pd.DataFrame(counts).fillna(0).astype(int).sort_index()
    table.index.name = "month"
    return table.reset_index()
