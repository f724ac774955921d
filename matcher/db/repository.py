"""Repositories: the only way the service layer reads and writes the database.

Each takes an open :class:`~sqlalchemy.orm.Session` (see :func:`matcher.db.session_scope`)
and speaks in domain objects and frozen records, never ORM rows. Every write is audited
(:class:`~matcher.db.audit.AuditedRepository`); updates of people, programmes and
vacancies take the ``expected_version`` the editor loaded and raise
:class:`~matcher.db.errors.ConcurrentEditError` when someone saved in between.

Examples
--------
>>> with session_scope(engine) as session:  # doctest: +SKIP
...     repo = JobseekerRepository(session)
...     rec = repo.get("JS-0001")
...     repo.update(replace(rec.jobseeker, phone="0812..."),
...                 expected_version=rec.version_id, who="konselor")
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from matcher.db.activity import DecisionRepository, ReferralRepository
from matcher.db.audit import AuditedRepository, AuditRepository
from matcher.db.enums import VacancyStatus, parse
from matcher.db.errors import DuplicateIdError
from matcher.db.mapping import (
    from_domain,
    jobseeker_record,
    program_record,
    settings_record,
    vacancy_record,
)
from matcher.db.models import JobseekerRow, PersonSettingsRow, ProgramRow, VacancyRow
from matcher.db.records import JobseekerRecord, PersonSettings, ProgramRecord, VacancyRecord
from matcher.db.types import utcnow
from matcher.db.users import UserRepository
from matcher.domain import JobPosting, Jobseeker, Segment, TrainingProgram
from matcher.errors import UnknownRecordError

__all__ = [
    "AuditRepository",
    "DecisionRepository",
    "JobseekerRepository",
    "ProgramRepository",
    "ReferralRepository",
    "SettingsRepository",
    "UserRepository",
    "VacancyRepository",
]


class _CatalogRepository(AuditedRepository):
    """Shared get/count/exists for tables keyed by a domain record id."""

    row_cls: type

    def _row(self, record_id: str) -> object:
        row = self.session.get(self.row_cls, record_id)
        if row is None:
            raise UnknownRecordError(self.entity, record_id)
        return row

    def exists(self, record_id: str) -> bool:
        return self.session.get(self.row_cls, record_id) is not None

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(self.row_cls)) or 0

    def _new_row(self, obj: object, who: str, **extra: object) -> object:
        if self.exists(obj.id):
            raise DuplicateIdError(f"a {self.entity} with id {obj.id!r} already exists; use update")
        now = utcnow()
        row = from_domain(obj)
        row.created_at = row.updated_at = now
        row.created_by = row.updated_by = who
        for name, value in extra.items():
            setattr(row, name, value)
        return self._insert(row, who=who)

    def _replace(self, obj: object, *, expected_version: int, who: str) -> object:
        row = self._row(obj.id)
        self._update(row, lambda: from_domain(obj, row), who=who, expected_version=expected_version)
        return row


class JobseekerRepository(_CatalogRepository):
    entity = "jobseeker"
    row_cls = JobseekerRow

    def add(
        self,
        jobseeker: Jobseeker,
        *,
        who: str,
        consent_given: bool = False,
        is_sample: bool = False,
    ) -> JobseekerRecord:
        """Store a new jobseeker; with ``consent_given`` the consent is stamped now by ``who``."""
        row = self._new_row(
            jobseeker,
            who,
            consent_given=consent_given,
            consent_at=utcnow() if consent_given else None,
            consent_by=who if consent_given else None,
            is_sample=is_sample,
        )
        return jobseeker_record(row)

    def get(self, jobseeker_id: str) -> JobseekerRecord:
        return jobseeker_record(self._row(jobseeker_id))

    def list(
        self, *, consented_only: bool = False, segment: Segment | str | None = None
    ) -> list[JobseekerRecord]:
        query = select(JobseekerRow).order_by(JobseekerRow.id)
        if consented_only:
            query = query.where(JobseekerRow.consent_given.is_(True))
        if segment is not None:
            query = query.where(JobseekerRow.segment == parse(Segment, segment, "segment"))
        return [jobseeker_record(r) for r in self.session.scalars(query)]

    def update(self, jobseeker: Jobseeker, *, expected_version: int, who: str) -> JobseekerRecord:
        """Replace the stored profile with ``jobseeker`` (same id)."""
        row = self._replace(jobseeker, expected_version=expected_version, who=who)
        return jobseeker_record(row)

    def set_consent(
        self, jobseeker_id: str, given: bool, *, expected_version: int, who: str
    ) -> JobseekerRecord:
        """Record that consent was given (or withdrawn), by whom and when."""
        row = self._row(jobseeker_id)

        def apply() -> None:
            row.consent_given = given
            row.consent_at, row.consent_by = utcnow(), who

        self._update(
            row,
            apply,
            who=who,
            expected_version=expected_version,
            action="consent_given" if given else "consent_withdrawn",
        )
        return jobseeker_record(row)


class ProgramRepository(_CatalogRepository):
    entity = "program"
    row_cls = ProgramRow

    def add(
        self, program: TrainingProgram, *, who: str, partner: str | None = None
    ) -> ProgramRecord:
        return program_record(self._new_row(program, who, partner=partner))

    def get(self, program_id: str) -> ProgramRecord:
        return program_record(self._row(program_id))

    def list(self, *, provider: str | None = None) -> list[ProgramRecord]:
        """All programmes, or those of one provider (a trainer's own)."""
        query = select(ProgramRow).order_by(ProgramRow.id)
        if provider is not None:
            query = query.where(ProgramRow.provider == provider)
        return [program_record(r) for r in self.session.scalars(query)]

    def update(self, program: TrainingProgram, *, expected_version: int, who: str) -> ProgramRecord:
        return program_record(self._replace(program, expected_version=expected_version, who=who))


class VacancyRepository(_CatalogRepository):
    entity = "vacancy"
    row_cls = VacancyRow

    def add(
        self,
        posting: JobPosting,
        *,
        who: str,
        status: VacancyStatus | str = VacancyStatus.OPEN,
    ) -> VacancyRecord:
        status = parse(VacancyStatus, status, "status")
        return vacancy_record(self._new_row(posting, who, status=status))

    def get(self, vacancy_id: str) -> VacancyRecord:
        return vacancy_record(self._row(vacancy_id))

    def list(
        self, *, employer: str | None = None, status: VacancyStatus | str | None = None
    ) -> list[VacancyRecord]:
        """All vacancies, or one employer's, optionally only open or closed ones."""
        query = select(VacancyRow).order_by(VacancyRow.id)
        if employer is not None:
            query = query.where(VacancyRow.employer == employer)
        if status is not None:
            query = query.where(VacancyRow.status == parse(VacancyStatus, status, "status"))
        return [vacancy_record(r) for r in self.session.scalars(query)]

    def update(self, posting: JobPosting, *, expected_version: int, who: str) -> VacancyRecord:
        return vacancy_record(self._replace(posting, expected_version=expected_version, who=who))

    def set_status(
        self,
        vacancy_id: str,
        status: VacancyStatus | str,
        *,
        expected_version: int,
        who: str,
    ) -> VacancyRecord:
        status = parse(VacancyStatus, status, "status")
        row = self._row(vacancy_id)
        self._update(
            row,
            lambda: setattr(row, "status", status),
            who=who,
            expected_version=expected_version,
            action=f"status_{status.value}",
        )
        return vacancy_record(row)

    def employer_counts(self) -> dict[str, int]:
        """Number of vacancies per employer, most first."""
        query = (
            select(VacancyRow.employer, func.count())
            .group_by(VacancyRow.employer)
            .order_by(func.count().desc(), VacancyRow.employer)
        )
        return {employer: n for employer, n in self.session.execute(query)}


class SettingsRepository(AuditedRepository):
    """Per-jobseeker weights and relaxed rules, set by a counselor."""

    entity = "person_settings"

    def get(self, jobseeker_id: str) -> PersonSettings | None:
        row = self.session.get(PersonSettingsRow, jobseeker_id)
        return settings_record(row) if row is not None else None

    def save(
        self,
        jobseeker_id: str,
        *,
        weights: dict[str, float],
        relaxed_rules: Iterable[str],
        expected_version: int | None,
        who: str,
    ) -> PersonSettings:
        """Create (``expected_version=None``) or replace the settings of one jobseeker."""
        if self.session.get(JobseekerRow, jobseeker_id) is None:
            raise UnknownRecordError("jobseeker", jobseeker_id)
        weights = {str(k): float(v) for k, v in weights.items()}
        rules = sorted(set(relaxed_rules))
        row = self.session.get(PersonSettingsRow, jobseeker_id)
        if row is None:
            if expected_version is not None:
                raise UnknownRecordError("person settings for jobseeker", jobseeker_id)
            row = PersonSettingsRow(
                jobseeker_id=jobseeker_id,
                weights=weights,
                relaxed_rules=rules,
                updated_at=utcnow(),
                updated_by=who,
            )
            try:
                return settings_record(self._insert(row, who=who))
            except IntegrityError:
                # Another counselor's first save landed between our read and our write.
                self.session.rollback()
                stored = self.session.get(PersonSettingsRow, jobseeker_id)
                if stored is None:
                    raise
                self._raise_conflict(stored, None)
        if expected_version is None:
            self._raise_conflict(row, None)

        def apply() -> None:
            row.weights, row.relaxed_rules = weights, rules

        self._update(row, apply, who=who, expected_version=expected_version)
        return settings_record(row)
