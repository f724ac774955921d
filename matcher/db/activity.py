"""What counselors do with recommendations: decisions, referrals and their outcomes.

Decisions and outcome events are append-only; a referral's current ``status`` is the
latest outcome event, kept on the referral row so lists need no sub-query.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from matcher.db.audit import AuditedRepository
from matcher.db.enums import DecisionAction, ReasonCode, ReferralStatus, parse
from matcher.db.errors import ConcurrentEditError, ConsentRequiredError
from matcher.db.mapping import decision_record, outcome_record, referral_record
from matcher.db.models import (
    DecisionRow,
    JobseekerRow,
    OutcomeEventRow,
    ProgramRow,
    ReferralRow,
    VacancyRow,
)
from matcher.db.records import Decision, OutcomeEvent, Referral
from matcher.db.types import utcnow
from matcher.domain import OpportunityKind
from matcher.errors import RowProblem, UnknownRecordError, ValidationError

# Actions about one opportunity in the list; the others concern the list as a whole.
ITEM_ACTIONS = frozenset(
    {
        DecisionAction.ACCEPT,
        DecisionAction.REJECT,
        DecisionAction.RESTORE,
        DecisionAction.PIN,
        DecisionAction.UNPIN,
        DecisionAction.MOVE_UP,
        DecisionAction.MOVE_DOWN,
    }
)


def _jobseeker_row(session, jobseeker_id: str) -> JobseekerRow:
    row = session.get(JobseekerRow, jobseeker_id)
    if row is None:
        raise UnknownRecordError("jobseeker", jobseeker_id)
    return row


def lock_person(session, jobseeker_id: str) -> JobseekerRow:
    """The person's row, fresh from the database and locked until the transaction ends.

    A check that the person's state allows a write (consent given, no live referral
    yet) and the write itself then see the same state: a consent withdrawn, or a second
    referral stored, by another session in between waits for this transaction instead.
    PostgreSQL locks the row (``SELECT ... FOR UPDATE``). SQLite has no row locks: a
    no-op update takes the database's write lock, and reads after it see the latest
    commit.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            update(JobseekerRow)
            .where(JobseekerRow.id == jobseeker_id)
            .values(consent_given=JobseekerRow.consent_given)
        )
    row = session.get(JobseekerRow, jobseeker_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise UnknownRecordError("jobseeker", jobseeker_id)
    return row


def _check_opportunity(session, kind: OpportunityKind, opportunity_id: str) -> None:
    row_cls = VacancyRow if kind is OpportunityKind.VACANCY else ProgramRow
    if session.get(row_cls, opportunity_id) is None:
        raise UnknownRecordError(kind.value, opportunity_id)


class DecisionRepository(AuditedRepository):
    entity = "recommendation_decision"

    def add(
        self,
        jobseeker_id: str,
        action: DecisionAction | str,
        *,
        who: str,
        opportunity_kind: OpportunityKind | str | None = None,
        opportunity_id: str | None = None,
        reason_code: ReasonCode | str | None = None,
        note: str = "",
        rank_before: int | None = None,
        rank_after: int | None = None,
        score_parts: dict[str, float] | None = None,
        details: dict[str, Any] | None = None,
        expected_list_version: int | None = None,
    ) -> Decision:
        """Record one adjustment. Item actions (accept, reject, pin, moves) need the
        opportunity; ``details`` carries the rule relaxed, the weights or the new order.

        Each decision becomes the next version of the person's list. With
        ``expected_list_version`` (the version the counselor was looking at) an outdated
        list is refused. The version is written under a unique (person, version)
        constraint, so two writers that both read the same version cannot both succeed,
        whatever the timing: the second gets :class:`ConcurrentEditError`.
        """
        action = parse(DecisionAction, action, "action")
        kind = (
            parse(OpportunityKind, opportunity_kind, "opportunity_kind")
            if opportunity_kind
            else None
        )
        reason = parse(ReasonCode, reason_code, "reason_code") if reason_code else None
        if action in ITEM_ACTIONS and (kind is None or not opportunity_id):
            raise ValidationError(
                RowProblem(
                    "decision",
                    None,
                    "opportunity_id",
                    opportunity_id,
                    f"an opportunity kind and id for action '{action.value}'",
                )
            )
        _jobseeker_row(self.session, jobseeker_id)
        if kind is not None and opportunity_id:
            _check_opportunity(self.session, kind, opportunity_id)
        current = self.list_version(jobseeker_id)
        if expected_list_version is not None and current != expected_list_version:
            raise self._list_conflict(jobseeker_id, expected_list_version)
        row = DecisionRow(
            jobseeker_id=jobseeker_id,
            list_version=current + 1,
            opportunity_kind=kind,
            opportunity_id=opportunity_id,
            action=action,
            reason_code=reason,
            note=note,
            rank_before=rank_before,
            rank_after=rank_after,
            score_parts={str(k): float(v) for k, v in score_parts.items()} if score_parts else None,
            details=details,
            who=who,
            at=utcnow(),
        )
        try:
            return decision_record(self._insert(row, who=who, action=action.value))
        except IntegrityError:
            self.session.rollback()
            if self.list_version(jobseeker_id) > current:
                raise self._list_conflict(jobseeker_id, current) from None
            raise

    def list_version(self, jobseeker_id: str) -> int:
        """The version of this person's list: how many decisions were stored (0: none)."""
        return (
            self.session.scalar(
                select(func.max(DecisionRow.list_version)).where(
                    DecisionRow.jobseeker_id == jobseeker_id
                )
            )
            or 0
        )

    def latest(self, jobseeker_id: str) -> Decision | None:
        row = self.session.scalar(
            select(DecisionRow)
            .where(DecisionRow.jobseeker_id == jobseeker_id)
            .order_by(DecisionRow.list_version.desc())
            .limit(1)
        )
        return decision_record(row) if row is not None else None

    def _list_conflict(self, jobseeker_id: str, expected: int) -> ConcurrentEditError:
        last = self.latest(jobseeker_id)
        return ConcurrentEditError(
            "recommendation list",
            jobseeker_id,
            changed_by=last.who if last else None,
            changed_at=last.at if last else None,
            expected_version=expected,
            current_version=self.list_version(jobseeker_id),
        )

    def list(
        self,
        *,
        jobseeker_id: str | None = None,
        actions: Iterable[DecisionAction | str] | None = None,
        since: datetime | None = None,
    ) -> list[Decision]:
        """Decisions in the order they were made (the ranker's training data)."""
        query = select(DecisionRow).order_by(DecisionRow.at, DecisionRow.id)
        if jobseeker_id is not None:
            query = query.where(DecisionRow.jobseeker_id == jobseeker_id)
        if actions is not None:
            wanted = [parse(DecisionAction, a, "action") for a in actions]
            query = query.where(DecisionRow.action.in_(wanted))
        if since is not None:
            query = query.where(DecisionRow.at >= since)
        return [decision_record(r) for r in self.session.scalars(query)]


class ReferralRepository(AuditedRepository):
    entity = "referral"

    def add(
        self,
        jobseeker_id: str,
        opportunity_kind: OpportunityKind | str,
        opportunity_id: str,
        *,
        who: str,
        consent_recorded: bool,
        on: date | None = None,
    ) -> Referral:
        """Refer a jobseeker; refused unless they have given consent to data processing.

        ``consent_recorded`` says the counselor asked them about sharing their details
        with this particular employer or provider. The first outcome event ("referred")
        is written too.
        """
        kind = parse(OpportunityKind, opportunity_kind, "opportunity_kind")
        person = lock_person(self.session, jobseeker_id)  # consent read as it stands now
        if not person.consent_given:
            raise ConsentRequiredError(jobseeker_id, "referring them")
        _check_opportunity(self.session, kind, opportunity_id)
        now = utcnow()
        row = ReferralRow(
            jobseeker_id=jobseeker_id,
            opportunity_kind=kind,
            opportunity_id=opportunity_id,
            status=ReferralStatus.REFERRED,
            consent_recorded=consent_recorded,
            who=who,
            at=now,
            updated_at=now,
        )
        self._insert(row, who=who)
        self._event(row, ReferralStatus.REFERRED, on or now.date(), who)
        return referral_record(row)

    def _event(self, row: ReferralRow, status: ReferralStatus, on: date, who: str) -> None:
        event = OutcomeEventRow(
            referral_id=row.id, status=status, event_date=on, who=who, at=utcnow()
        )
        self.session.add(event)
        self.session.flush()

    def _row(self, referral_id: int) -> ReferralRow:
        row = self.session.get(ReferralRow, referral_id)
        if row is None:
            raise UnknownRecordError("referral", str(referral_id))
        return row

    def get(self, referral_id: int) -> Referral:
        return referral_record(self._row(referral_id))

    def list(
        self,
        *,
        jobseeker_id: str | None = None,
        opportunity_kind: OpportunityKind | str | None = None,
        opportunity_id: str | None = None,
        status: ReferralStatus | str | None = None,
    ) -> list[Referral]:
        query = select(ReferralRow).order_by(ReferralRow.at, ReferralRow.id)
        if jobseeker_id is not None:
            query = query.where(ReferralRow.jobseeker_id == jobseeker_id)
        if opportunity_kind is not None:
            kind = parse(OpportunityKind, opportunity_kind, "opportunity_kind")
            query = query.where(ReferralRow.opportunity_kind == kind)
        if opportunity_id is not None:
            query = query.where(ReferralRow.opportunity_id == opportunity_id)
        if status is not None:
            query = query.where(ReferralRow.status == parse(ReferralStatus, status, "status"))
        return [referral_record(r) for r in self.session.scalars(query)]

    def update_status(
        self,
        referral_id: int,
        status: ReferralStatus | str,
        *,
        who: str,
        on: date | None = None,
    ) -> Referral:
        """Record an outcome (applied, hired, enrolled...) that happened ``on`` a date."""
        status = parse(ReferralStatus, status, "status")
        row = self._row(referral_id)

        def apply() -> None:
            row.status = status
            row.updated_at = utcnow()

        self._update(row, apply, who=who, expected_version=None, action=f"status_{status.value}")
        self._event(row, status, on or utcnow().date(), who)
        return referral_record(row)

    def record_share_consent(self, referral_id: int, *, who: str) -> Referral:
        """The person agreed that this employer or provider may have their name and phone
        (a referral the provider started itself, e.g. a trainer's enrolment, has none)."""
        row = self._row(referral_id)
        if not lock_person(self.session, row.jobseeker_id).consent_given:
            raise ConsentRequiredError(row.jobseeker_id, "sharing their contact")

        def apply() -> None:
            row.consent_recorded = True

        self._update(row, apply, who=who, expected_version=None, action="consent_to_share")
        return referral_record(row)

    def events(self, referral_id: int) -> list[OutcomeEvent]:
        """The referral's history, oldest first."""
        query = (
            select(OutcomeEventRow)
            .where(OutcomeEventRow.referral_id == referral_id)
            .order_by(OutcomeEventRow.at, OutcomeEventRow.id)
        )
        return [outcome_record(r) for r in self.session.scalars(query)]
