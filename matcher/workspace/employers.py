"""Employer use cases: own vacancies, checked uploads, the form, and anonymised shortlists.

An upload is read by :func:`matcher.loaders.load_records` (encodings, separators, bad
dates, negative wages, repeated ids) and then checked against the database: an id
already stored, a copy of a stored vacancy, or another employer's name is a row
problem. Nothing is saved until the employer confirms a clean preview.

Shortlists carry no name, phone or kelurahan: a candidate is a short token that is
stable per vacancy. A counselor's referral with consent reveals the name and phone of
that candidate to that employer only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from matcher import auth, loaders
from matcher.auth import Permission
from matcher.db import (
    JobseekerRepository,
    ReferralRepository,
    Role,
    User,
    VacancyRecord,
    VacancyRepository,
    VacancyStatus,
)
from matcher.domain import JobPosting, OpportunityKind
from matcher.engine.results import Explanation
from matcher.errors import FileFormatError, RowProblem, ValidationError
from matcher.workspace.base import WorkspaceBase, owns
from matcher.workspace.forms import next_id, validate_form

VACANCY_PREFIX = "JV"


@dataclass(frozen=True)
class UploadPreview:
    """What an upload would add; ``problems`` name file, row, column and what is allowed."""

    file: str
    rows_read: int
    records: tuple[JobPosting, ...] = ()
    problems: tuple[RowProblem, ...] = ()
    warnings: tuple[str, ...] = ()
    file_error: str | None = None

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.problems and bool(self.records)


@dataclass(frozen=True)
class ShortlistEntry:
    """One candidate for a vacancy, anonymised unless referred with consent."""

    candidate: str  # stable token, e.g. "K-3f9a1c"
    rank: int
    score: float
    education: str
    distance_km: float | None
    explanation: Explanation
    referred: bool = False
    status: str = ""
    name: str = ""
    phone: str = ""
    skills_matched: tuple[str, ...] = field(default=())


def candidate_token(vacancy_id: str, jobseeker_id: str) -> str:
    """A pseudonym that differs per vacancy, so two employers cannot link candidates."""
    digest = hashlib.sha256(f"{vacancy_id}:{jobseeker_id}".encode()).hexdigest()
    return "K-" + digest[:6]


def _signature(p: JobPosting) -> tuple[str, str, str]:
    return (p.employer.strip().casefold(), p.title.strip().casefold(), p.kelurahan.casefold())


class EmployerMixin(WorkspaceBase):
    def my_vacancies(self, user: User) -> list[VacancyRecord]:
        """The employer's own vacancies, open and closed (every vacancy for an admin)."""
        self._allow(user, Permission.MANAGE_OWN_VACANCIES)
        with self.session_factory() as session:
            records = VacancyRepository(session).list()
        if user.role is Role.ADMIN:
            return records
        return [v for v in records if owns(auth.check_vacancy_owner, user, v)]

    def _own_vacancy(self, session, user: User, vacancy_id: str) -> VacancyRecord:
        record = VacancyRepository(session).get(vacancy_id)
        auth.check_vacancy_owner(user, record)
        return record

    def preview_upload(self, user: User, filename: str, data: bytes) -> UploadPreview:
        """Check an uploaded CSV/XLSX of vacancies without saving anything."""
        self._allow(user, Permission.MANAGE_OWN_VACANCIES)
        try:
            report = loaders.load_records(filename, "vacancy", data=data)
        except FileFormatError as exc:
            return UploadPreview(file=filename, rows_read=0, file_error=str(exc))
        with self.session_factory() as session:
            stored = VacancyRepository(session).list()
        stored_ids = {v.id for v in stored}
        stored_sig = {_signature(v.posting): v.id for v in stored if v.status is VacancyStatus.OPEN}
        problems = list(report.problems)
        keep = []
        name = report.file
        for row, posting in _rows_of(report):
            found = []
            if posting.id in stored_ids:
                found.append(
                    RowProblem(
                        name,
                        row,
                        "id",
                        posting.id,
                        "an id not yet stored (edit the stored vacancy instead)",
                    )
                )
            elif _signature(posting) in stored_sig:
                found.append(RowProblem(name, row, "title", posting.title,
                                        f"not a copy of open vacancy {stored_sig[_signature(posting)]}"
                                        " (same employer, title and kelurahan)"))  # fmt: skip
            if user.role is not Role.ADMIN and not owns(auth.check_vacancy_owner, user, posting):
                found.append(RowProblem(name, row, "employer", posting.employer,
                                        f"your own company: {user.employer}"))  # fmt: skip
            problems += found
            if not found:
                keep.append(posting)
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        return UploadPreview(
            file=name, rows_read=report.rows_read, records=tuple(keep),
            problems=tuple(problems), warnings=tuple(report.warnings),
        )  # fmt: skip

    def save_upload(
        self, user: User, preview: UploadPreview, *, skip_bad_rows: bool = False
    ) -> list[VacancyRecord]:
        """Store the previewed vacancies in one transaction (all or none).

        A preview with row problems is refused unless ``skip_bad_rows`` says the employer
        chose to save only the good rows.
        """
        self._allow(user, Permission.MANAGE_OWN_VACANCIES)
        if preview.file_error or (preview.problems and not skip_bad_rows):
            raise ValidationError(list(preview.problems) or [
                RowProblem(preview.file, None, None, "", preview.file_error or "")])  # fmt: skip
        with self.session_factory() as session:
            repo = VacancyRepository(session)
            saved = []
            for posting in preview.records:
                if user.role is not Role.ADMIN:
                    auth.check_vacancy_owner(user, posting)
                saved.append(repo.add(posting, who=user.username))
            return saved

    def _form_posting(self, user: User, values: Mapping[str, object], vacancy_id: str):
        values = dict(values)
        if user.role is Role.EMPLOYER:
            values["employer"] = user.employer  # an employer only posts for its own company
        result = validate_form("vacancy", {**values, "id": vacancy_id})
        if not result.ok:
            raise ValidationError(list(result.problems))
        return result.record

    def create_vacancy(self, user: User, values: Mapping[str, object]) -> VacancyRecord:
        self._allow(user, Permission.MANAGE_OWN_VACANCIES)
        with self.session_factory() as session:
            repo = VacancyRepository(session)
            ids = [v.id for v in repo.list()]
            posting = self._form_posting(user, values, next_id(ids, VACANCY_PREFIX))
            auth.check_vacancy_owner(user, posting)
            return repo.add(posting, who=user.username)

    def update_vacancy(
        self, user: User, vacancy_id: str, values: Mapping[str, object], *, expected_version: int
    ) -> VacancyRecord:
        """Save an edited vacancy; ConcurrentEditError when someone saved it in between."""
        self._allow(user, Permission.MANAGE_OWN_VACANCIES)
        with self.session_factory() as session:
            self._own_vacancy(session, user, vacancy_id)
            posting = self._form_posting(user, values, vacancy_id)
            auth.check_vacancy_owner(user, posting)
            return VacancyRepository(session).update(
                posting, expected_version=expected_version, who=user.username
            )

    def set_vacancy_status(
        self, user: User, vacancy_id: str, status: VacancyStatus | str, *, expected_version: int
    ) -> VacancyRecord:
        self._allow(user, Permission.MANAGE_OWN_VACANCIES)
        with self.session_factory() as session:
            self._own_vacancy(session, user, vacancy_id)
            return VacancyRepository(session).set_status(
                vacancy_id, status, expected_version=expected_version, who=user.username
            )

    def shortlist(self, user: User, vacancy_id: str, top_k: int = 10) -> list[ShortlistEntry]:
        """Ranked candidates for an open vacancy, without personal data unless referred."""
        self._allow(user, Permission.VIEW_ANONYMISED_SHORTLIST)
        with self.session_factory() as session:
            record = self._own_vacancy(session, user, vacancy_id)
            if record.status is not VacancyStatus.OPEN:
                return []
            referrals = {
                r.jobseeker_id: r
                for r in ReferralRepository(session).list(
                    opportunity_kind=OpportunityKind.VACANCY, opportunity_id=vacancy_id
                )
                if r.consent_recorded
            }
            people = JobseekerRepository(session)
            shared = {jid: people.get(jid).jobseeker for jid in referrals}
        ranked, _ = self.ranked_people("vacancy", vacancy_id, top_k)
        ranked_ids = {r.item_id for r in ranked}
        entries = []
        service = self.matcher()
        for r in ranked:
            person = service.jobseeker(r.item_id)
            entries.append(_entry(vacancy_id, r.rank, r.score, person, r.explanation,
                                  referrals.get(r.item_id), shared.get(r.item_id)))  # fmt: skip
        # Referred people stay visible to the employer even when they rank lower now.
        for jid, ref in referrals.items():
            if jid not in ranked_ids:
                person = shared[jid]
                entries.append(_entry(vacancy_id, 0, 0.0, person, Explanation(parts=()),
                                      ref, person))  # fmt: skip
        return entries


def _entry(vacancy_id, rank, score, person, explanation, referral, shared) -> ShortlistEntry:
    return ShortlistEntry(
        candidate=candidate_token(vacancy_id, person.id),
        rank=rank,
        score=float(score),
        education=person.education.label,
        distance_km=explanation.distance_km,
        explanation=explanation,
        referred=referral is not None,
        status=referral.status.value if referral else "",
        name=shared.name if shared is not None else "",
        phone=shared.phone if shared is not None else "",
        skills_matched=explanation.skills_matched,
    )


def _rows_of(report) -> list[tuple[int | None, JobPosting]]:
    """Pair each good record with its spreadsheet row (rows are read in order)."""
    bad = set(report.bad_rows)
    rows = [n for n in range(2, report.rows_read + 2) if n not in bad]
    return [(rows[i] if i < len(rows) else None, rec) for i, rec in enumerate(report.records)]
