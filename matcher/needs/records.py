"""The records the planning views read: everyone registered, programmes, open vacancies."""

from __future__ import annotations

from dataclasses import dataclass, field

from matcher.db.enums import VacancyStatus
from matcher.db.repository import JobseekerRepository, ProgramRepository, VacancyRepository
from matcher.domain import JobPosting, Jobseeker, TrainingProgram


@dataclass(frozen=True)
class NeedsRecords:
    jobseekers: tuple[Jobseeker, ...] = field(default=())
    programs: tuple[TrainingProgram, ...] = field(default=())
    vacancies: tuple[JobPosting, ...] = field(default=())  # status "open" only


def load_needs_records(session) -> NeedsRecords:
    """Read the database; counts are aggregated later, so no personal data leaves here
    except through the jobseeker records themselves. People who withdrew consent (and
    erased people, whose consent is withdrawn) are not read: their phrases are no
    longer processed, and a phrase only one person wrote would point back at them."""
    return NeedsRecords(
        jobseekers=tuple(
            r.jobseeker for r in JobseekerRepository(session).list(consented_only=True)
        ),
        programs=tuple(r.program for r in ProgramRepository(session).list()),
        vacancies=tuple(
            r.posting for r in VacancyRepository(session).list(status=VacancyStatus.OPEN)
        ),
    )
