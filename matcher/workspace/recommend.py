"""Counselor use cases on one person's recommendations: view, adjust, re-weight, refer.

Every adjustment is a decision row (who, when, rank before and after, the order before
and after in ``details``) plus its audit entry. The list a counselor adjusts carries a
*list version* (how many decisions the person has); an adjustment made on an outdated
list is refused with :class:`~matcher.db.ConcurrentEditError`, so two counselors working
on the same person never undo each other silently. The check is the database's: each
decision is stored as version n + 1 under a unique (person, version) constraint, so
two adjustments from the same version cannot both land, even in the same instant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from matcher.auth import Permission
from matcher.db import (
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
from matcher.db.activity import lock_person
from matcher.db.enums import parse
from matcher.domain import OpportunityKind
from matcher.engine.results import Pathway, Recommendation
from matcher.errors import MatcherError, Message, RowProblem, ValidationError
from matcher.scoring.rules import NOT_RELAXABLE, check_relaxable
from matcher.scoring.weights import Weights
from matcher.text import forgetting
from matcher.workspace.base import WorkspaceBase
from matcher.workspace.ordering import AdjustedList, adjust, pinned_ids

SHOWN = 10  # items per list a counselor sees
POOL = 30  # items asked of the engine, so pinned items that slipped down stay visible
UNLISTED = 10  # eligible items left off a list that a counselor can open and read
LIST_KINDS = ("vacancy", "training", "entrepreneurship")


class AlreadyReferredError(MatcherError):
    """The person already has a live referral to this opportunity."""

    code = "already_referred"

    def __init__(self, referral: Referral):
        self.referral = referral
        super().__init__(
            f"{referral.jobseeker_id} is already referred to {referral.opportunity_id} "
            f"(referral {referral.id}, {referral.status.value})"
        )


class ReferralConsentMissingError(ConsentRequiredError):
    """The counselor has not ticked that the person agrees to this one referral (their
    consent to data processing may well be on file)."""

    code = "referral_consent"

    def __init__(self, jobseeker_id: str):
        self.jobseeker_id = jobseeker_id
        MatcherError.__init__(
            self, f"{jobseeker_id}: record that they agree to this referral first "
            "(consent_recorded); their consent to data processing is a separate record"
        )  # fmt: skip


class MoveNotPossibleError(MatcherError):
    """A move up or down that would not change the order (see ``AdjustedList.move_block``)."""

    def __init__(self, item_id: str, block: str):
        self.item_id, self.block = item_id, block
        self.code = f"move_{block}"
        super().__init__(f"{item_id} cannot move: {block}")


class NotRejectedError(MatcherError):
    """A restore of an item that is not among the list's rejected ones."""

    code = "not_rejected"

    def __init__(self, item_id: str):
        self.item_id = item_id
        super().__init__(f"{item_id} is not rejected in this list: nothing to restore")


class ReferralMismatchError(MatcherError):
    """An outcome sent for a referral that belongs to someone else."""

    code = "referral_mismatch"

    def __init__(self, referral_id: int, jobseeker_id: str):
        self.referral_id, self.jobseeker_id = referral_id, jobseeker_id
        super().__init__(f"referral {referral_id} is not {jobseeker_id}'s")


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
    # Per list, when it shows every item above the relevance floor: how many eligible
    # items were left below it ("no more good matches", not a padded list).
    below_floor: dict[str, int] = field(default_factory=dict)
    # Per such list, the best of those items (at most UNLISTED), with their explanations:
    # for a counselor to read why; pinning one puts it on the list, and it can be referred.
    unlisted: dict[str, list[Recommendation]] = field(default_factory=dict)
    # Per list, the items on it only because a counselor pinned them from those left off:
    # unpinning one sends it back there.
    on_by_pin: dict[str, frozenset[str]] = field(default_factory=dict)
    # Per list, the engine's ranking the list was laid over (rejected items included):
    # putting a rejected item back replays it at its engine place.
    pools: dict[str, list[Recommendation]] = field(default_factory=dict)

    @property
    def jobseeker_id(self) -> str:
        return self.record.id


class RecommendMixin(WorkspaceBase):
    def person_view(self, user: User, jobseeker_id: str) -> PersonView:
        """The person's adjusted recommendation lists, settings, referrals and notes."""
        self._allow(user, Permission.VIEW_RECOMMENDATIONS)
        # The stored profile is read here and normalised by the engine later: if the
        # person is erased in between, nothing of theirs is cached (matcher.text.forgetting).
        with forgetting.reading():
            return self._person_view(jobseeker_id)

    def _person_view(self, jobseeker_id: str) -> PersonView:
        with self.session_factory() as session:
            # The version first: a decision stored between the two reads is then shown
            # under an older version, and the next adjustment is refused as a conflict
            # (read after, it would carry the new version without that decision).
            list_version = DecisionRepository(session).list_version(jobseeker_id)
            record = JobseekerRepository(session).get(jobseeker_id)
            settings = SettingsRepository(session).get(jobseeker_id)
            decisions = DecisionRepository(session).list(jobseeker_id=jobseeker_id)
            referrals = ReferralRepository(session).list(jobseeker_id=jobseeker_id)
            vacancies = VacancyRepository(session).list()
            programs = ProgramRepository(session).list()
        titles = {v.id: v.posting.title for v in vacancies}
        titles |= {p.id: p.program.title for p in programs}
        subtitles = {v.id: v.employer for v in vacancies}
        subtitles |= {p.id: p.program.provider for p in programs}
        service = self.matcher()
        weights = {**service.engine.weights.to_dict(), **(settings.weights if settings else {})}
        # A protected rule stored before it became protected is ignored, never applied.
        relaxed = tuple(
            r for r in (settings.relaxed_rules if settings else ()) if r not in NOT_RELAXABLE
        )
        if record.consent_given:
            # The stored profile, not the engine's copy: edits show without a rebuild.
            result = service.recommend_for_jobseeker(
                record.jobseeker, weights=weights, relaxed_rules=relaxed, top_k=POOL
            )
            pools = {
                "vacancy": result.vacancies,
                "training": result.trainings,
                "entrepreneurship": result.entrepreneurship,
            }
            pathways, excluded = result.pathways, result.excluded
            below_floor = dict(result.below_floor)
        else:
            # Without consent the person's data is not processed: no recommendations.
            pools, pathways, excluded = {k: [] for k in LIST_KINDS}, [], []
            below_floor = {}

        def every_eligible(top_k: int) -> dict[str, list[Recommendation]]:
            """The eligible items with no relevance floor, best first."""
            every = service.recommend_for_jobseeker(
                record.jobseeker, weights=weights, relaxed_rules=relaxed, top_k=top_k,
                relevance_floor=0.0,
            )  # fmt: skip
            return {"vacancy": every.vacancies, "training": every.trainings,
                    "entrepreneurship": every.entrepreneurship}  # fmt: skip

        # An item a counselor pinned from the ones the list left off stays on the list:
        # it joins the pool (pinned items are always shown) with its own explanation.
        pinned_off = {
            k: ids for k in LIST_KINDS
            if (ids := pinned_ids(decisions, k) - {r.item_id for r in pools[k]})
        }  # fmt: skip
        found: dict[str, list[Recommendation]] | None = None
        added = dict.fromkeys(LIST_KINDS, 0)
        on_by_pin: dict[str, frozenset[str]] = {}
        if pinned_off and record.consent_given:
            found = every_eligible(POOL + UNLISTED)
            if any(ids - {r.item_id for r in found[k]} for k, ids in pinned_off.items()):
                # A pin further down: rank every eligible item (rare; about 40 ms more).
                found = every_eligible(sum(len(c.ids) for c in service.engine.catalogs_.values()))
            for k, ids in pinned_off.items():
                extra = [r for r in found[k] if r.item_id in ids]
                pools[k] = [*pools[k], *extra]
                added[k] = len(extra)
                on_by_pin[k] = frozenset(r.item_id for r in extra)
                if k in below_floor:
                    below_floor[k] -= len(extra)
        # Such pins come on top of the list's own items: none of those is pushed off.
        lists = {
            k: adjust(k, pools[k], decisions, shown=SHOWN + added[k], titles=titles,
                      subtitles=subtitles)
            for k in LIST_KINDS
        }  # fmt: skip
        for k, adjusted in lists.items():
            listed = set(adjusted.ids()) | {r.item_id for r in adjusted.rejected}
            unshown = any(r.item_id not in listed for r in pools[k])
            if len(pools[k]) >= POOL or unshown or below_floor.get(k, 0) <= 0:
                below_floor.pop(k, None)  # more good matches than shown: say nothing
        unlisted = {}
        if below_floor:  # the eligible items the floor and own-trade evidence left off
            every_list = found or every_eligible(POOL + UNLISTED)
            for k in below_floor:
                # Not those on the list, nor those rejected (the list's Ditolak section).
                skip = {r.item_id for r in pools[k]} | {r.item_id for r in lists[k].rejected}
                unlisted[k] = [r for r in every_list[k] if r.item_id not in skip][:UNLISTED]
        notes = [d for d in decisions if d.action is DecisionAction.NOTE and not d.opportunity_id]
        return PersonView(
            record=record,
            settings=settings,
            weights=weights,
            relaxed_rules=relaxed,
            lists=lists,
            pathways=pathways,
            excluded=excluded,
            referrals=referrals,
            notes=notes,
            list_version=list_version,
            below_floor=below_floor,
            unlisted=unlisted,
            on_by_pin=on_by_pin,
            pools=pools,
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
        """Accept, reject (with a reason), restore a rejected item (taking the rejection
        back without accepting), pin, unpin, move up or down, or annotate an item.

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
        if action in (DecisionAction.MOVE_UP, DecisionAction.MOVE_DOWN):
            step = -1 if action is DecisionAction.MOVE_UP else 1
            if block := current.move_block(item_id, step):
                raise MoveNotPossibleError(item_id, block)
        if action is DecisionAction.RESTORE and all(r.item_id != item_id for r in current.rejected):
            raise NotRejectedError(item_id)
        item = current.find(item_id)
        rec = item.rec if item else None
        before = current.ids()
        # Replay the new decision over the same engine output: the order after, without
        # asking the engine again.
        pool = [i.rec for i in current.items]
        if action is DecisionAction.UNPIN and item_id in view.on_by_pin.get(kind.value, ()):
            pool = [r for r in pool if r.item_id != item_id]  # back below the floor
        if rec is None and action in (DecisionAction.ACCEPT, DecisionAction.RESTORE):
            rec = _put_back(pool, current, view.pools.get(kind.value, ()), item_id)
        if rec is None and action is DecisionAction.PIN:  # pinning one the list left off
            rec = next((r for r in view.unlisted.get(kind.value, ()) if r.item_id == item_id),
                       None)  # fmt: skip
            pool += [rec] if rec else []
        probe = Decision(
            id=0, jobseeker_id=view.jobseeker_id, opportunity_kind=kind, opportunity_id=item_id,
            action=action, reason_code=reason, note=note, rank_before=None, rank_after=None,
            score_parts=None, details=None, who=user.username, at=None,
        )  # fmt: skip
        after_list = adjust(kind.value, pool, [_as_replay(d) for d in _pins(current)] + [probe],
                            shown=len(pool))  # fmt: skip
        after = after_list.ids()
        new_item = after_list.find(item_id)
        with self.session_factory() as session:
            return DecisionRepository(session).add(
                view.jobseeker_id,
                action,
                expected_list_version=view.list_version,
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
            return DecisionRepository(session).add(
                view.jobseeker_id, DecisionAction.NOTE, who=user.username, note=note.strip(),
                expected_list_version=view.list_version,
            )  # fmt: skip

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
        rules = sorted(r.value for r in check_relaxable(relaxed_rules))  # refuses protected ones
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
            raise ReferralConsentMissingError(jobseeker_id)
        with self.session_factory() as session:
            repo = ReferralRepository(session)
            lock_person(session, jobseeker_id)  # two counselors at once: one referral
            for r in repo.list(jobseeker_id=jobseeker_id, opportunity_id=item_id):
                if r.status is not ReferralStatus.DROPPED_OUT:
                    raise AlreadyReferredError(r)
            return repo.add(jobseeker_id, kind, item_id, who=user.username, consent_recorded=True)

    def record_outcome(
        self,
        user: User,
        referral_id: int,
        status: ReferralStatus | str,
        on: date | None = None,
        *,
        jobseeker_id: str | None = None,
    ) -> Referral:
        """Applied, interviewed, hired, enrolled, completed or dropped out, on a date.

        With ``jobseeker_id`` (the person whose page the counselor is on) an outcome
        for another person's referral is refused with :class:`ReferralMismatchError`.
        """
        self._allow(user, Permission.MANAGE_REFERRALS)
        # An outcome has happened: a date after today would put it in a month the
        # monitoring has not reached. A day's grace for the hub's clock ahead of the server's.
        latest = date.today() + timedelta(days=1)
        if on is not None and on > latest:
            raise ValidationError(RowProblem(
                "outcome", None, "event_date", on.isoformat(),
                Message("today or an earlier day (an outcome that has happened)", "date_not_future"),
            ))  # fmt: skip
        with self.session_factory() as session:
            repo = ReferralRepository(session)
            if jobseeker_id is not None and repo.get(referral_id).jobseeker_id != jobseeker_id:
                raise ReferralMismatchError(referral_id, jobseeker_id)
            return repo.update_status(referral_id, status, who=user.username, on=on)

    def decisions(self, user: User, jobseeker_id: str) -> list[Decision]:
        """The person's adjustment history, oldest first."""
        self._allow(user, Permission.VIEW_RECOMMENDATIONS)
        with self.session_factory() as session:
            return DecisionRepository(session).list(jobseeker_id=jobseeker_id)


def _put_back(
    pool: list[Recommendation], current: AdjustedList, ranked, item_id: str
) -> Recommendation | None:
    """Insert a rejected item into ``pool`` (the list as shown) where the replay puts it
    back: before the first unpinned item the engine ranked below it. None (and nothing
    inserted) when the engine's pool lacks it: it is below the floor now."""
    place = {r.item_id: n for n, r in enumerate(ranked)}
    if item_id not in place:
        return None
    rec = ranked[place[item_id]]
    pinned = sum(1 for i in current.items if i.pinned)
    at = next((n for n, i in enumerate(current.items)
               if not i.pinned and place.get(i.rec.item_id, len(place)) > place[item_id]),
              len(pool))  # fmt: skip
    pool.insert(max(at, pinned), rec)
    return rec


def _pins(current: AdjustedList) -> list[tuple[str, str]]:
    """The pins of the current list, to rebuild its pinned block before the new decision."""
    return [(current.kind, i.rec.item_id) for i in current.items if i.pinned]


def _as_replay(pin: tuple[str, str]) -> Decision:
    kind, item_id = pin
    return Decision(
        id=0, jobseeker_id="", opportunity_kind=OpportunityKind(kind), opportunity_id=item_id,
        action=DecisionAction.PIN, reason_code=None, note="", rank_before=None,
        rank_after=None, score_parts=None, details=None, who="", at=None,
    )  # fmt: skip
