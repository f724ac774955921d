"""Convert between ORM rows and domain dataclasses, and rows into frozen records.

``from_domain`` copies every field of a domain object onto a row (new or existing);
``to_domain`` rebuilds the frozen object. Field lists come from the dataclasses
themselves, so a field added to :mod:`matcher.domain` without a column fails loudly
here (and in the migration test) instead of being dropped silently.
"""

from __future__ import annotations

import dataclasses
import typing
from functools import cache
from typing import Any

from matcher.db.models import (
    AuditRow,
    DecisionRow,
    JobseekerRow,
    OutcomeEventRow,
    PersonSettingsRow,
    ProgramRow,
    ReferralRow,
    UserRow,
    VacancyRow,
)
from matcher.db.records import (
    AuditEntry,
    Decision,
    JobseekerRecord,
    OutcomeEvent,
    PersonSettings,
    ProgramRecord,
    Referral,
    User,
    VacancyRecord,
)
from matcher.domain import Education, JobPosting, Jobseeker, TrainingProgram

DomainObject = Jobseeker | TrainingProgram | JobPosting
DomainRow = JobseekerRow | ProgramRow | VacancyRow

ROW_FOR_DOMAIN: dict[type, type] = {
    Jobseeker: JobseekerRow,
    TrainingProgram: ProgramRow,
    JobPosting: VacancyRow,
}
DOMAIN_FOR_ROW: dict[type, type] = {v: k for k, v in ROW_FOR_DOMAIN.items()}


@cache
def _field_kinds(domain_cls: type) -> dict[str, str]:
    """Field name -> "tuple", "education" or "plain", from the dataclass type hints."""
    hints = typing.get_type_hints(domain_cls)
    kinds = {}
    for f in dataclasses.fields(domain_cls):
        hint = hints[f.name]
        if typing.get_origin(hint) is tuple:
            kinds[f.name] = "tuple"
        elif hint is Education:
            kinds[f.name] = "education"
        else:
            kinds[f.name] = "plain"
    return kinds


def domain_values(obj: DomainObject) -> dict[str, Any]:
    """The domain object's fields as column values (tuples -> lists, Education -> int)."""
    values = {}
    for name, kind in _field_kinds(type(obj)).items():
        value = getattr(obj, name)
        if kind == "tuple":
            value = list(value)
        elif kind == "education":
            value = int(value)
        values[name] = value
    return values


def from_domain(obj: DomainObject, row: DomainRow | None = None) -> DomainRow:
    """Copy ``obj`` onto ``row`` (or a new row of the matching table) and return the row."""
    try:
        row_cls = ROW_FOR_DOMAIN[type(obj)]
    except KeyError:
        raise TypeError(
            f"cannot store {type(obj).__name__}; storable: "
            + ", ".join(c.__name__ for c in ROW_FOR_DOMAIN)
        ) from None
    if row is None:
        row = row_cls()
    elif not isinstance(row, row_cls):
        raise TypeError(f"a {type(obj).__name__} goes into {row_cls.__name__}, not {row!r}")
    for name, value in domain_values(obj).items():
        setattr(row, name, value)
    return row


def to_domain(row: DomainRow) -> DomainObject:
    """Rebuild the frozen domain object stored in ``row``."""
    domain_cls = DOMAIN_FOR_ROW[type(row)]
    kwargs = {}
    for name, kind in _field_kinds(domain_cls).items():
        value = getattr(row, name)
        if kind == "tuple":
            value = tuple(value or ())
        elif kind == "education":
            value = Education(value)
        kwargs[name] = value
    return domain_cls(**kwargs)


def jobseeker_record(row: JobseekerRow) -> JobseekerRecord:
    return JobseekerRecord(
        jobseeker=to_domain(row),
        version_id=row.version_id,
        consent_given=row.consent_given,
        consent_at=row.consent_at,
        consent_by=row.consent_by,
        is_sample=row.is_sample,
        created_at=row.created_at,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def program_record(row: ProgramRow) -> ProgramRecord:
    return ProgramRecord(
        program=to_domain(row),
        partner=row.partner,
        version_id=row.version_id,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def vacancy_record(row: VacancyRow) -> VacancyRecord:
    return VacancyRecord(
        posting=to_domain(row),
        status=row.status,
        version_id=row.version_id,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def settings_record(row: PersonSettingsRow) -> PersonSettings:
    return PersonSettings(
        jobseeker_id=row.jobseeker_id,
        weights=dict(row.weights or {}),
        relaxed_rules=tuple(row.relaxed_rules or ()),
        version_id=row.version_id,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def user_record(row: UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        role=row.role,
        display_name=row.display_name,
        provider=row.provider,
        employer=row.employer,
        active=row.active,
        last_login_at=row.last_login_at,
    )


def decision_record(row: DecisionRow) -> Decision:
    return Decision(
        id=row.id,
        jobseeker_id=row.jobseeker_id,
        opportunity_kind=row.opportunity_kind,
        opportunity_id=row.opportunity_id,
        action=row.action,
        reason_code=row.reason_code,
        note=row.note,
        rank_before=row.rank_before,
        rank_after=row.rank_after,
        score_parts=row.score_parts,
        details=row.details,
        who=row.who,
        at=row.at,
    )


def referral_record(row: ReferralRow) -> Referral:
    return Referral(
        id=row.id,
        jobseeker_id=row.jobseeker_id,
        opportunity_kind=row.opportunity_kind,
        opportunity_id=row.opportunity_id,
        status=row.status,
        consent_recorded=row.consent_recorded,
        who=row.who,
        at=row.at,
        updated_at=row.updated_at,
    )


def outcome_record(row: OutcomeEventRow) -> OutcomeEvent:
    return OutcomeEvent(
        id=row.id,
        referral_id=row.referral_id,
        status=row.status,
        event_date=row.event_date,
        who=row.who,
        at=row.at,
    )


def audit_record(row: AuditRow) -> AuditEntry:
    before, after = row.before or {}, row.after or {}
    changed = tuple(
        sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    )
    return AuditEntry(
        id=row.id,
        who=row.who,
        at=row.at,
        entity=row.entity,
        entity_id=row.entity_id,
        action=row.action,
        before=row.before,
        after=row.after,
        changed=changed,
    )
