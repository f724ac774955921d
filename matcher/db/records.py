"""What the repositories hand back: frozen records detached from the session.

A record wraps a domain object (when there is one) with what storage adds: the
``version_id`` an editor must send back with an update, consent, status and who/when.
Because records are plain frozen dataclasses, the app can cache and pass them around
without lazy-loading surprises after the session is closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from matcher.db.enums import DecisionAction, ReasonCode, ReferralStatus, Role, VacancyStatus
from matcher.domain import JobPosting, Jobseeker, OpportunityKind, TrainingProgram


@dataclass(frozen=True)
class JobseekerRecord:
    jobseeker: Jobseeker
    version_id: int
    consent_given: bool
    consent_at: datetime | None
    consent_by: str | None
    is_sample: bool
    created_at: datetime
    updated_at: datetime
    updated_by: str

    @property
    def id(self) -> str:
        return self.jobseeker.id


@dataclass(frozen=True)
class ProgramRecord:
    program: TrainingProgram
    partner: str | None
    version_id: int
    updated_at: datetime
    updated_by: str

    @property
    def id(self) -> str:
        return self.program.id


@dataclass(frozen=True)
class VacancyRecord:
    posting: JobPosting
    status: VacancyStatus
    version_id: int
    updated_at: datetime
    updated_by: str

    @property
    def id(self) -> str:
        return self.posting.id

    @property
    def employer(self) -> str:
        return self.posting.employer


@dataclass(frozen=True)
class PersonSettings:
    jobseeker_id: str
    weights: dict[str, Any]
    relaxed_rules: tuple[str, ...]
    version_id: int
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True)
class User:
    """A signed-in account. The password hash never leaves the storage layer."""

    id: int
    username: str
    role: Role
    display_name: str
    provider: str | None = None  # trainers
    employer: str | None = None  # employers
    active: bool = True
    last_login_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class Decision:
    """One stored adjustment of a list (thirteen fields: built by name only)."""

    id: int
    jobseeker_id: str
    opportunity_kind: OpportunityKind | None
    opportunity_id: str | None
    action: DecisionAction
    reason_code: ReasonCode | None
    note: str
    rank_before: int | None
    rank_after: int | None
    score_parts: dict[str, Any] | None
    details: dict[str, Any] | None
    who: str
    at: datetime


@dataclass(frozen=True)
class OutcomeEvent:
    id: int
    referral_id: int
    status: ReferralStatus
    event_date: date
    who: str
    at: datetime


@dataclass(frozen=True)
class Referral:
    id: int
    jobseeker_id: str
    opportunity_kind: OpportunityKind
    opportunity_id: str
    status: ReferralStatus
    consent_recorded: bool
    who: str
    at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class AuditEntry:
    id: int
    who: str
    at: datetime
    entity: str
    entity_id: str
    action: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    changed: tuple[str, ...] = field(default=())  # fields whose value differs
