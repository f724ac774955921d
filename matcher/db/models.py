"""The database schema as SQLAlchemy 2 typed declarative models.

Row classes end in ``Row`` so they are never confused with the frozen domain objects
in :mod:`matcher.domain`; :mod:`matcher.db.mapping` converts between the two. Tables
that people edit in the app carry a ``version_id`` used for optimistic locking: an
UPDATE only succeeds when the version the editor loaded is still the stored one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from matcher.db.enums import DecisionAction, ReasonCode, ReferralStatus, Role, VacancyStatus
from matcher.db.types import UTCDateTime, enum_column_type, utcnow
from matcher.domain import (
    BusinessStage,
    Gender,
    OpportunityKind,
    ProgramCategory,
    ProgramType,
    Segment,
    TargetGender,
    TargetSegment,
    WorkType,
)

# Named constraints, so Alembic can alter them later (SQLite batch mode needs names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(64)  # record ids such as "JS-0001", "PRG-012", "VAC-0420"
NAME = String(200)
WHO = String(100)  # username of whoever made the change


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[str]: JSON}


class VersionedMixin:
    """Optimistic locking plus who/when of the last save (used in conflict messages)."""

    version_id: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(WHO)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(WHO)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version_id}


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id, never plain text
    role: Mapped[Role] = mapped_column(enum_column_type(Role, "role"))
    display_name: Mapped[str] = mapped_column(NAME, default="")
    provider: Mapped[str | None] = mapped_column(NAME)  # trainers: their training provider
    employer: Mapped[str | None] = mapped_column(NAME)  # employers: their company
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]


class JobseekerRow(VersionedMixin, Base):
    __tablename__ = "jobseekers"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    # Personal data: shown to counselors only, and to employers only after referral.
    name: Mapped[str] = mapped_column(NAME, default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    age: Mapped[int]
    gender: Mapped[Gender] = mapped_column(enum_column_type(Gender, "gender"))
    kelurahan: Mapped[str] = mapped_column(String(100))
    education: Mapped[int]  # matcher.domain.Education value, so SQL can compare levels
    segment: Mapped[Segment] = mapped_column(enum_column_type(Segment, "segment"))
    skills: Mapped[list[str]] = mapped_column(default=list)
    experience: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[str] = mapped_column(Text, default="")
    availability: Mapped[str] = mapped_column(Text, default="")
    max_travel_km: Mapped[float] = mapped_column(Float, default=10.0)
    expected_wage: Mapped[int | None]  # rupiah per month (migration wage_0001)
    languages: Mapped[list[str]] = mapped_column(default=list)
    disability: Mapped[str] = mapped_column(Text, default="")
    business_description: Mapped[str] = mapped_column(Text, default="")
    business_stage: Mapped[BusinessStage | None] = mapped_column(
        enum_column_type(BusinessStage, "business_stage")
    )
    registered_on: Mapped[date | None] = mapped_column(Date)
    consent_given: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime | None]
    consent_by: Mapped[str | None] = mapped_column(WHO)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)  # demo data, not a person


class ProgramRow(VersionedMixin, Base):
    __tablename__ = "programs"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    provider: Mapped[str] = mapped_column(NAME, index=True)
    partner: Mapped[str | None] = mapped_column(NAME)  # hub partner, when not the provider
    title: Mapped[str] = mapped_column(NAME)
    program_type: Mapped[ProgramType] = mapped_column(enum_column_type(ProgramType, "program_type"))
    description: Mapped[str] = mapped_column(Text, default="")
    skills_taught: Mapped[list[str]] = mapped_column(default=list)
    category: Mapped[ProgramCategory] = mapped_column(enum_column_type(ProgramCategory, "category"))
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    target_gender: Mapped[TargetGender] = mapped_column(
        enum_column_type(TargetGender, "target_gender")
    )
    target_segment: Mapped[TargetSegment] = mapped_column(
        enum_column_type(TargetSegment, "target_segment")
    )
    min_education: Mapped[int] = mapped_column(default=0)
    schedule: Mapped[str] = mapped_column(Text, default="")
    kelurahan: Mapped[str] = mapped_column(String(100), default="")
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    cost: Mapped[int] = mapped_column(default=0)
    seats: Mapped[int] = mapped_column(default=0)
    seats_filled: Mapped[int] = mapped_column(default=0)
    start_date: Mapped[date | None] = mapped_column(Date)
    duration_days: Mapped[int | None]


class VacancyRow(VersionedMixin, Base):
    __tablename__ = "vacancies"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    employer: Mapped[str] = mapped_column(NAME, index=True)
    title: Mapped[str] = mapped_column(NAME)
    description: Mapped[str] = mapped_column(Text, default="")
    required_skills: Mapped[list[str]] = mapped_column(default=list)
    nice_skills: Mapped[list[str]] = mapped_column(default=list)
    min_education: Mapped[int] = mapped_column(default=0)
    kelurahan: Mapped[str] = mapped_column(String(100), default="")
    work_type: Mapped[WorkType] = mapped_column(enum_column_type(WorkType, "work_type"))
    schedule: Mapped[str] = mapped_column(Text, default="")
    wage: Mapped[int | None]
    openings: Mapped[int] = mapped_column(default=1)
    closing_date: Mapped[date | None] = mapped_column(Date)
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    title_aliases: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[VacancyStatus] = mapped_column(
        enum_column_type(VacancyStatus, "status"), default=VacancyStatus.OPEN
    )


class PersonSettingsRow(Base):
    """Per-jobseeker score weights and relaxed eligibility rules set by a counselor."""

    __tablename__ = "person_settings"

    jobseeker_id: Mapped[str] = mapped_column(ForeignKey("jobseekers.id"), primary_key=True)
    weights: Mapped[dict[str, Any]] = mapped_column(default=dict)
    relaxed_rules: Mapped[list[str]] = mapped_column(default=list)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(WHO)

    __mapper_args__ = {"version_id_col": version_id}


class DecisionRow(Base):
    """One counselor adjustment to a recommendation list; training data for the ranker."""

    __tablename__ = "recommendation_decisions"
    # Each decision is one version of the person's list: two adjustments made from the
    # same version cannot both be stored, on SQLite and PostgreSQL alike.
    __table_args__ = (UniqueConstraint("jobseeker_id", "list_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[str] = mapped_column(ForeignKey("jobseekers.id"), index=True)
    list_version: Mapped[int]  # 1, 2, 3... per jobseeker
    # Opportunities live in two tables, so (kind, id) is a reference, not a foreign key.
    opportunity_kind: Mapped[OpportunityKind | None] = mapped_column(
        enum_column_type(OpportunityKind, "opportunity_kind")
    )
    opportunity_id: Mapped[str | None] = mapped_column(ID)
    action: Mapped[DecisionAction] = mapped_column(enum_column_type(DecisionAction, "action"))
    reason_code: Mapped[ReasonCode | None] = mapped_column(
        enum_column_type(ReasonCode, "reason_code")
    )
    note: Mapped[str] = mapped_column(Text, default="")
    rank_before: Mapped[int | None]
    rank_after: Mapped[int | None]
    score_parts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # rule, weights, order
    who: Mapped[str] = mapped_column(WHO)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class ReferralRow(Base):
    __tablename__ = "referrals"
    __table_args__ = (Index("ix_referrals_opportunity", "opportunity_kind", "opportunity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[str] = mapped_column(ForeignKey("jobseekers.id"), index=True)
    opportunity_kind: Mapped[OpportunityKind] = mapped_column(
        enum_column_type(OpportunityKind, "opportunity_kind")
    )
    opportunity_id: Mapped[str] = mapped_column(ID)
    status: Mapped[ReferralStatus] = mapped_column(enum_column_type(ReferralStatus, "status"))
    consent_recorded: Mapped[bool] = mapped_column(Boolean, default=False)
    who: Mapped[str] = mapped_column(WHO)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutcomeEventRow(Base):
    __tablename__ = "outcome_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    status: Mapped[ReferralStatus] = mapped_column(enum_column_type(ReferralStatus, "status"))
    event_date: Mapped[date] = mapped_column(Date)  # when it happened, as reported
    who: Mapped[str] = mapped_column(WHO)
    at: Mapped[datetime] = mapped_column(default=utcnow)  # when it was recorded


class AuditRow(Base):
    """Append-only trail: every write, with the state before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    who: Mapped[str] = mapped_column(WHO, index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(ID)
    action: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


# --------------------------------------------------------------- personal data (UU PDP)
class CandidateTokenRow(Base):
    """The random pseudonym an employer or trainer sees for one person on one opportunity.

    Drawn with :func:`secrets.token_urlsafe` and stored: nothing about it can be derived
    from the person's id, and two opportunities never share one, so lists cannot be linked.
    """

    __tablename__ = "candidate_tokens"
    __table_args__ = (
        UniqueConstraint(
            "opportunity_kind", "opportunity_id", "jobseeker_id", name="uq_candidate_tokens_pair"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_kind: Mapped[OpportunityKind] = mapped_column(
        enum_column_type(OpportunityKind, "opportunity_kind")
    )
    opportunity_id: Mapped[str] = mapped_column(ID)
    jobseeker_id: Mapped[str] = mapped_column(ForeignKey("jobseekers.id"), index=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdFloorRow(Base):
    """The highest number an id prefix had when a record of it was erased: a new record
    is numbered above it, so it never takes an erased person's old id (exports, links
    and drafts keyed by that id would then point at someone else)."""

    __tablename__ = "id_floors"

    prefix: Mapped[str] = mapped_column(String(16), primary_key=True)
    last: Mapped[int]


class ErasureRow(Base):
    """That a person's data was erased: by whom, when, and the pseudonymous id left behind."""

    __tablename__ = "erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    pseudonym: Mapped[str] = mapped_column(ID, unique=True)
    who: Mapped[str] = mapped_column(WHO)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    rows_changed: Mapped[dict[str, Any]] = mapped_column(default=dict)  # table -> rows


# --- Accounts and sessions ------------------------------------------------------------------


class UserSessionRow(Base):
    """A signed-in browser. Only a hash of its random token is stored, so a copy of the
    database does not sign anybody in; revoked on sign-out, deactivation and password
    change (see :mod:`matcher.db.user_sessions`)."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]  # absolute expiry; idle expiry counts from last_seen_at
    client: Mapped[str | None] = mapped_column(String(64))  # IP address, when known
    agent_hash: Mapped[str | None] = mapped_column(String(64))  # sha256 of the User-Agent
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(32))


class SignInFailureRow(Base):
    """One failed sign-in, kept for the lockout window (:mod:`matcher.db.signin_limits`)."""

    __tablename__ = "signin_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)  # as typed, cut to 64
    client: Mapped[str | None] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
