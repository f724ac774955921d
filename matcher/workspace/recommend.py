"""Counselor use cases on one person's recommendations: view, adjust, re-weight, refer.

Every adjustment is a decision row (who, when, rank before and after, the order before
and after in ``details``) plus its audit entry. The list a counselor adjusts carries a
*list version* (the id of the person's latest decision); an adjustment made on an
outdated list is refused with :class:`~matcher.db.ConcurrentEditError`, so two
counselors working on the same person never undo each other silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from matcher.auth import Permission
from matcher.db import (
    ConcurrentEditError,
    ConsentRequiredError,
    Decision,
    DecisionAction,
    DecisionRepository,
    JobseekerRecord,
    JobseekerRepository,
    PersonSettings,
    ProgramRepository,
    ReasonCode,
    Referral,
    ReferralRepository,
    ReferralStatus,
    SettingsRepository,
    User,
    VacancyRepository,
)
from matcher.db.enums import parse
from matcher.db.models import DecisionRow
from matcher.domain import OpportunityKind
from matcher.engine.results import Pathway, Recommendation
from matcher.errors import RowProblem, ValidationError
from matcher.scoring.rules import Rule
from matcher.scoring.weights import Weights
from matcher.workspace.base import WorkspaceBase
from matcher.workspace.ordering import AdjustedList, adjust

SHOWN = 10  # items per list a counselor sees
POOL = 30  # items asked of the engine, so pinned items that slipped down stay visible
LIST_KINDS = ("vacancy", "training", "entrepreneurship")


@dataclass(frozen=True)
class PersonView:
    """Everything the counselor's person page shows, as of ``list_version``."""

    record: JobseekerRecord
    settings: PersonSettings | None
    weights: dict[str, float]
    relaxed_rules: tuple[str, ...]
    lists: dict[str, AdjustedList]
    pathways: list[Pathway]
    excluded: list[Recommendation]
    referrals: list[Referral]
    notes: list[Decision] = field(default_factory=list)  # notes about the person
    list_version: int = 0

    @property
    def jobseeker_id(self) -> str:
        return self.record.id


def _latest_decision(session, jobseeker_id: str) -> tuple[int, DecisionRow | None]:
    last_id = session.scalar(
        select(func.max(DecisionRow.id)).where(DecisionRow.jobseeker_id == jobseeker_id)
    )
    return (last_id or 0), (session.get(DecisionRow, last_id) if last_id else None)


class RecommendMixin(WorkspaceBase):
    def person_view(self, user: User, jobseeker_id: str) -> PersonView:
        """The person's adjusted recommendation lists, settings, referrals and notes."""
        self._allow(user, Permission.VIEW_RECOMMENDATIONS)
        with self.session_factory() as session:
            record = JobseekerRepository(session).get(jobseeker_id)
            settings = SettingsRepository(session).get(jobseeker_id)
            decisions = DecisionRepository(session).list(jobseeker_id=jobseeker_id)
            referrals = ReferralRepository(session).list(jobseeker_id=jobseeker_id)
            list_version, _ = _latest_decision(session, jobseeker_id)
            titles = {v.id: v.posting.title for v in VacancyRepository(session).list()}
            titles |= {p.id: p.program.title for p in ProgramRepository(session).list()}
        service = self.matcher()
        weights = {**service.engine.weights.to_dict(), **(settings.weights if settings else {})}
        relaxed = tuple(settings.relaxed_rules) if settings else ()
        # The stored profile, not the engine's copy: edits show without a rebuild.
        result = service.recommend_for_jobseeker(
            record.jobseeker, weights=weights, relaxed_rules=relaxed, top_k=POOL
        )
        pools = {
            "vacancy": result.vacancies,
            "training": result.trainings,
            "entrepreneurship": result.entrepreneurship,
        }
        lists = {k: adjust(k, pools[k], decisions, shown=SHOWN, titles=titles) for k in LIST_KINDS}
        notes = [d for d in decisions if d.action is DecisionAction.NOTE and not d.opportunity_id]
        return PersonView(
            record=record,
            settings=settings,
            weights=weights,
            relaxed_rules=relaxed,
            lists=lists,
            pathways=result.pathways,
            excluded=result.excluded,
            referrals=referrals,
            notes=notes,
            list_version=list_version,
        )

    def _check_list_version(self, session, jobseeker_id: str, expected: int | None) -> None:
        if expected is None:
            return
        last_id, last = _latest_decision(session, jobseeker_id)
        if last_id != expected:
            raise ConcurrentEditError(
                "recommendation list",
                jobseeker_id,
                changed_by=last.who if last else None,
                changed_at=last.at if last else None,
                expected_version=expected,
                current_version=last_id,
            )

    def adjust_item(
        self,
        user: User,
        view: PersonView,
        action: DecisionAction | str,
        kind: str,
        item_id: str,
        *,
        reason: ReasonCode | str | None = None,
        note: str = "",
    ) -> Decision:
        """Accept, reject (with a reason), pin, unpin, move up or down, or annotate an item.

        ``view`` is the list the counselor was looking at; its ``list_version`` guards
        against a concurrent adjustment and its order is stored as the state before.
        """
        self._allow(user, Permission.ADJUST_RECOMMENDATIONS)
        action = parse(DecisionAction, action, "action")
        kind = parse(OpportunityKind, kind, "kind")
        reason = parse(ReasonCode, reason, "reason") if reason else None
        note = (note or "").strip()
        if action is DecisionAction.REJECT and reason is None:
            raise ValidationError(
                RowProblem("decision", None, "reason", "", "a reason: " + ", ".join(ReasonCode))
            )
        if reason is ReasonCode.OTHER and not note:
            raise ValidationError(
                RowProblem("decision", None, "note", "", "a note saying why, for reason 'other'")
            )
        if action is DecisionAction.NOTE and not note:
            raise ValidationError(RowProblem("decision", None, "note", "", "some text"))
        current = view.lists[kind.value]
        item = current.find(item_id)
        rec = item.rec if item else None
        before = current.ids()
        # Replay the new decision over the same engine output: the order after, without
        # asking the engine again.
        pool = [i.rec for i in current.items]
        probe = Decision(0, view.jobseeker_id, kind, item_id, action, reason, note,
                         None, None, None, None, user.username, None)  # fmt: skip
        after_list = adjust(kind.value, pool, [_as_replay(d) for d in _pins(current)] + [probe],
                            shown=len(pool))  # fmt: skip
        after = after_list.ids()
        new_item = after_list.find(item_id)
        with self.session_factory() as session:
            self._check_list_version(session, view.jobseeker_id, view.list_version)
            return DecisionRepository(session).add(
                view.jobseeker_id,
                action,
                who=user.username,
                opportunity_kind=kind,
                opportunity_id=item_id,
                reason_code=reason,
                note=note,
                rank_before=item.position if item else None,
                rank_after=new_item.position if new_item else None,
                score_parts=(
                    {p.part.value: p.value for p in rec.explanation.parts} if rec else None
                ),
                details={"order_before": before, "order_after": after, "score": rec.score}
                if rec
                else {"order_before": before, "order_after": after},
            )

    def add_person_note(self, user: User, view: PersonView, note: str) -> Decision:
        """A note about the person rather than one opportunity."""
        self._allow(user, Permission.ADJUST_RECOMMENDATIONS)
        if not (note or "").strip():
            raise ValidationError(RowProblem("decision", None, "note", "", "some text"))
        with self.session_factory() as session:
            self._check_list_version(session, view.jobseeker_id, view.list_version)
            return DecisionRepository(session).add(
                view.jobseeker_id, DecisionAction.NOTE, who=user.username, note=note.strip()
            )

    def save_settings(
        self,
        user: User,
        view: PersonView,
        *,
        weights: dict[str, float],
        relaxed_rules: list[str],
    ) -> PersonSettings:
        """Change this person's weights and relaxed rules; the list is re-ranked on reload.

        Raises ConcurrentEditError when another counselor saved settings in between.
        """
        self._allow(user, Permission.ADJUST_RECOMMENDATIONS)
        checked = Weights.from_dict(weights).to_dict()
        rules = sorted({Rule.parse(r).value for r in relaxed_rules})
        expected = view.settings.version_id if view.settings else None
        with self.session_factory() as session:
            saved = SettingsRepository(session).save(
                view.jobseeker_id,
                weights=checked,
                relaxed_rules=rules,
                expected_version=expected,
                who=user.username,
            )
            decisions = DecisionRepository(session)
            if checked != {k: float(v) for k, v in view.weights.items()}:
                decisions.add(view.jobseeker_id, DecisionAction.SET_WEIGHTS, who=user.username,
                              details={"before": view.weights, "after": checked})  # fmt: skip
            if rules != sorted(view.relaxed_rules):
                decisions.add(view.jobseeker_id, DecisionAction.RELAX_RULE, who=user.username,
                              details={"before": list(view.relaxed_rules), "after": rules})  # fmt: skip
            return saved

    def refer(
        self, user: User, jobseeker_id: str, kind: str, item_id: str, *, consent_recorded: bool
    ) -> Referral:
        """Refer the person; their details are then shared with that employer or provider.

        Refused unless the person agreed to this referral (``consent_recorded``) and has
        given consent to data processing.
        """
        self._allow(user, Permission.MANAGE_REFERRALS)
        if not consent_recorded:
            raise ConsentRequiredError(jobseeker_id, "referring them (ask and tick consent)")
        with self.session_factory() as session:
            repo = ReferralRepository(session)
            for r in repo.list(jobseeker_id=jobseeker_id, opportunity_id=item_id):
                if r.status is not ReferralStatus.DROPPED_OUT:
                    raise ValidationError(RowProblem(
                        "referral", None, "opportunity_id", item_id,
                        f"an opportunity not already referred (referral {r.id}, {r.status.value})",
                    ))  # fmt: skip
            return repo.add(jobseeker_id, kind, item_id, who=user.username, consent_recorded=True)

    def record_outcome(
        self, user: User, referral_id: int, status: ReferralStatus | str, on: date | None = None
    ) -> Referral:
        """Applied, interviewed, hired, enrolled, completed or dropped out, on a date."""
        self._allow(user, Permission.MANAGE_REFERRALS)
        with self.session_factory() as session:
            return ReferralRepository(session).update_status(
                referral_id, status, who=user.username, on=on
            )

    def decisions(self, user: User, jobseeker_id: str) -> list[Decision]:
        """The person's adjustment history, oldest first."""
        self._allow(user, Permission.VIEW_RECOMMENDATIONS)
        with self.session_factory() as session:
            return DecisionRepository(session).list(jobseeker_id=jobseeker_id)


def _pins(current: AdjustedList) -> list[tuple[str, str]]:
    """The pins of the current list, to rebuild its pinned block before the new decision."""
    return [(current.kind, i.rec.item_id) for i in current.items if i.pinned]


def _as_replay(pin: tuple[str, str]) -> Decision:
    kind, item_id = pin
    return Decision(0, "", OpportunityKind(kind), item_id, DecisionAction.PIN, None, "",
                    None, None, None, None, "", None)  # fmt: skip
