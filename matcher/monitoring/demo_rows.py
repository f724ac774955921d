"""Writing and deleting simulated (demo) rows; the simulator's storage side.

Exposures, decisions and outcome events are collected and written with one executemany
each; referrals are added one by one because their events need the new id. Every row
carries the demo marker (``demo=True`` or ``who == DEMO_WHO``), and nothing dated after
``as_of`` is written.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import delete, func, insert, select

from matcher.db.enums import ReferralStatus
from matcher.db.models import DecisionRow, OutcomeEventRow, ReferralRow
from matcher.monitoring.models import DEMO_WHO, BusinessOutcomeRow, ExposureRow

__all__ = ["DemoWriter", "clear_demo_history"]


def _stamp(day: date, hour: int = 3) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)  # 03:00 UTC is 10:00 in Jakarta


class DemoWriter:
    """Collects rows; cuts every event at ``as_of`` so no future is written."""

    def __init__(self, session, as_of: date):
        self.session, self.as_of = session, as_of
        self.counts = dict.fromkeys(("exposures", "decisions", "referrals", "events", "biz"), 0)
        # (person, opportunity) -> the last referral's status: the workspace allows one live
        # referral per person and opportunity (another only after a drop-out), and so does
        # the demo history.
        self.live: dict[tuple[str, str], ReferralStatus] = {}
        # Rows without dependants are written in one executemany each (see flush).
        self.rows: dict[type, list[dict]] = {ExposureRow: [], DecisionRow: [], OutcomeEventRow: []}
        # Each decision is the next version of its person's list (unique per person).
        self.list_versions: dict[str, int] = dict(
            session.execute(
                select(DecisionRow.jobseeker_id, func.max(DecisionRow.list_version)).group_by(
                    DecisionRow.jobseeker_id
                )
            ).all()
        )

    def flush(self) -> None:
        for table, rows in self.rows.items():
            if rows:
                self.session.execute(insert(table), rows)
            rows.clear()

    def exposure(self, person, kind, item_id, rank, score, day, context) -> None:
        if day <= self.as_of:
            self.rows[ExposureRow].append(
                dict(
                    jobseeker_id=person.id,
                    opportunity_kind=kind,
                    opportunity_id=item_id,
                    rank=int(rank),
                    score=round(float(score), 4),
                    shown_at=_stamp(day),
                    context=context,
                    shown_by=DEMO_WHO,
                    demo=True,
                )
            )
            self.counts["exposures"] += 1

    def decision(self, person, kind, item_id, action, reason, rank, day, note="") -> None:
        version = self.list_versions.get(person.id, 0) + 1
        self.list_versions[person.id] = version
        self.rows[DecisionRow].append(
            dict(
                jobseeker_id=person.id,
                list_version=version,
                opportunity_kind=kind,
                opportunity_id=item_id,
                action=action,
                reason_code=reason,
                note=note,
                rank_before=int(rank),
                who=DEMO_WHO,
                at=_stamp(day, 4),
            )
        )
        self.counts["decisions"] += 1

    def referral(self, person, kind, item_id, steps: list[tuple[ReferralStatus, date]]) -> None:
        steps = [(s, d) for s, d in steps if d <= self.as_of]
        if not steps:
            return
        last = self.live.get((person.id, item_id))
        if last is not None and last is not ReferralStatus.DROPPED_OUT:
            return
        self.live[(person.id, item_id)] = steps[-1][0]
        row = ReferralRow(
            jobseeker_id=person.id,
            opportunity_kind=kind,
            opportunity_id=item_id,
            status=steps[-1][0],
            consent_recorded=True,
            who=DEMO_WHO,
            at=_stamp(steps[0][1]),
            updated_at=_stamp(steps[-1][1]),
        )
        self.session.add(row)
        self.session.flush()
        for status, day in steps:
            self.rows[OutcomeEventRow].append(
                dict(
                    referral_id=row.id, status=status, event_date=day, who=DEMO_WHO, at=_stamp(day)
                )
            )
        self.counts["referrals"] += 1
        self.counts["events"] += len(steps)

    def business(self, person, day, status, band, program_id) -> None:
        if day <= self.as_of:
            self.session.add(
                BusinessOutcomeRow(
                    jobseeker_id=person.id,
                    outcome_date=day,
                    status=status,
                    revenue_band=band,
                    program_id=program_id,
                    who=DEMO_WHO,
                    at=_stamp(day),
                    demo=True,
                )
            )
            self.counts["biz"] += 1


def clear_demo_history(session) -> None:
    """Delete every simulated row (and nothing else)."""
    demo_refs = select(ReferralRow.id).where(ReferralRow.who == DEMO_WHO)
    session.execute(delete(OutcomeEventRow).where(OutcomeEventRow.referral_id.in_(demo_refs)))
    session.execute(delete(ReferralRow).where(ReferralRow.who == DEMO_WHO))
    session.execute(delete(DecisionRow).where(DecisionRow.who == DEMO_WHO))
    session.execute(delete(ExposureRow).where(ExposureRow.demo.is_(True)))
    session.execute(delete(BusinessOutcomeRow).where(BusinessOutcomeRow.demo.is_(True)))
