"""What an employer or trainer may learn about an anonymous candidate: a random token,
a distance band and an age band.

A token is drawn with :mod:`secrets` the first time a person is shown
for an opportunity and stored (``candidate_tokens``), so it stays the same on every
visit but nothing about it follows from the person's id: hashing every possible id
finds nothing, and two vacancies never share a token, so two employers cannot link
their candidates. Distances are shown in :data:`DISTANCE_BANDS`, never in kilometres,
because an exact distance from a known vacancy kelurahan gives away the candidate's;
ages in :data:`AGE_BANDS`, because an exact age with a band and an education narrows a
kelurahan's young jobseekers down to one.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matcher.db.models import CandidateTokenRow
from matcher.db.types import utcnow
from matcher.domain import OpportunityKind
from matcher.engine.results import Explanation
from matcher.scoring.weights import Part

TOKEN_PREFIX = "K-"
# 10 characters from 31 that are hard to misread aloud or on a phone (no 0/O, 1/I/L, no
# "_" or "-"): 31^10, about 2^49.5 possibilities, drawn, not derived. Until 2026-11-30 a
# token was url-safe base64 ("K-ft_wpii_..."), hard to read out; stored ones still work.
TOKEN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TOKEN_LENGTH = 10
DISTANCE_BANDS = ("lt3", "3-7", "7-15", "gt15")  # < 3 km, 3-7 km, 7-15 km, > 15 km
FAR_BAND = "gt15"
AGE_BANDS = ("lt18", "18-24", "25-29", "30-39", "ge40")  # minors apart: rules differ for them


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


def age_band(age: int | None) -> str | None:
    """The band code of an age ("lt18", "18-24", "25-29", "30-39", "ge40"); None when unknown.

    >>> [age_band(a) for a in (16, 18, 24, 25, 29, 30, 39, 40, None)]
    ['lt18', '18-24', '18-24', '25-29', '25-29', '30-39', '30-39', 'ge40', None]
    """
    if age is None:
        return None
    if age < 18:
        return "lt18"
    if age < 25:
        return "18-24"
    if age < 30:
        return "25-29"
    return "30-39" if age < 40 else "ge40"


def without_distance(explanation: Explanation) -> Explanation:
    """The explanation without the exact distance (nor the distance part's value), and
    its rules' facts without what they read off the person (age, education, km: see
    :func:`matcher.scoring.rule_facts.item_side`), for a trainer's or employer's page."""
    from matcher.scoring.rule_facts import item_side

    return replace(
        explanation,
        distance_km=None,
        parts=tuple(p for p in explanation.parts if p.part is not Part.DISTANCE),
        rule_facts={rule: item_side(f) for rule, f in explanation.rule_facts.items()},
    )


def new_token() -> str:
    return TOKEN_PREFIX + "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


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


def person_behind(
    session: Session, kind: OpportunityKind, opportunity_id: str, token: str
) -> str | None:
    """The jobseeker id behind a token drawn for this opportunity; None when there is none."""
    return session.scalar(
        select(CandidateTokenRow.jobseeker_id).where(
            CandidateTokenRow.opportunity_kind == kind,
            CandidateTokenRow.opportunity_id == opportunity_id,
            CandidateTokenRow.token == str(token),
        )
    )
