"""Record what the recommender showed, so "recommendations shown" and fairness can be measured.

Call :func:`record_exposures` right after a list is rendered: a counselor's list for one
person (a :class:`~matcher.engine.results.RecommendationSet`), an employer's shortlist or a
trainer's suggestions (a list of ranked people for one opportunity).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from matcher.db.enums import parse
from matcher.db.models import ReferralRow
from matcher.db.types import utcnow
from matcher.domain import OpportunityKind
from matcher.engine.results import Recommendation, RecommendationSet
from matcher.errors import RowProblem, ValidationError
from matcher.monitoring.models import DEMO_WHO, BusinessOutcomeRow, ExposureContext, ExposureRow

__all__ = ["exposure_rows", "has_demo_data", "record_exposures"]


def _missing(field: str, value: object, allowed: str) -> ValidationError:
    return ValidationError(RowProblem("exposure", None, field, value, allowed))


def exposure_rows(
    recommendations: RecommendationSet | Iterable[Recommendation],
    context: ExposureContext | str,
    *,
    jobseeker_id: str | None = None,
    opportunity_kind: OpportunityKind | str | None = None,
    opportunity_id: str | None = None,
    shown_at: datetime | None = None,
    shown_by: str | None = None,
    demo: bool = False,
) -> list[ExposureRow]:
    """Build (not store) one exposure row per recommendation shown; see :func:`record_exposures`."""
    context = parse(ExposureContext, context, "context")
    shown_at = shown_at or utcnow()
    common = {"context": context, "shown_at": shown_at, "shown_by": shown_by, "demo": demo}
    if isinstance(recommendations, RecommendationSet):
        jobseeker_id = recommendations.jobseeker_id
        recommendations = [
            *recommendations.vacancies,
            *recommendations.trainings,
            *recommendations.entrepreneurship,
        ]
    rows = []
    for rec in recommendations:
        if rec.kind == "jobseeker":  # a ranked person for one opportunity
            if opportunity_kind is None or not opportunity_id:
                raise _missing(
                    "opportunity_id", opportunity_id, "the opportunity a shortlist is for"
                )
            kind = parse(OpportunityKind, opportunity_kind, "opportunity_kind")
            person, item = rec.item_id, opportunity_id
        else:
            if not jobseeker_id:
                raise _missing("jobseeker_id", jobseeker_id, "the person the list is for")
            kind = parse(OpportunityKind, rec.kind, "opportunity_kind")
            person, item = jobseeker_id, rec.item_id
        rows.append(
            ExposureRow(
                jobseeker_id=person,
                opportunity_kind=kind,
                opportunity_id=item,
                rank=int(rec.rank),
                score=float(rec.score),
                **common,
            )
        )
    return rows


def record_exposures(
    session,
    recommendations: RecommendationSet | Iterable[Recommendation],
    context: ExposureContext | str,
    **kwargs,
) -> int:
    """Store one ``recommendation_exposures`` row per recommendation shown; return the count.

    Parameters
    ----------
    session : Session
        An open session; the caller commits (e.g. :func:`matcher.db.session_scope`).
    recommendations : RecommendationSet or iterable of Recommendation
        A person's list (vacancies, trainings and entrepreneurship programmes; excluded
        items and pathways are not counted as shown), or ranked people (``kind ==
        "jobseeker"``) for one opportunity, which then needs ``opportunity_kind`` and
        ``opportunity_id``.
    context : ExposureContext or str
        ``counselor_view``, ``employer_shortlist`` or ``trainer_suggestions``.
    **kwargs
        ``jobseeker_id`` (a plain list of opportunities), ``opportunity_kind``,
        ``opportunity_id``, ``shown_at``, ``shown_by`` (username), ``demo``.

    Examples
    --------
    >>> recs = service.recommend_for_jobseeker("JS-0001")  # doctest: +SKIP
    >>> record_exposures(session, recs, "counselor_view", shown_by=user.username)  # doctest: +SKIP
    """
    rows = exposure_rows(recommendations, context, **kwargs)
    session.add_all(rows)
    session.flush()
    return len(rows)


def has_demo_data(session) -> bool:
    """True when simulated history is stored (the dashboard then shows a demo banner)."""
    checks = (
        select(ExposureRow.id).where(ExposureRow.demo.is_(True)).limit(1),
        select(BusinessOutcomeRow.id).where(BusinessOutcomeRow.demo.is_(True)).limit(1),
        select(ReferralRow.id).where(ReferralRow.who == DEMO_WHO).limit(1),
    )
    return any(session.scalar(q) is not None for q in checks)
