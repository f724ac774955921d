"""Trainer use cases: own programmes, ranked enrolment suggestions, accept or decline.

Data minimisation as on the employer's shortlist (:mod:`matcher.workspace.tokens`): a
suggested person is a random token stored per programme, with an age band, education,
a distance band, the score rounded to one decimal and the explanation without the
distance; no jobseeker id, exact age, kelurahan or kilometres. That is what deciding
needs (the engine has already applied the programme's age, education and travel rules).
Accepting or declining names the token; the person behind it is looked up here.
Accepting enrols the person (a referral with status "enrolled", one seat taken);
declining is remembered in the audit trail so the suggestion does not come back.

The enrolment list shows the token too, until the person agreed to share their contact
with this provider (a counselor's referral with consent, or the counselor's *Setuju
kontak dibagikan*) while their consent to data processing stands: then the jobseeker
id, name and phone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

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
from matcher.engine.results import Explanation, Recommendation
from matcher.errors import RowProblem, ValidationError
from matcher.workspace.base import WorkspaceBase, owns
from matcher.workspace.caseload import UnknownCandidateError
from matcher.workspace.tokens import (
    age_band,
    distance_band,
    person_behind,
    tokens_for,
    without_distance,
)

DECLINED_ENTITY = "enrolment_suggestion"


@dataclass(frozen=True)
class Suggestion:
    """One person for a programme, as a trainer may see them before enrolment."""

    candidate: str  # random token stored per programme, e.g. "K-3f9a1c_Q"
    rank: int
    score: float  # rounded to one decimal (exact, it would give the distance back)
    age_band: str | None  # tokens.AGE_BANDS
    education: str
    distance_band: str | None  # tokens.DISTANCE_BANDS
    explanation: Explanation  # without the exact distance
    eligible: bool = True


@dataclass(frozen=True)
class EnrolmentView:
    program: ProgramRecord
    suggestions: list[Suggestion]  # eligible, ranked, not yet decided
    excluded: list[Suggestion]  # best ineligible ones, with the rule that excludes them
    declined: int  # how many suggestions the trainer declined
    # Eligible, not yet decided, but nothing in their profile shows what the programme
    # teaches (the relevance floor's leftovers, best first): for a trainer with seats to
    # fill, shown apart.
    others: list[Suggestion] = field(default_factory=list)


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

    def _suggested(
        self, user: User, program_id: str, top_k: int
    ) -> tuple[ProgramRecord, list[Recommendation], list[Recommendation], list[Recommendation],
               set[str]]:  # fmt: skip
        """The programme, the ranked people not yet referred, enrolled or declined, the
        best ineligible ones, the best of those the relevance floor left off (not yet
        decided either), and the declined ids (real ids: for this module only)."""
        with self.session_factory() as session:
            program = self._own_program(session, user, program_id)
            taken = {r.jobseeker_id for r in ReferralRepository(session).list(
                opportunity_id=program_id)}  # fmt: skip
            prefix = program_id + "/"
            declined = {
                e.entity_id[len(prefix):]
                for e in AuditRepository(session).list(entity=DECLINED_ENTITY, limit=None)
                if e.entity_id.startswith(prefix) and e.action == "declined"
            }  # fmt: skip
        found = self.ranked_people("program", program_id, top_k + 50)
        ranked, excluded = found.ranked, found.excluded
        skip = taken | declined
        ranked = [r for r in ranked if r.item_id not in skip][:top_k]
        ranked = [replace(r, rank=n) for n, r in enumerate(ranked, start=1)]
        others = [r for r in found.unlisted if r.item_id not in skip][:top_k]
        return program, ranked, list(excluded), others, declined

    def enrolment_view(self, user: User, program_id: str, top_k: int = 20) -> EnrolmentView:
        """Ranked people to enrol, as tokens with bands, without those already referred,
        enrolled or declined."""
        self._allow(user, Permission.VIEW_ENROLMENT_SUGGESTIONS)
        program, ranked, excluded, others, declined = self._suggested(user, program_id, top_k)
        kind = program.program.kind
        with self.session_factory() as session:
            people = JobseekerRepository(session)
            ids = list(dict.fromkeys(r.item_id for r in ranked + excluded + others))
            persons = {jid: people.get(jid).jobseeker for jid in ids}
            tokens = tokens_for(session, kind, program_id, ids)

        def shown(r: Recommendation) -> Suggestion:
            p = persons[r.item_id]
            return Suggestion(
                candidate=tokens[r.item_id], rank=r.rank, score=round(float(r.score), 1),
                age_band=age_band(p.age), education=p.education.label,
                distance_band=distance_band(r.explanation.distance_km),
                explanation=without_distance(r.explanation), eligible=r.explanation.eligible,
            )  # fmt: skip

        return EnrolmentView(program, [shown(r) for r in ranked], [shown(r) for r in excluded],
                             len(declined), [shown(r) for r in others])  # fmt: skip

    def record_suggestions_shown(self, user: User, program_id: str, top_k: int = 20) -> int:
        """Log the suggestions on screen for the fairness monitor (real ids, server side)."""
        self._allow(user, Permission.VIEW_ENROLMENT_SUGGESTIONS)
        program, ranked, _, _, _ = self._suggested(user, program_id, top_k)
        return self.record_shown(user, ranked, "trainer_suggestions",
                                 opportunity_kind=program.program.kind.value,
                                 opportunity_id=program_id)  # fmt: skip

    def decide_enrolment(
        self, user: User, program_id: str, candidate: str, *, accept: bool
    ) -> ProgramRecord:
        """Enrol the suggested person (one seat taken) or decline the suggestion.

        ``candidate`` is the token the trainer saw for this programme.

        Raises
        ------
        UnknownCandidateError
            When no person was shown under that token for this programme.
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
            jobseeker_id = person_behind(session, record.program.kind, program_id, candidate)
            if jobseeker_id is None:
                raise UnknownCandidateError(program_id, candidate)
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
        """Rows for the enrolment list and its export. ``participant`` is the token, and
        name and phone are empty, until the person agreed to share their contact with
        this provider (consent recorded for the referral) while their consent to data
        processing stands; then ``participant`` is their jobseeker id."""
        self._allow(user, Permission.MANAGE_OWN_PROGRAMS)
        with self.session_factory() as session:
            program = self._own_program(session, user, program_id)
            people = JobseekerRepository(session)
            referrals = [r for r in ReferralRepository(session).list(opportunity_id=program_id)
                         if r.opportunity_kind is not OpportunityKind.VACANCY]  # fmt: skip
            tokens = tokens_for(session, program.program.kind, program_id,
                                [r.jobseeker_id for r in referrals])  # fmt: skip
            rows = []
            for r in referrals:
                stored = people.get(r.jobseeker_id)
                person = stored.jobseeker
                # Withdrawn consent (or an erasure) hides what an earlier referral shared.
                shared = r.consent_recorded and stored.consent_given
                rows.append({
                    "program_id": program.id, "program": program.program.title,
                    "participant": r.jobseeker_id if shared else tokens[r.jobseeker_id],
                    "name": person.name if shared else "",
                    "phone": person.phone if shared else "",
                    "status": r.status.value, "since": r.updated_at.date().isoformat(),
                    "referred_by": r.who,
                })  # fmt: skip
            return rows
