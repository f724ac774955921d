"""Tables owned by monitoring and evaluation: what was shown, and how businesses fared.

``recommendation_exposures`` is the record of every recommendation a person saw (or was
seen in): the denominator for "recommendations shown" and for the fairness checks.
``business_outcomes`` holds follow-up of women entrepreneurs' businesses. Both carry a
``demo`` flag so simulated history is never mistaken for real outcomes.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from matcher.db.models import ID, WHO, Base
from matcher.db.types import enum_column_type, utcnow
from matcher.domain import OpportunityKind


class ExposureContext(StrEnum):
    """Where a recommendation was shown."""

    COUNSELOR_VIEW = "counselor_view"  # a counselor's list for one jobseeker
    EMPLOYER_SHORTLIST = "employer_shortlist"  # candidates shown to an employer
    TRAINER_SUGGESTIONS = "trainer_suggestions"  # candidates shown to a trainer


class BusinessStatus(StrEnum):
    """Follow-up status of a woman entrepreneur's business."""

    STARTED = "started"
    GREW = "grew"
    NO_CHANGE = "no_change"
    CLOSED = "closed"


class RevenueBand(StrEnum):
    """Monthly revenue, in rupiah bands that people can answer without records."""

    NONE = "0"
    UNDER_1M = "<1jt"
    FROM_1M_TO_5M = "1-5jt"
    OVER_5M = ">5jt"


class ExposureRow(Base):
    __tablename__ = "recommendation_exposures"
    __table_args__ = (
        Index("ix_recommendation_exposures_opportunity", "opportunity_kind", "opportunity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[str] = mapped_column(ForeignKey("jobseekers.id"), index=True)
    # Opportunities live in two tables, so (kind, id) is a reference, not a foreign key.
    opportunity_kind: Mapped[OpportunityKind] = mapped_column(
        enum_column_type(OpportunityKind, "opportunity_kind")
    )
    opportunity_id: Mapped[str] = mapped_column(ID)
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    shown_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    context: Mapped[ExposureContext] = mapped_column(enum_column_type(ExposureContext, "context"))
    shown_by: Mapped[str | None] = mapped_column(WHO)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)


class BusinessOutcomeRow(Base):
    __tablename__ = "business_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[str] = mapped_column(ForeignKey("jobseekers.id"), index=True)
    outcome_date: Mapped[date] = mapped_column(Date)
    status: Mapped[BusinessStatus] = mapped_column(enum_column_type(BusinessStatus, "status"))
    revenue_band: Mapped[RevenueBand | None] = mapped_column(
        enum_column_type(RevenueBand, "revenue_band")
    )
    program_id: Mapped[str | None] = mapped_column(ID)  # the programme it follows, if any
    who: Mapped[str] = mapped_column(WHO)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)


# Simulated rows in tables owned by others (referrals, outcome events, decisions) carry
# this username in ``who``: the provenance marker that says "demo, not a person's record".
DEMO_WHO = "simulasi-demo"
