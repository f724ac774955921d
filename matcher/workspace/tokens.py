"""What an employer may learn about an anonymous candidate: a random token and a distance band.

A token is drawn with :func:`secrets.token_urlsafe` the first time a person is shown
for an opportunity and stored (``candidate_tokens``), so it stays the same on every
visit but nothing about it follows from the person's id: hashing every possible id
finds nothing, and two vacancies never share a token, so two employers cannot link
their candidates. Distances are shown in :data:`DISTANCE_BANDS`, never in kilometres,
because an exact distance from a known vacancy kelurahan gives away the candidate's.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matcher.db.models import CandidateTokenRow
from matcher.db.types import utcnow
from matcher.domain import OpportunityKind

TOKEN_PREFIX = "K-"
TOKEN_BYTES = 6  # 8 url-safe characters: 2^48 possibilities, drawn, not derived
DISTANCE_BANDS = ("lt3", "3-7", "7-15", "gt15")  # < 3 km, 3-7 km, 7-15 km, > 15 km
FAR_BAND = "gt15"


def distance_band(km: float | None) -> str | None:
    """The band code of a distance ("lt3", "3-7", "7-15", "gt15"); None when unknown.

    >>> [distance_band(k) for k in (0.4, 3.0, 6.9, 15.0, 22.0, None)]
    ['lt3', '3-7', '3-7', '7-15', 'gt15', None]
    """
    if km is None:
        return None
    if km < 3:
        return "lt3"
    if km < 7:
        return "3-7"
    return "7-15" if km <= 15 else FAR_BAND


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def tokens_for(
    session: Session, kind: OpportunityKind, opportunity_id: str, jobseeker_ids: Iterable[str]
) -> dict[str, str]:
    """The stored token of each person for this opportunity, drawing the missing ones."""
    wanted = list(dict.fromkeys(jobseeker_ids))
    if not wanted:
        return {}
    query = select(CandidateTokenRow.jobseeker_id, CandidateTokenRow.token).where(
        CandidateTokenRow.opportunity_kind == kind,
        CandidateTokenRow.opportunity_id == opportunity_id,
        CandidateTokenRow.jobseeker_id.in_(wanted),
    )
    found = {jid: token for jid, token in session.execute(query)}
    for jid in wanted:
        if jid in found:
            continue
        try:
            with session.begin_nested():  # another tab may draw the same pair at once
                session.add(CandidateTokenRow(opportunity_kind=kind, opportunity_id=opportunity_id,
                                              jobseeker_id=jid, token=new_token(),
                                              created_at=utcnow()))  # fmt: skip
        except IntegrityError:
            pass
        found[jid] = session.scalar(
            select(CandidateTokenRow.token).where(
                CandidateTokenRow.opportunity_kind == kind,
                CandidateTokenRow.opportunity_id == opportunity_id,
                CandidateTokenRow.jobseeker_id == jid,
            )
        )
    return found
