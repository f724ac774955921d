"""Trainer use cases: own programmes, ranked enrolment suggestions, accept or decline.

Suggestions show pseudonymous ids, never names or phone numbers (trainers do not hold
the personal-data permission). Names appear in the enrolment list only for people a
counselor referred with their consent. Accepting enrols the person (a referral with
status "enrolled", one seat taken); declining is remembered in the audit trail so the
suggestion does not come back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from matcher import auth
from matcher.auth import Permission
from matcher.db import (
    AuditRepository,
    JobseekerRepository,
    ProgramRecord,
    ProgramRepository,
    ReferralRepository,
    ReferralStatus,
    Role,
    User,
)
from matcher.domain import OpportunityKind
from matcher.engine.results import Recommendation
from matcher.errors import RowProblem, ValidationError
from matcher.workspace.base import WorkspaceBase, owns

DECLINED_ENTITY = "enrolment_suggestion"


@dataclass(frozen=True)
class EnrolmentView:
    program: ProgramRecord
    suggestions: list[Recommendation]  # eligible, ranked, not yet decided
    excluded: list[Recommendation]  # best ineligible ones, with the rule that excludes them
    declined: list[str]  # jobseeker ids the trainer declined


def _declined_key(program_id: str, jobseeker_id: str) -> str:
    return f"{program_id}/{jobseeker_id}"


class TrainerMixin(WorkspaceBase):
    def my_programs(self, user: User) -> list[ProgramRecord]:
        """The trainer's provider's programmes (all of them for an admin)."""
        self._allow(user, Permission.MANAGE_OWN_PROGRAMS)
        with self.session_factory() as session:
            repo = ProgramRepository(session)
            if user.role is Role.ADMIN:
                return repo.list()
            return [p for p in repo.list() if owns(auth.check_program_owner, user, p)]

    def _own_program(self, session, user: User, program_id: str) -> ProgramRecord:
        record = ProgramRepository(session).get(program_id)
        auth.check_program_owner(user, record)
        return record

    def enrolment_view(self, user: User, program_id: str, top_k: int = 20) -> EnrolmentView:
        """Ranked people to enrol, without those already referred, enrolled or declined."""
        self._allow(user, Permission.VIEW_ENROLMENT_SUGGESTIONS)
        with self.session_factory() as session:
            program = self._own_program(session, user, program_id)
            taken = {r.jobseeker_id for r in ReferralRepository(session).list(
                opportunity_id=program_id)}  # fmt: skip
            prefix = program_id + "/"
            declined = [
                e.entity_id[len(prefix):]
                for e in AuditRepository(session).list(entity=DECLINED_ENTITY, limit=None)
                if e.entity_id.startswith(prefix) and e.action == "declined"
            ]  # fmt: skip
        ranked, excluded = self.ranked_people("program", program_id, top_k + 50)
        skip = taken | set(declined)
        ranked = [r for r in ranked if r.item_id not in skip][:top_k]
        ranked = [replace(r, rank=n) for n, r in enumerate(ranked, start=1)]
        return EnrolmentView(program, ranked, excluded, sorted(set(declined)))

    def decide_enrolment(
        self, user: User, program_id: str, jobseeker_id: str, *, accept: bool
    ) -> ProgramRecord:
        """Enrol the suggested person (one seat taken) or decline the suggestion.

        Raises
        ------
        ValidationError
            When accepting and no seat is left.
        ConsentRequiredError
            When the person has not consented to data processing.
        ConcurrentEditError
            When the programme was saved by someone else in between.
        """
        self._allow(user, Permission.VIEW_ENROLMENT_SUGGESTIONS)
        with self.session_factory() as session:
            record = self._own_program(session, user, program_id)
            JobseekerRepository(session).get(jobseeker_id)
            if not accept:
                AuditRepository(session).add(
                    who=user.username, entity=DECLINED_ENTITY,
                    entity_id=_declined_key(program_id, jobseeker_id), action="declined",
                )  # fmt: skip
                return record
            program = record.program
            if program.seats_left <= 0:
                raise ValidationError(RowProblem(
                    "program", None, "seats", program.seats, "a programme with a seat left",
                ))  # fmt: skip
            referrals = ReferralRepository(session)
            referral = referrals.add(jobseeker_id, program.kind, program_id,
                                     who=user.username, consent_recorded=False)  # fmt: skip
            referrals.update_status(referral.id, ReferralStatus.ENROLLED, who=user.username)
            return ProgramRepository(session).update(
                replace(program, seats_filled=program.seats_filled + 1),
                expected_version=record.version_id,
                who=user.username,
            )

    def enrolment_list(self, user: User, program_id: str) -> list[dict[str, object]]:
        """Rows for the enrolment list and its export; names only where consent was
        recorded for the referral and consent to data processing still stands."""
        self._allow(user, Permission.MANAGE_OWN_PROGRAMS)
        with self.session_factory() as session:
            program = self._own_program(session, user, program_id)
            people = JobseekerRepository(session)
            rows = []
            for r in ReferralRepository(session).list(opportunity_id=program_id):
                if r.opportunity_kind is OpportunityKind.VACANCY:
                    continue
                stored = people.get(r.jobseeker_id)
                person = stored.jobseeker
                # Withdrawn consent (or an erasure) hides what an earlier referral shared.
                shared = r.consent_recorded and stored.consent_given
                rows.append({
                    "program_id": program.id, "program": program.program.title,
                    "jobseeker_id": r.jobseeker_id,
                    "name": person.name if shared else "",
                    "phone": person.phone if shared else "",
                    "status": r.status.value, "since": r.updated_at.date().isoformat(),
                    "referred_by": r.who,
                })  # fmt: skip
            return rows
