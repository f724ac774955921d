"""A counselor's caseload: their people, who needs a follow-up, referrals without outcome.

Also the referral rows a person's page shows (title, employer or provider, dates, newest
first), the consent that lets a provider see an enrolled person's contact, and the
questions employers ask the hub about a shortlisted candidate.

Everything returns codes and records; the app words them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from matcher.auth import Permission
from matcher.db import (
    JobseekerRepository,
    ProgramRepository,
    Referral,
    ReferralRepository,
    ReferralStatus,
    User,
    UserRepository,
    VacancyRepository,
)
from matcher.db.activity import lock_person
from matcher.db.audit import record_change, snapshot
from matcher.db.models import DecisionRow
from matcher.db.types import utcnow
from matcher.domain import OpportunityKind
from matcher.errors import MatcherError, RowProblem, UnknownRecordError, ValidationError
from matcher.workspace.base import WorkspaceBase
from matcher.workspace.models import HubRequestRow
from matcher.workspace.recommend import ReferralMismatchError

NO_OUTCOME_DAYS = 14  # a referral with no outcome after this many days is listed
QUIET_DAYS = 7  # an open referral not updated for a week needs a call
MAX_QUESTION_CHARS = 1000
# Referrals in these states need nothing more from a counselor.
CLOSED = frozenset({ReferralStatus.HIRED, ReferralStatus.COMPLETED, ReferralStatus.DROPPED_OUT})


@dataclass(frozen=True)
class ReferralView:
    """A referral as a person reads it: what, where, when."""

    referral: Referral
    title: str
    organisation: str  # the employer or the training provider
    referred_on: date
    updated_on: date

    @property
    def id(self) -> int:
        return self.referral.id

    @property
    def status(self) -> ReferralStatus:
        return self.referral.status

    @property
    def is_open(self) -> bool:
        return self.referral.status not in CLOSED


@dataclass(frozen=True)
class HubRequest:
    id: int
    jobseeker_id: str
    vacancy_id: str
    candidate: str
    question: str
    asked_by: str
    asked_at: datetime
    answer: str = ""
    answered_by: str | None = None
    answered_at: datetime | None = None
    # As a counselor reads them (the caseload fills them): the asker's account name and
    # the vacancy's title and employer, not a username and an id.
    asked_by_name: str = ""
    vacancy_title: str = ""

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


@dataclass(frozen=True)
class FollowUp:
    """One thing to do about one person this week; ``reason`` is a code."""

    jobseeker_id: str
    name: str
    reason: str  # "quiet_referral", "share_consent", "employer_question"
    since: date
    referral: ReferralView | None = None
    request: HubRequest | None = None


@dataclass(frozen=True)
class CaseloadPerson:
    jobseeker_id: str
    name: str
    kelurahan: str
    phone: str
    last_activity: datetime
    open_referrals: int


@dataclass(frozen=True)
class Caseload:
    people: list[CaseloadPerson]
    follow_ups: list[FollowUp]
    no_outcome: list[tuple[str, ReferralView, int]]  # (name, referral, days since referral)
    no_outcome_days: int


class UnknownCandidateError(MatcherError):
    """A candidate token that is not on the employer's shortlist for that vacancy."""

    code = "unknown_candidate"

    def __init__(self, vacancy_id: str, candidate: str):
        super().__init__(f"no candidate {candidate!r} on the shortlist of {vacancy_id}")


def _day(at: datetime) -> date:
    return at.astimezone(UTC).date()


def referral_views(session, referrals: list[Referral]) -> list[ReferralView]:
    """``referrals`` with titles and organisations, newest referral first."""
    vacancies = {v.id: v.posting for v in VacancyRepository(session).list()}
    programs = {p.id: p.program for p in ProgramRepository(session).list()}
    out = []
    for r in referrals:
        if r.opportunity_kind is OpportunityKind.VACANCY and r.opportunity_id in vacancies:
            item = vacancies[r.opportunity_id]
            title, org = item.title, item.employer
        elif r.opportunity_id in programs:
            item = programs[r.opportunity_id]
            title, org = item.title, item.provider
        else:  # the opportunity was removed; its id is all that is left
            title, org = r.opportunity_id, ""
        out.append(ReferralView(r, title, org, _day(r.at), _day(r.updated_at)))
    out.sort(key=lambda v: (v.referral.at, v.referral.id), reverse=True)
    return out


def _request(row: HubRequestRow) -> HubRequest:
    return HubRequest(
        row.id, row.jobseeker_id, row.vacancy_id, row.candidate, row.question, row.asked_by,
        row.asked_at, row.answer or "", row.answered_by, row.answered_at,
    )  # fmt: skip


class CaseloadMixin(WorkspaceBase):
    def referral_views(self, user: User, jobseeker_id: str) -> list[ReferralView]:
        """The person's referrals with title, employer or provider and dates, newest first."""
        self._allow(user, Permission.MANAGE_REFERRALS)
        with self.session_factory() as session:
            JobseekerRepository(session).get(jobseeker_id)
            return referral_views(
                session, ReferralRepository(session).list(jobseeker_id=jobseeker_id)
            )

    def record_share_consent(self, user: User, jobseeker_id: str, referral_id: int) -> Referral:
        """The person agreed that the provider of this referral may see their contact."""
        self._allow(user, Permission.MANAGE_REFERRALS)
        with self.session_factory() as session:
            repo = ReferralRepository(session)
            if repo.get(referral_id).jobseeker_id != jobseeker_id:
                raise ReferralMismatchError(referral_id, jobseeker_id)
            return repo.record_share_consent(referral_id, who=user.username)

    def caseload(
        self, user: User, *, no_outcome_days: int = NO_OUTCOME_DAYS, today: date | None = None
    ) -> Caseload:
        """The counselor's people (registered, adjusted or referred by them), this week's
        follow-ups, and their referrals still without an outcome after ``no_outcome_days``.
        """
        self._allow(user, Permission.MANAGE_REFERRALS)
        if not 1 <= int(no_outcome_days) <= 365:
            raise ValidationError(RowProblem(
                "caseload", None, "no_outcome_days", no_outcome_days, "1 to 365 days"))  # fmt: skip
        today = today or utcnow().date()
        me = user.username
        with self.session_factory() as session:
            people = {r.id: r for r in JobseekerRepository(session).list()}
            referrals = ReferralRepository(session).list()
            # Only this counselor's latest decision per person (the log is long).
            decided = session.execute(
                select(DecisionRow.jobseeker_id, func.max(DecisionRow.at))
                .where(DecisionRow.who == me)
                .group_by(DecisionRow.jobseeker_id)
            ).all()
            requests = [
                _request(r)
                for r in session.scalars(
                    select(HubRequestRow)
                    .where(HubRequestRow.answered_at.is_(None))
                    .where(HubRequestRow.question != "")  # blanked: the person was erased
                    .order_by(HubRequestRow.asked_at)
                )
            ]
            views = referral_views(session, referrals)
            if requests:
                names = {u.username: u.display_name for u in UserRepository(session).list()}
                titles = {v.id: f"{v.posting.title} · {v.posting.employer}"
                          for v in VacancyRepository(session).list()}  # fmt: skip
                requests = [replace(q, asked_by_name=names.get(q.asked_by, ""),
                                    vacancy_title=titles.get(q.vacancy_id, ""))
                            for q in requests]  # fmt: skip
        last: dict[str, datetime] = {}

        def touch(jid: str, at: datetime) -> None:
            if jid in people and (jid not in last or at > last[jid]):
                last[jid] = at

        for rec in people.values():
            if rec.consent_by == me or rec.updated_by == me:  # registered or edited
                touch(rec.id, rec.updated_at)
        for jid, at in decided:
            touch(jid, at)
        for r in referrals:
            if r.who == me:
                touch(r.jobseeker_id, r.updated_at)
        open_count = {jid: 0 for jid in last}
        for v in views:
            if v.referral.jobseeker_id in open_count and v.is_open:
                open_count[v.referral.jobseeker_id] += 1
        mine = [
            CaseloadPerson(jid, people[jid].jobseeker.name, people[jid].jobseeker.kelurahan,
                           people[jid].jobseeker.phone, at, open_count[jid])
            for jid, at in sorted(last.items(), key=lambda kv: kv[1], reverse=True)
        ]  # fmt: skip

        def name(jid: str) -> str:
            return people[jid].jobseeker.name if jid in people else jid

        no_outcome = []
        follow_ups = []
        for v in views:
            r = v.referral
            if r.jobseeker_id not in people:
                continue
            age = (today - v.referred_on).days
            waiting = r.status is ReferralStatus.REFERRED and age >= no_outcome_days
            if waiting and r.who == me:
                no_outcome.append((name(r.jobseeker_id), v, age))
            elif (
                v.is_open
                and r.jobseeker_id in last
                and not waiting
                and (today - v.updated_on).days >= QUIET_DAYS
            ):
                follow_ups.append(FollowUp(r.jobseeker_id, name(r.jobseeker_id),
                                           "quiet_referral", v.updated_on, referral=v))  # fmt: skip
            # A provider's own enrolment: the person must agree before it sees the contact.
            if v.is_open and not r.consent_recorded and people[r.jobseeker_id].consent_given:
                follow_ups.append(FollowUp(r.jobseeker_id, name(r.jobseeker_id),
                                           "share_consent", v.referred_on, referral=v))  # fmt: skip
        for q in requests:  # a question to the hub is every counselor's task
            follow_ups.append(FollowUp(q.jobseeker_id, name(q.jobseeker_id),
                                       "employer_question", _day(q.asked_at), request=q))  # fmt: skip
        follow_ups.sort(key=lambda f: f.since)
        no_outcome.sort(key=lambda item: item[2], reverse=True)
        return Caseload(mine, follow_ups, no_outcome, int(no_outcome_days))

    # ------------------------------------------------------------------ employer questions
    def ask_hub(self, user: User, vacancy_id: str, candidate: str, question: str) -> HubRequest:
        """An employer's question about a shortlisted candidate, as a task for counselors.

        The candidate is the token on the employer's own shortlist; the person behind it
        is looked up here and never returned.
        """
        self._allow(user, Permission.VIEW_ANONYMISED_SHORTLIST)
        question = (question or "").strip()
        if not question or len(question) > MAX_QUESTION_CHARS:
            raise ValidationError(RowProblem(
                "hub_request", None, "question", question[:50],
                f"a question of 1 to {MAX_QUESTION_CHARS} characters"))  # fmt: skip
        jobseeker_id = self._candidate_behind(user, vacancy_id, candidate)
        with self.session_factory() as session:
            row = HubRequestRow(
                jobseeker_id=jobseeker_id, vacancy_id=vacancy_id, candidate=candidate,
                question=question, asked_by=user.username, asked_at=utcnow(), answer="",
            )  # fmt: skip
            session.add(row)
            session.flush()
            record_change(session, who=user.username, entity="hub_request", entity_id=row.id,
                          action="create", before=None, after=snapshot(row))  # fmt: skip
            return _request(row)

    def _candidate_behind(self, user: User, vacancy_id: str, candidate: str) -> str:
        # The shortlist lists the ranked people first, in rank order, then the ones the
        # floor left off, in order, so its n-th entry is the n-th of those (the
        # ownership check is the shortlist's own).
        for top_k in (10, 50):
            entries = self.shortlist(user, vacancy_id, top_k=top_k)
            found = self.ranked_people("vacancy", vacancy_id, top_k)
            for entry, rec in zip(entries, found.ranked + found.unlisted, strict=False):
                if entry.candidate == candidate:
                    return rec.item_id
        raise UnknownCandidateError(vacancy_id, candidate)

    def my_hub_requests(self, user: User, vacancy_id: str) -> list[HubRequest]:
        """The employer's questions about candidates for their vacancy, newest first."""
        self._allow(user, Permission.VIEW_ANONYMISED_SHORTLIST)
        with self.session_factory() as session:
            self._own_vacancy(session, user, vacancy_id)
            rows = session.scalars(
                select(HubRequestRow)
                .where(HubRequestRow.vacancy_id == vacancy_id)
                .where(HubRequestRow.question != "")  # blanked: the person was erased
                .order_by(HubRequestRow.asked_at.desc(), HubRequestRow.id.desc())
            )
            # The employer sees their questions only, never who the candidate is.
            return [
                HubRequest(r.id, "", r.vacancy_id, r.candidate, r.question, r.asked_by,
                           r.asked_at, r.answer or "", r.answered_by, r.answered_at)
                for r in rows
            ]  # fmt: skip

    def answer_hub_request(self, user: User, request_id: int, answer: str) -> HubRequest:
        """A counselor's answer; the employer reads it under the shortlist."""
        self._allow(user, Permission.MANAGE_REFERRALS)
        answer = (answer or "").strip()
        if not answer or len(answer) > MAX_QUESTION_CHARS:
            raise ValidationError(RowProblem(
                "hub_request", None, "answer", answer[:50],
                f"an answer of 1 to {MAX_QUESTION_CHARS} characters"))  # fmt: skip
        with self.session_factory() as session:
            row = session.get(HubRequestRow, request_id)
            if row is None:
                raise UnknownRecordError("hub_request", str(request_id))
            # An erasure blanks the question; nothing about the person is written after
            # it. The person's lock makes an erasure in progress finish first.
            try:
                lock_person(session, row.jobseeker_id)
            except UnknownRecordError:
                raise UnknownRecordError("hub_request", str(request_id)) from None
            session.refresh(row)
            if not row.question:
                raise UnknownRecordError("hub_request", str(request_id))
            before = snapshot(row)
            row.answer, row.answered_by, row.answered_at = answer, user.username, utcnow()
            session.flush()
            record_change(session, who=user.username, entity="hub_request", entity_id=row.id,
                          action="answer", before=before, after=snapshot(row))  # fmt: skip
            return _request(row)
