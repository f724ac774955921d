"""Simulated counselors: a hidden preference, applied with noise to the engine's top lists.

Real decisions accumulate slowly, so the learning code is proven on counselors whose
preference we know. Each simulated counselor looks at a jobseeker's top-10 (the
engine's order), judges each item on its own merit, and

* never accepts a job with night hours for a jobseeker under 18 (rejects it: schedule);
* strongly favours short travel for women with childcare duties (a penalty per km);
* otherwise values concrete skills and schedule fit more than the hand-set weights do;

then pins the best item, accepts the good ones, rejects the poor ones with a reason and
moves a few others up or down, each with some probability and judging with noise. The
decisions come out as :class:`matcher.db.records.Decision` rows, the shape of the
``recommendation_decisions`` table, so training reads them exactly like real ones.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np

from matcher.db.enums import DecisionAction, ReasonCode
from matcher.db.records import Decision
from matcher.domain import OpportunityKind
from matcher.ranking.features import catalog_night, km_from_distance, person_context
from matcher.scoring.parts import PART_NAMES, part_index

A = DecisionAction
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class HiddenPreference:
    """What simulated counselors want; the ranker should learn it from their decisions.

    ``utility`` is a weighted sum of the parts minus ``childcare_km_penalty`` per km for
    women with childcare duties; a minor with a night-hours job is vetoed (-inf).
    """

    part_weights: tuple[tuple[str, float], ...] = (
        ("semantic", 0.10), ("skills", 0.50), ("distance", 0.10), ("schedule", 0.25),
        ("education", 0.05),
    )  # fmt: skip
    childcare_km_penalty: float = 0.08
    minor_night_veto: bool = True
    noise: float = 0.03

    def utility(self, parts: np.ndarray, ctx: np.ndarray, night: np.ndarray) -> np.ndarray:
        """(n,) utility of n aligned pairs: parts (n, parts), person context (n, 3), night (n,)."""
        by_name = dict(self.part_weights)  # a part not named here counts 0
        w = np.array([by_name.get(p, 0.0) for p in PART_NAMES], dtype=np.float64)
        u = parts @ (w / w.sum())
        km = km_from_distance(parts[:, part_index("distance")])
        u = u - self.childcare_km_penalty * ctx[:, 0] * ctx[:, 1] * km
        if self.minor_night_veto:
            u = np.where((ctx[:, 2] > 0) & (night > 0), -np.inf, u)
        return u


@dataclass(frozen=True)
class ShownList:
    jobseeker_id: str
    kind: OpportunityKind
    item_ids: tuple[str, ...]
    parts: np.ndarray  # (k, parts) in registry order
    scores: np.ndarray  # (k,) the engine's scores
    ctx: np.ndarray  # (k, 3) the person's context, repeated
    night: np.ndarray  # (k,)


def shown_lists(
    engine, kinds: Sequence[OpportunityKind] = tuple(OpportunityKind), top_k: int = 10,
    options=None,
) -> Iterator[ShownList]:  # fmt: skip
    """The engine's top ``top_k`` eligible items per indexed person and kind, plain score
    order (the app adds MMR diversity; the simulation does not need it)."""
    from matcher.engine import MatchOptions

    options = options or MatchOptions(weights=engine.weights, diversity=0.0)
    people = engine.people_
    pidx = np.arange(len(people))
    ctx_all = person_context(people.records)
    for kind in kinds:
        cat = engine.catalog(kind)
        if not len(cat):
            continue
        gap = None if kind is OpportunityKind.VACANCY else engine.skill_gap(people, pidx, options)
        block = engine.score_block(kind, people, pidx, None, options, gap)
        score = np.where(engine.excluded(block.bits, options), -np.inf, block.score)
        night = catalog_night(cat)
        for i in pidx:
            order = np.argsort(-score[i], kind="stable")[:top_k]
            order = order[np.isfinite(score[i, order])]
            if len(order) < 2:
                continue
            yield ShownList(
                people.ids[i], kind, tuple(cat.ids[j] for j in order), block.parts[i, order],
                block.score[i, order], np.repeat(ctx_all[i : i + 1], len(order), 0), night[order],
            )  # fmt: skip


@dataclass
class CounselorSimulator:
    """Turns shown lists into decisions, with a hidden preference and noise.

    Parameters
    ----------
    preference : HiddenPreference
    seed : int
    counselors : int
        How many counselor names the decisions are spread over.
    accept_quantile, reject_quantile : float
        Items whose (noisy) utility is above the first quantile of all shown items'
        utility are accepted, below the second rejected.
    act : dict
        Probability that the counselor takes each kind of action when it applies.
    """

    preference: HiddenPreference = field(default_factory=HiddenPreference)
    seed: int = 0
    counselors: int = 3
    accept_quantile: float = 0.6
    reject_quantile: float = 0.3
    act: dict = field(
        default_factory=lambda: {
            "pin": 0.7,
            "accept": 0.6,
            "reject": 0.7,
            "veto": 0.95,
            "move": 0.3,
        }  # fmt: skip
    )

    def decide(
        self, shown: ShownList, rng: np.random.Generator, who: str, accept_at: float,
        reject_at: float,
    ) -> list[dict]:  # fmt: skip
        """The decisions about one list, as keyword dicts for :class:`Decision`.

        The counselor judges each item on its own (noisy) merit: above ``accept_at`` it
        is accepted (the best one pinned), below ``reject_at`` rejected with a reason;
        items in between may be moved towards where the counselor would rank them.
        """
        k = len(shown.item_ids)
        u = self.preference.utility(shown.parts, shown.ctx, shown.night)
        vetoed = ~np.isfinite(u)
        noisy = np.where(vetoed, -np.inf, u + rng.normal(0, self.preference.noise, k))
        by_pref = [int(j) for j in np.argsort(-noisy, kind="stable") if not vetoed[j]]
        out: list[dict] = []

        def add(j: int, action: DecisionAction, reason: ReasonCode | None = None,
                after: int | None = None) -> None:  # fmt: skip
            out.append(dict(
                jobseeker_id=shown.jobseeker_id, opportunity_kind=shown.kind,
                opportunity_id=shown.item_ids[j], action=action, reason_code=reason,
                note="", rank_before=j + 1, rank_after=after,
                score_parts={p: float(shown.parts[j, c]) for c, p in enumerate(PART_NAMES)},
                details={"order_before": list(shown.item_ids),
                         "score": float(shown.scores[j]), "simulated": True},
                who=who,
            ))  # fmt: skip

        p = self.act
        for pref_rank, j in enumerate(by_pref):
            if pref_rank == 0 and noisy[j] > accept_at and rng.random() < p["pin"]:
                add(j, A.PIN, after=1)
            elif noisy[j] > accept_at:
                if rng.random() < p["accept"]:
                    add(j, A.ACCEPT, after=j + 1)
            elif noisy[j] < reject_at:
                if rng.random() < p["reject"]:
                    add(j, A.REJECT, self._reason(shown, j))
            elif rng.random() < p["move"] and pref_rank + 3 <= j:
                add(j, A.MOVE_UP, after=j)
            elif rng.random() < p["move"] and pref_rank - 3 >= j:
                add(j, A.MOVE_DOWN, after=j + 2)
        for j in np.flatnonzero(vetoed):
            if rng.random() < p["veto"]:
                add(int(j), A.REJECT, ReasonCode.SCHEDULE)
        return out

    def _reason(self, shown: ShownList, j: int) -> ReasonCode:
        parts, ctx = shown.parts[j], shown.ctx[j]
        km = float(km_from_distance(parts[part_index("distance")]))
        if ctx[0] * ctx[1] * km * self.preference.childcare_km_penalty > 0.1:
            return ReasonCode.TOO_FAR
        if parts[part_index("schedule")] < 0.5:
            return ReasonCode.SCHEDULE
        if parts[part_index("skills")] < 0.34:
            return ReasonCode.NOT_QUALIFIED
        return ReasonCode.NOT_INTERESTED

    def thresholds(self, lists: Sequence[ShownList]) -> tuple[float, float]:
        """The counselors' standards: utility quantiles over every item shown."""
        u = np.concatenate([self.preference.utility(x.parts, x.ctx, x.night) for x in lists])
        u = u[np.isfinite(u)]
        if not len(u):
            return 0.0, 0.0
        return float(np.quantile(u, self.accept_quantile)), float(
            np.quantile(u, self.reject_quantile)
        )

    def run(self, lists: Sequence[ShownList], n_decisions: int | None = None) -> list[Decision]:
        """Decisions on ``lists`` in a shuffled order, stopping after ``n_decisions``."""
        rng = np.random.default_rng(self.seed)
        accept_at, reject_at = self.thresholds(lists)
        decisions: list[Decision] = []
        for n, li in enumerate(rng.permutation(len(lists))):
            who = f"sim-konselor-{n % self.counselors + 1}"
            for kw in self.decide(lists[li], rng, who, accept_at, reject_at):
                i = len(decisions) + 1
                decisions.append(Decision(id=i, at=START + timedelta(minutes=i), **kw))
                if n_decisions is not None and len(decisions) >= n_decisions:
                    return decisions
        return decisions


def simulate_decisions(
    engine, n_decisions: int | None = None, *, preference: HiddenPreference | None = None,
    seed: int = 0, kinds: Sequence[OpportunityKind] = tuple(OpportunityKind), top_k: int = 10,
) -> list[Decision]:  # fmt: skip
    """Simulated counselor decisions on ``engine``'s top lists for its indexed people."""
    sim = CounselorSimulator(preference or HiddenPreference(), seed=seed)
    return sim.run(list(shown_lists(engine, kinds, top_k)), n_decisions)
