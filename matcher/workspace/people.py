"""Counselor use cases on people: find, register (with consent), edit under a version lock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from sqlalchemy import select

from matcher.auth import Permission
from matcher.db import (
    ConsentRequiredError,
    JobseekerRecord,
    JobseekerRepository,
    User,
)
from matcher.db.models import ErasureRow, JobseekerRow
from matcher.domain import Jobseeker
from matcher.errors import ValidationError
from matcher.workspace.base import WorkspaceBase
from matcher.workspace.forms import FormResult, add_with_next_id, validate_form
from matcher.workspace.registration import phone_problem

JOBSEEKER_PREFIX = "JS"


def _matches(record: JobseekerRecord, needle: str) -> bool:
    p = record.jobseeker
    hay = " ".join([p.id, p.name, p.phone, p.kelurahan, " ".join(p.skills)]).casefold()
    return all(word in hay for word in needle.casefold().split())


class PeopleMixin(WorkspaceBase):
    def find_jobseekers(
        self, user: User, query: str = "", limit: int = 50
    ) -> list[JobseekerRecord]:
        """People whose id, name, phone, kelurahan or skills contain every word of ``query``
        (erased people's pseudonyms are left out)."""
        self._allow(user, Permission.VIEW_JOBSEEKERS)
        with self.session_factory() as session:
            records = JobseekerRepository(session).list()
            erased = set(session.scalars(select(ErasureRow.pseudonym)))
        records = [r for r in records if r.id not in erased]  # nobody to help any more
        hits = [r for r in records if _matches(r, query)] if query.strip() else records
        # Newest registrations first: the person at the desk is most likely a recent one.
        hits.sort(key=lambda r: (r.created_at, r.id), reverse=True)
        return hits[:limit]

    def get_jobseeker(self, user: User, jobseeker_id: str) -> JobseekerRecord:
        self._allow(user, Permission.VIEW_JOBSEEKERS)
        with self.session_factory() as session:
            return JobseekerRepository(session).get(jobseeker_id)

    def check_jobseeker_form(self, values: Mapping[str, object]) -> FormResult:
        """Validate form values as a file row would be (id filled in when missing)."""
        return validate_form("jobseeker", {"id": "JS-0000", **dict(values)})

    def register_jobseeker(
        self, user: User, values: Mapping[str, object], *, consent: bool
    ) -> JobseekerRecord:
        """Store a new person with a fresh id; refused without consent to data processing.

        Raises
        ------
        ConsentRequiredError
            When ``consent`` is False: nothing is stored.
        ValidationError
            With every bad field, named as in the upload schema.
        """
        self._allow(user, Permission.EDIT_JOBSEEKERS)
        # Every problem at once (registration.py): the form, the phone and consent.
        problems = self.registration_problems(user, values, consent=consent)
        if [p.column for p in problems] == ["consent"]:
            raise ConsentRequiredError("(new)", "storing their data")
        if problems:
            raise ValidationError(problems)
        result = self.check_jobseeker_form(values)
        if not result.ok:
            raise ValidationError(list(result.problems))
        # Registered today unless the form says when (monitoring counts by this date: a
        # person without one was in no period's registrations).
        person = result.record
        if person.registered_on is None:
            person = replace(person, registered_on=date.today())
        return add_with_next_id(
            self.session_factory,
            JOBSEEKER_PREFIX,
            lambda session: session.scalars(select(JobseekerRow.id)),
            lambda session, new_id: JobseekerRepository(session).add(
                replace(person, id=new_id), who=user.username, consent_given=True
            ),
        )

    def update_jobseeker(
        self,
        user: User,
        jobseeker_id: str,
        values: Mapping[str, object],
        *,
        expected_version: int,
    ) -> JobseekerRecord:
        """Save an edited profile; raises ConcurrentEditError if someone saved in between."""
        self._allow(user, Permission.EDIT_JOBSEEKERS)
        result = validate_form("jobseeker", {**dict(values), "id": jobseeker_id})
        problems = list(result.problems) + [p for p in [phone_problem(values.get("phone"))] if p]
        if problems:
            raise ValidationError(problems)
        person: Jobseeker = result.record
        with self.session_factory() as session:
            repo = JobseekerRepository(session)
            stored = repo.get(jobseeker_id).jobseeker
            if person.registered_on is None:
                person = replace(person, registered_on=stored.registered_on)
            return repo.update(person, expected_version=expected_version, who=user.username)

    def set_consent(
        self, user: User, jobseeker_id: str, given: bool, *, expected_version: int
    ) -> JobseekerRecord:
        self._allow(user, Permission.EDIT_JOBSEEKERS)
        with self.session_factory() as session:
            return JobseekerRepository(session).set_consent(
                jobseeker_id, given, expected_version=expected_version, who=user.username
            )
