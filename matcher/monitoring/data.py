"""Read the outcome records into tidy tables (pandas) that the indicators are computed on.

One load per report or page view: every indicator then works on the same snapshot, so
the figures in the dashboard, the spreadsheet and the printed report agree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
from sqlalchemy import select

from matcher.db.models import (
    DecisionRow,
    JobseekerRow,
    OutcomeEventRow,
    ProgramRow,
    ReferralRow,
    VacancyRow,
)
from matcher.domain import Education
from matcher.monitoring.models import BusinessOutcomeRow, ExposureRow

__all__ = [
    "AGE_BANDS",
    "DIMENSIONS",
    "MonitoringData",
    "age_band",
    "education_band",
    "is_night_shift",
    "load_data",
]

# The groups every indicator is broken down by (columns of ``MonitoringData.people``).
DIMENSIONS = ("segment", "gender", "age_band", "kelurahan", "education", "disability")
AGE_BANDS = ((16, 19), (20, 24), (25, 29), (30, 39), (40, 200))


def age_band(age: int) -> str:
    """``"20-24"``-style band; the last band is open ("40+")."""
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}+" if high >= 200 else f"{low}-{high}"
    return f"<{AGE_BANDS[0][0]}"


def education_band(level: int) -> str:
    """Coarse education used to match similar profiles: up to SMP, SMA/SMK, higher."""
    if level <= Education.SMP:
        return "<=SMP"
    return "SMA/SMK" if level == Education.SMA else "Diploma+"


def is_night_shift(schedule: str) -> bool:
    text = (schedule or "").lower()
    return "malam" in text or "22:00" in text


@dataclass(frozen=True)
class MonitoringData:
    """A snapshot of everything the indicators need, one DataFrame per record kind.

    ``people`` has one row per jobseeker with the group columns in :data:`DIMENSIONS`;
    ``events`` has one row per outcome event joined to its referral; dates are
    :class:`datetime.date`. ``as_of`` is the last day the snapshot can speak for.
    """

    people: pd.DataFrame
    exposures: pd.DataFrame
    referrals: pd.DataFrame
    events: pd.DataFrame
    decisions: pd.DataFrame
    business: pd.DataFrame
    vacancies: pd.DataFrame
    programs: pd.DataFrame
    as_of: date

    def for_people(self, **groups: list[str] | tuple[str, ...] | None) -> MonitoringData:
        """Keep only people in the given groups (e.g. ``gender=["P"]``) and their records."""
        keep = pd.Series(True, index=self.people.index)
        for dim, values in groups.items():
            if dim not in DIMENSIONS:
                raise ValueError(f"unknown group {dim!r}; allowed: {', '.join(DIMENSIONS)}")
            if values:
                keep &= self.people[dim].isin(list(values))
        people = self.people[keep]
        ids = set(people["id"])

        def sub(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[frame["jobseeker_id"].isin(ids)]

        return replace(
            self,
            people=people,
            exposures=sub(self.exposures),
            referrals=sub(self.referrals),
            events=sub(self.events),
            decisions=sub(self.decisions),
            business=sub(self.business),
        )


def _frame(session, query, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in session.execute(query)], columns=columns)


def _value(x: object) -> object:
    return getattr(x, "value", x)


def load_data(session, *, as_of: date | None = None) -> MonitoringData:
    """Read the outcome tables; ``as_of`` defaults to the latest date recorded anywhere."""
    people = _frame(
        session,
        select(
            JobseekerRow.id,
            JobseekerRow.registered_on,
            JobseekerRow.segment,
            JobseekerRow.gender,
            JobseekerRow.age,
            JobseekerRow.kelurahan,
            JobseekerRow.education,
            JobseekerRow.disability,
            JobseekerRow.business_stage,
            JobseekerRow.is_sample,
        ),
        [
            "id",
            "registered_on",
            "segment",
            "gender",
            "age",
            "kelurahan",
            "education_level",
            "disability_text",
            "business_stage",
            "is_sample",
        ],
    )
    for col in ("segment", "gender", "business_stage"):
        people[col] = people[col].map(_value)
    people["age_band"] = people["age"].map(age_band)
    people["education"] = people["education_level"].map(lambda v: Education(int(v)).label)
    people["education_band"] = people["education_level"].map(education_band)
    people["disability"] = people["disability_text"].map(
        lambda s: "ya" if (s or "").strip() else "tidak"
    )

    exposures = _frame(
        session,
        select(
            ExposureRow.jobseeker_id,
            ExposureRow.opportunity_kind,
            ExposureRow.opportunity_id,
            ExposureRow.rank,
            ExposureRow.score,
            ExposureRow.shown_at,
            ExposureRow.context,
            ExposureRow.demo,
        ),
        ["jobseeker_id", "kind", "opportunity_id", "rank", "score", "shown_at", "context", "demo"],
    )
    exposures["kind"] = exposures["kind"].map(_value)
    exposures["context"] = exposures["context"].map(_value)
    exposures["shown_on"] = exposures["shown_at"].map(lambda t: t.date())

    referrals = _frame(
        session,
        select(
            ReferralRow.id,
            ReferralRow.jobseeker_id,
            ReferralRow.opportunity_kind,
            ReferralRow.opportunity_id,
            ReferralRow.status,
            ReferralRow.at,
            ReferralRow.who,
        ),
        ["referral_id", "jobseeker_id", "kind", "opportunity_id", "status", "at", "who"],
    )
    events = _frame(
        session,
        select(OutcomeEventRow.referral_id, OutcomeEventRow.status, OutcomeEventRow.event_date),
        ["referral_id", "status", "event_date"],
    )
    for frame, cols in ((referrals, ("kind", "status")), (events, ("status",))):
        for col in cols:
            frame[col] = frame[col].map(_value)
    # A referral's date is when it was reported to have happened, else when it was typed.
    first = events[events["status"] == "referred"].groupby("referral_id")["event_date"].min()
    referrals["referred_on"] = referrals["referral_id"].map(first)
    referrals["referred_on"] = referrals["referred_on"].fillna(
        referrals["at"].map(lambda t: t.date())
    )
    events = events.merge(
        referrals[["referral_id", "jobseeker_id", "kind", "opportunity_id"]], on="referral_id"
    )

    decisions = _frame(
        session,
        select(
            DecisionRow.jobseeker_id,
            DecisionRow.opportunity_kind,
            DecisionRow.opportunity_id,
            DecisionRow.action,
            DecisionRow.reason_code,
            DecisionRow.who,
            DecisionRow.at,
        ),
        ["jobseeker_id", "kind", "opportunity_id", "action", "reason_code", "who", "at"],
    )
    for col in ("kind", "action", "reason_code"):
        decisions[col] = decisions[col].map(_value)
    decisions["on"] = decisions["at"].map(lambda t: t.date())

    business = _frame(
        session,
        select(
            BusinessOutcomeRow.jobseeker_id,
            BusinessOutcomeRow.outcome_date,
            BusinessOutcomeRow.status,
            BusinessOutcomeRow.revenue_band,
            BusinessOutcomeRow.program_id,
            BusinessOutcomeRow.demo,
        ),
        ["jobseeker_id", "outcome_date", "status", "revenue_band", "program_id", "demo"],
    )
    for col in ("status", "revenue_band"):
        business[col] = business[col].map(_value)

    vacancies = _frame(
        session,
        select(
            VacancyRow.id,
            VacancyRow.employer,
            VacancyRow.title,
            VacancyRow.wage,
            VacancyRow.schedule,
            VacancyRow.work_type,
            VacancyRow.min_age,
            VacancyRow.max_age,
            VacancyRow.min_education,
        ),
        [
            "id",
            "employer",
            "title",
            "wage",
            "schedule",
            "work_type",
            "min_age",
            "max_age",
            "min_education",
        ],
    )
    vacancies["work_type"] = vacancies["work_type"].map(_value)
    vacancies["night_shift"] = vacancies["schedule"].map(is_night_shift)

    programs = _frame(
        session,
        select(
            ProgramRow.id,
            ProgramRow.provider,
            ProgramRow.title,
            ProgramRow.program_type,
            ProgramRow.min_age,
            ProgramRow.max_age,
            ProgramRow.min_education,
            ProgramRow.target_gender,
            ProgramRow.target_segment,
        ),
        [
            "id",
            "provider",
            "title",
            "program_type",
            "min_age",
            "max_age",
            "min_education",
            "target_gender",
            "target_segment",
        ],
    )
    for col in ("program_type", "target_gender", "target_segment"):
        programs[col] = programs[col].map(_value)

    if as_of is None:
        dates = [
            *people["registered_on"].dropna(),
            *exposures["shown_on"],
            *events["event_date"],
            *decisions["on"],
            *business["outcome_date"],
        ]
        as_of = max(dates) if dates else date.today()
    return MonitoringData(
        people, exposures, referrals, events, decisions, business, vacancies, programs, as_of
    )
