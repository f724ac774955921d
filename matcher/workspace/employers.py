"""Employer use cases: own vacancies, checked uploads, the form, and anonymised shortlists.

An upload is read by :func:`matcher.loaders.load_records` (encodings, separators, bad
dates, negative wages, repeated ids) and then checked against the database: an id
already stored, a copy of a stored vacancy, or another employer's name is a row
problem. Nothing is saved until the employer confirms a clean preview.

Shortlists carry no name, phone, kelurahan or exact distance: a candidate is a random
token stored per vacancy (:mod:`matcher.workspace.tokens`), the distance a band ("3-7
km"), the score rounded to one decimal and the distance part left out of the
explanation (it would give the kilometres back). A counselor's referral with consent
reveals the name and phone of that candidate to that employer only, and only while the
person's consent to data processing stands: after it is withdrawn (or the data erased)
the person leaves the ranking and earlier referrals show the token only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from types import SimpleNamespace

from sqlalchemy import select

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
from matcher.db.models import VacancyRow
from matcher.domain import JobPosting, OpportunityKind
from matcher.engine.results import Explanation
from matcher.errors import FileFormatError, Message, RowProblem, ValidationError
from matcher.exports import to_csv_bytes
from matcher.workspace.base import WorkspaceBase, owns
from matcher.workspace.forms import add_with_next_id, validate_form
from matcher.workspace.tokens import distance_band, tokens_for, without_distance

VACANCY_PREFIX = "JV"


@dataclass(frozen=True)
class UploadPreview:
    """What an upload would add; ``problems`` name file, row, column and what is allowed."""

    file: str
    rows_read: int
    records: tuple[JobPosting, ...] = ()
    problems: tuple[RowProblem, ...] = ()
    warnings: tuple[str, ...] = ()
    file_error: str | None = None  # a Message: the app translates its code
    sheet: str | None = None  # the workbook sheet read
    sheets: tuple[str, ...] = ()  # every sheet of the workbook, to choose another

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.problems and bool(self.records)


@dataclass(frozen=True)
class ShortlistEntry:
    """One candidate for a vacancy, anonymised unless referred with consent."""

    candidate: str  # random token stored per vacancy, e.g. "K-3f9a1c_Q"
    rank: int
    score: float  # rounded to one decimal
    education: str
    distance_band: str | None  # "lt3", "3-7", "7-15", "gt15" (tokens.DISTANCE_BANDS)
    explanation: Explanation  # without the exact distance
    referred: bool = False
    status: str = ""
    name: str = ""
    phone: str = ""
    skills_matched: tuple[str, ...] = field(default=())
    # False for an eligible person the relevance floor left off (nothing in the profile
    # shows this trade): listed after the ranked ones, for an employer who asks for more.
    listed: bool = True


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

    def preview_upload(
        self, user: User, filename: str, data: bytes, *, sheet: str | None = None
    ) -> UploadPreview:
        """Check an uploaded CSV/XLSX of vacancies without saving anything.

        ``sheet`` reads a workbook's sheet by name (default: the first visible one).
        """
        self._allow(user, Permission.MANAGE_OWN_VACANCIES)
        try:
            report = loaders.load_records(filename, "vacancy", data=data, sheet=sheet)
        except FileFormatError as exc:
            return UploadPreview(file=filename, rows_read=0, file_error=exc.message)
        with self.session_factory() as session:
            stored = VacancyRepository(session).list()
        stored_ids = {v.id for v in stored}
        stored_sig = {_signature(v.posting): v.id for v in stored if v.status is VacancyStatus.OPEN}
        problems = list(report.problems)
        keep = []
        name = report.file
        for row, posting in zip(report.record_rows, report.records, strict=True):
            found = []
            if posting.id in stored_ids:
                found.append(RowProblem(name, row, "id", posting.id, Message(
                    "an id not yet stored (edit the stored vacancy instead)", "id_stored")))  # fmt: skip
            elif _signature(posting) in stored_sig:
                other = stored_sig[_signature(posting)]
                found.append(RowProblem(name, row, "title", posting.title, Message(
                    f"not a copy of open vacancy {other} (same employer, title and kelurahan)",
                    "copy_of_vacancy", vacancy=other)))  # fmt: skip
            if not _own_company(user, posting.employer, posting.id):
                found.append(_not_own_company(user, name, row, posting.employer))
            if (closed := _closed_already(name, row, posting)) is not None:
                found.append(closed)
            problems += found
            if not found:
                keep.append(posting)
        # A row refused for other reasons is told about the company too, at once.
        for row, values in report.refused_values.items():
            employer = values.get("employer")
            if employer and not _own_company(user, employer, values.get("id") or ""):
                problems.append(_not_own_company(user, name, row, employer))
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        return UploadPreview(
            file=name, rows_read=report.rows_read, records=tuple(keep),
            problems=tuple(problems), warnings=tuple(report.warnings),
            sheet=report.sheet, sheets=report.sheets,
        )  # fmt: skip

    def upload_template(self, user: User) -> bytes:
        """A CSV an employer can fill in and upload: every vacancy column, headed as the
        upload reads it (Indonesian where the loader knows a name), and one example row
        for the employer's own company that the preview accepts as it is."""
        self._allow(user, Permission.MANAGE_OWN_VACANCIES)
        closing = date.today() + timedelta(days=30)
        example = {
            "id": "LOKER-1", "perusahaan": user.employer or "Nama perusahaan",
            "posisi": "Pramuniaga", "title_aliases": "Staf Toko|Kasir Toko",
            "deskripsi": "Melayani pembeli dan menghitung uang di kasir.",
            "required_skills": "melayani pembeli; mengoperasikan mesin kasir",
            "nice_skills": "bisa naik motor", "min_education": "SMA", "lokasi": "Tanjung Barat",
            "work_type": "penuh_waktu", "jadwal": "Senin-Sabtu 08:00-16:00", "gaji": "4.500.000",
            "openings": "1", "batas_lamaran": closing.strftime("%d/%m/%Y"),
            "min_age": "18", "max_age": "35",
        }  # fmt: skip
        return to_csv_bytes([example])

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
        posting = self._form_posting(user, values, f"{VACANCY_PREFIX}-0000")
        if (closed := _closed_already("formulir", None, posting)) is not None:
            raise ValidationError([closed])
        auth.check_vacancy_owner(user, posting)
        return add_with_next_id(
            self.session_factory,
            VACANCY_PREFIX,
            lambda session: session.scalars(select(VacancyRow.id)),
            lambda session, new_id: VacancyRepository(session).add(
                replace(posting, id=new_id), who=user.username
            ),
        )

    def update_vacancy(
        self, user: User, vacancy_id: str, values: Mapping[str, object], *, expected_version: int
    ) -> VacancyRecord:
        """Save an edited vacancy; ConcurrentEditError when someone saved it in between."""
        self._allow(user, Permission.MANAGE_OWN_VACANCIES)
        with self.session_factory() as session:
            stored = self._own_vacancy(session, user, vacancy_id).posting
            posting = self._form_posting(user, values, vacancy_id)
            # A closing date already passed may stay as it was, not be newly set.
            if posting.closing_date != stored.closing_date and (
                closed := _closed_already("formulir", None, posting)
            ):
                raise ValidationError([closed])
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
        """Ranked candidates for an open vacancy, without personal data unless referred.

        The ranked people (``listed``) come first, in rank order; then, unranked, the
        best eligible people whose profile shows nothing of the vacancy's trade
        (``listed=False``, :meth:`MatchingEngine.recommend_for_item`); then anyone
        referred who is in neither.
        Name and phone appear only for a referral made with the person's agreement
        while their consent to data processing is on file. A closed vacancy ranks nobody,
        but the people referred to it stay, with their outcomes.
        """
        self._allow(user, Permission.VIEW_ANONYMISED_SHORTLIST)
        with self.session_factory() as session:
            record = self._own_vacancy(session, user, vacancy_id)
            is_open = record.status is VacancyStatus.OPEN
            referrals = {
                r.jobseeker_id: r
                for r in ReferralRepository(session).list(
                    opportunity_kind=OpportunityKind.VACANCY, opportunity_id=vacancy_id
                )
                if r.consent_recorded
            }
        # Withdrawn consent: the engine no longer ranks them (DbSource), and their
        # earlier referral shows the token only.
        found = self.ranked_people("vacancy", vacancy_id, top_k) if is_open else None
        ranked = found.ranked if found else []
        others = found.unlisted if found else []
        ranked_ids = [r.item_id for r in ranked + others]
        with self.session_factory() as session:
            people = {jid: JobseekerRepository(session).get(jid)
                      for jid in dict.fromkeys(ranked_ids + list(referrals))}  # fmt: skip
            tokens = tokens_for(session, OpportunityKind.VACANCY, vacancy_id, people)
        shared = {jid: people[jid].jobseeker for jid in referrals if people[jid].consent_given}
        education = {jid: p.jobseeker.education.label for jid, p in people.items()}
        entries = [
            _entry(tokens[r.item_id], r.rank, r.score, education[r.item_id], r.explanation,
                   referrals.get(r.item_id), shared.get(r.item_id), listed=listed)
            for group, listed in ((ranked, True), (others, False))
            for r in group
        ]  # fmt: skip
        # Referred people stay visible to the employer even when they rank lower now.
        for jid, ref in referrals.items():
            if jid not in ranked_ids:
                entries.append(_entry(tokens[jid], 0, 0.0, education[jid], Explanation(parts=()),
                                      ref, shared.get(jid)))  # fmt: skip
        return entries


def _own_company(user: User, employer: str, vacancy_id: str) -> bool:
    """Whether ``user`` may post a vacancy of ``employer`` (an admin may post any)."""
    if user.role is Role.ADMIN:
        return True
    return owns(auth.check_vacancy_owner, user, SimpleNamespace(employer=employer, id=vacancy_id))


def _closed_already(file: str, row: int | None, posting: JobPosting) -> RowProblem | None:
    """A new vacancy (or a new closing date) before today: nobody could apply to it, yet
    it was stored and listed as open."""
    closing = posting.closing_date
    if closing is None or closing >= date.today():
        return None
    return RowProblem(file, row, "closing_date", closing.strftime("%d/%m/%Y"), Message(
        "today or a later day (a closing date already passed leaves nobody time to apply)",
        "closing_not_past"))  # fmt: skip


def _not_own_company(user: User, file: str, row: int, employer: str) -> RowProblem:
    return RowProblem(file, row, "employer", employer, Message(
        f"your own company: {user.employer}", "own_company", employer=user.employer))  # fmt: skip


def _entry(
    token, rank, score, education, explanation, referral, shared, listed=True
) -> ShortlistEntry:
    return ShortlistEntry(
        candidate=token,
        rank=rank,
        score=round(float(score), 1),
        education=education,
        distance_band=distance_band(explanation.distance_km),
        explanation=without_distance(explanation),
        referred=referral is not None,
        status=referral.status.value if referral else "",
        name=shared.name if shared is not None else "",
        phone=shared.phone if shared is not None else "",
        skills_matched=explanation.skills_matched,
        listed=listed,
    )
