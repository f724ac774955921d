"""A seeded year of *demo* history for the sample people, so the dashboard is not empty.

Everything written here is marked: exposures and business outcomes have ``demo=True``;
referrals, outcome events and counselor decisions have ``who == DEMO_WHO``. Only sample
jobseekers (``is_sample``) are ever simulated, and :func:`seed_demo_history` does nothing
on a database that already has real history.

The simulated recommender scores by skill-word overlap plus noise, with one deliberate,
mild bias so the fairness checks have something real to find: vacancies that are night
shift, warehouse work or in the top wage quartile get ``bias`` added to men's scores and
taken from women's. Counselors reject night shifts for women more often ("schedule").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sqlalchemy import exists, select

from matcher.db.audit import record_change
from matcher.db.enums import DecisionAction, ReasonCode, ReferralStatus
from matcher.db.models import (
    JobseekerRow,
    ProgramRow,
    ReferralRow,
    VacancyRow,
)
from matcher.domain import Gender, OpportunityKind, ProgramType, Segment
from matcher.monitoring.data import is_night_shift
from matcher.monitoring.demo_rows import DemoWriter, clear_demo_history
from matcher.monitoring.models import (
    DEMO_WHO,
    BusinessStatus,
    ExposureContext,
    ExposureRow,
    RevenueBand,
)

__all__ = ["SimulationSummary", "clear_demo_history", "seed_demo_history", "simulate_history"]

WAREHOUSE_WORDS = ("gudang", "checker", "picker", "packer", "warehouse")
REASON_NOTES = {
    ReasonCode.SCHEDULE: ("shift malam, harus jaga anak", "jam kerja bentrok dengan sekolah"),
    ReasonCode.TOO_FAR: ("terlalu jauh, ongkos ojek mahal", "lokasi di luar jangkauan"),
    ReasonCode.NOT_INTERESTED: ("tidak minat bidang ini", "mau fokus usaha sendiri"),
    ReasonCode.NOT_QUALIFIED: ("belum punya pengalaman", "perlu sertifikat dulu"),
    ReasonCode.OTHER: ("keluarga belum izinkan", "lainnya"),
}


@dataclass(frozen=True)
class SimulationSummary:
    seed: int
    as_of: date
    people: int
    exposures: int
    decisions: int
    referrals: int
    outcome_events: int
    business_outcomes: int


def _tokens(*texts: object) -> set[str]:
    words: set[str] = set()
    for text in texts:
        items = text if isinstance(text, list | tuple) else [text or ""]
        for item in items:
            words |= {w for w in re.split(r"[^a-z]+", str(item).lower()) if len(w) > 2}
    return words


def _overlap(a: list[set[str]], b: list[set[str]]) -> np.ndarray:
    out = np.zeros((len(a), len(b)))
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if x and y:
                out[i, j] = len(x & y) / np.sqrt(len(x) * len(y))
    return out


def _eligible(people: list[JobseekerRow], items: list, *, program: bool = False) -> np.ndarray:
    age = np.array([p.age for p in people])[:, None]
    edu = np.array([p.education for p in people])[:, None]
    lo = np.array([i.min_age or 0 for i in items])[None, :]
    hi = np.array([i.max_age or 200 for i in items])[None, :]
    ok = (age >= lo) & (age <= hi) & (edu >= np.array([i.min_education for i in items])[None, :])
    if program:
        g = np.array([p.gender.value for p in people])[:, None]
        s = np.array([p.segment.value for p in people])[:, None]
        tg = np.array([i.target_gender.value for i in items])[None, :]
        ts = np.array([i.target_segment.value for i in items])[None, :]
        ok &= ((tg == "semua") | (tg == g)) & ((ts == "semua") | (ts == s))
    return ok


def _note(rng, reason: ReasonCode) -> str:
    return str(rng.choice(REASON_NOTES[reason]))


def _days(rng, low: int, high: int) -> timedelta:
    return timedelta(days=int(rng.integers(low, high + 1)))


def _vacancy_path(rng, start: date, p_hire: float) -> tuple[list, date | None]:
    steps = [(ReferralStatus.REFERRED, start)]
    day = start
    for status, p, lo, hi in (
        (ReferralStatus.APPLIED, 0.8, 2, 10),
        (ReferralStatus.INTERVIEWED, 0.65, 4, 15),
        (ReferralStatus.HIRED, p_hire, 3, 14),
    ):
        if rng.random() >= p:
            return steps, None
        day = day + _days(rng, lo, hi)
        steps.append((status, day))
    return steps, day


def simulate_history(
    session, *, seed: int = 7, as_of: date | None = None, bias: float = 0.1, replace: bool = True
) -> SimulationSummary:
    """Write a year of simulated exposures, decisions, referrals and outcomes.

    Parameters
    ----------
    session : Session
        Open session on a migrated database holding the sample data; caller commits.
    seed : int
        Same seed and same sample data give the same history.
    as_of : date, optional
        Last simulated day; default a week after the latest registration.
    bias : float
        Score added for men (and taken from women) on night-shift, warehouse and
        top-quartile-wage vacancies; 0 gives an unbiased history.
    replace : bool
        Delete earlier simulated history first (real records are never touched).
    """
    rng = np.random.default_rng(seed)
    people = list(
        session.scalars(
            select(JobseekerRow).where(JobseekerRow.is_sample.is_(True)).order_by(JobseekerRow.id)
        )
    )
    if not people:
        raise ValueError("no sample jobseekers to simulate; import the sample data first")
    if replace:
        clear_demo_history(session)
    vacs = list(session.scalars(select(VacancyRow).order_by(VacancyRow.id)))
    progs = list(session.scalars(select(ProgramRow).order_by(ProgramRow.id)))
    registered = [p.registered_on for p in people if p.registered_on]
    as_of = as_of or (max(registered) + timedelta(days=7) if registered else date.today())
    start = as_of - timedelta(days=365)
    reg = [p.registered_on or start + _days(rng, 0, 330) for p in people]

    p_tok = [_tokens(p.skills, p.interests, p.experience, p.business_description) for p in people]
    v_sim = _overlap(p_tok, [_tokens(v.title, v.required_skills, v.nice_skills) for v in vacs])
    g_sim = _overlap(p_tok, [_tokens(g.title, g.skills_taught, g.description) for g in progs])
    v_ok, g_ok = _eligible(people, vacs), _eligible(people, progs, program=True)
    wages = np.array([v.wage or 0 for v in vacs], dtype=float)
    night = np.array([is_night_shift(v.schedule) for v in vacs])
    warehouse = np.array([any(w in (v.title + v.description).lower() for w in WAREHOUSE_WORDS) for v in vacs])  # fmt: skip
    male_typed = night | warehouse | (wages >= np.quantile(wages[wages > 0], 0.75))
    sign = np.array([1.0 if p.gender is Gender.MALE else -1.0 for p in people])
    v_sim = v_sim + bias * sign[:, None] * male_typed[None, :]
    is_we = np.array([p.segment is Segment.WOMAN_ENTREPRENEUR for p in people])
    biz_prog = np.array([g.program_type is ProgramType.ENTREPRENEURSHIP for g in progs])
    g_sim = g_sim + 0.4 * (is_we[:, None] == biz_prog[None, :])
    kind_of = [
        OpportunityKind.ENTREPRENEURSHIP if b else OpportunityKind.TRAINING for b in biz_prog
    ]
    out = DemoWriter(session, as_of)

    for i, person in enumerate(people):
        day, placed_until, busy_until, completed = reg[i], None, reg[i], []
        for _visit in range(6):
            if day > as_of or placed_until:
                break
            v_score = np.where(v_ok[i], v_sim[i] + rng.normal(0, 0.12, len(vacs)), -np.inf)
            g_score = np.where(g_ok[i], g_sim[i] + rng.normal(0, 0.12, len(progs)), -np.inf)
            shown_v = [j for j in np.argsort(-v_score)[:5] if np.isfinite(v_score[j])]
            shown_g = [j for j in np.argsort(-g_score)[:3] if np.isfinite(g_score[j])]
            kept_v, kept_g = [], []
            for rank, j in enumerate(shown_v, 1):
                out.exposure(person, OpportunityKind.VACANCY, vacs[j].id, rank, v_score[j], day, ExposureContext.COUNSELOR_VIEW)  # fmt: skip
                woman_night = person.gender is Gender.FEMALE and night[j]
                if rng.random() < (0.55 if woman_night else 0.12):
                    reason = (
                        ReasonCode.SCHEDULE
                        if woman_night
                        else ReasonCode(
                            rng.choice([r.value for r in ReasonCode], p=[0.3, 0.2, 0.25, 0.15, 0.1])
                        )  # fmt: skip
                    )
                    action = (
                        DecisionAction.REJECT if rng.random() < 0.8 else DecisionAction.MOVE_DOWN
                    )
                    out.decision(person, OpportunityKind.VACANCY, vacs[j].id, action, reason, rank, day, _note(rng, reason))  # fmt: skip
                else:
                    kept_v.append(j)
                    if rng.random() < 0.3:
                        out.decision(person, OpportunityKind.VACANCY, vacs[j].id, DecisionAction.ACCEPT, None, rank, day)  # fmt: skip
            for rank, j in enumerate(shown_g, 1):
                out.exposure(person, kind_of[j], progs[j].id, rank, g_score[j], day, ExposureContext.COUNSELOR_VIEW)  # fmt: skip
                if rng.random() < 0.1:
                    reason = (
                        ReasonCode.NOT_INTERESTED if rng.random() < 0.6 else ReasonCode.SCHEDULE
                    )
                    out.decision(person, kind_of[j], progs[j].id, DecisionAction.REJECT, reason, rank, day, _note(rng, reason))  # fmt: skip
                else:
                    kept_g.append(j)
            if kept_v and rng.random() < 0.4:
                j = kept_v[0]
                steps, hired = _vacancy_path(rng, day + _days(rng, 0, 3), 0.4)
                out.referral(person, OpportunityKind.VACANCY, vacs[j].id, steps)
                placed_until = hired
            if kept_g and day >= busy_until and rng.random() < (0.55 if is_we[i] else 0.35):
                j = kept_g[0]
                ref_day = day + _days(rng, 0, 3)
                steps = [(ReferralStatus.REFERRED, ref_day)]
                if rng.random() < 0.75:
                    enrolled = ref_day + _days(rng, 5, 25)
                    steps.append((ReferralStatus.ENROLLED, enrolled))
                    length = progs[j].duration_days or int(rng.integers(20, 60))
                    if rng.random() < 0.7:
                        done = enrolled + timedelta(days=length)
                        steps.append((ReferralStatus.COMPLETED, done))
                        completed.append((j, done))
                    else:
                        steps.append(
                            (ReferralStatus.DROPPED_OUT, enrolled + _days(rng, 1, max(length, 2)))
                        )
                    busy_until = steps[-1][1]
                out.referral(person, kind_of[j], progs[j].id, steps)
            day = max(day + _days(rng, 28, 50), busy_until)

        for j, done in completed:
            if is_we[i] and biz_prog[j]:
                stage = person.business_stage.value if person.business_stage else "ide"
                roll = rng.random()
                if stage == "ide":
                    status = BusinessStatus.STARTED if roll < 0.55 else BusinessStatus.NO_CHANGE
                else:
                    status = BusinessStatus.GREW if roll < 0.5 else BusinessStatus.NO_CHANGE
                if rng.random() < 0.05:
                    status = BusinessStatus.CLOSED
                band = {
                    BusinessStatus.STARTED: RevenueBand.UNDER_1M,
                    BusinessStatus.GREW: RevenueBand.FROM_1M_TO_5M,
                    BusinessStatus.NO_CHANGE: RevenueBand.UNDER_1M,
                    BusinessStatus.CLOSED: RevenueBand.NONE,
                }[status]
                out.business(person, done + _days(rng, 45, 150), status, band, progs[j].id)
            elif not placed_until and rng.random() < 0.5:
                # Placement after training: a referral to a vacancy that fits what was learned.
                ref_day = done + _days(rng, 7, 60)
                cand = [k for k in np.argsort(-v_sim[i])[:10] if v_ok[i, k]]
                if cand:
                    steps, placed_until = _vacancy_path(rng, ref_day, 0.6)
                    out.referral(person, OpportunityKind.VACANCY, vacs[cand[0]].id, steps)
        if is_we[i] and not any(biz_prog[j] for j, _ in completed) and rng.random() < 0.5:
            roll = rng.random()
            status = BusinessStatus.GREW if roll < 0.15 else (BusinessStatus.STARTED if roll < 0.3 else BusinessStatus.NO_CHANGE)  # fmt: skip
            out.business(person, reg[i] + _days(rng, 120, 240), status, RevenueBand.UNDER_1M, None)

    # Shortlists and suggestions: the same scores, seen from the opportunity's side.
    for j, vac in enumerate(vacs):
        for _ in range(int(rng.integers(1, 3))):
            day = start + _days(rng, 30, 360)
            pool = [i for i in range(len(people)) if v_ok[i, j] and reg[i] <= day]
            scores = v_sim[pool, j] + rng.normal(0, 0.12, len(pool))
            for rank, k in enumerate(np.argsort(-scores)[:8], 1):
                out.exposure(people[pool[k]], OpportunityKind.VACANCY, vac.id, rank, scores[k], day, ExposureContext.EMPLOYER_SHORTLIST)  # fmt: skip
    for j, prog in enumerate(progs):
        day = start + _days(rng, 30, 360)
        pool = [i for i in range(len(people)) if g_ok[i, j] and reg[i] <= day]
        scores = g_sim[pool, j] + rng.normal(0, 0.12, len(pool))
        for rank, k in enumerate(np.argsort(-scores)[:8], 1):
            out.exposure(people[pool[k]], kind_of[j], prog.id, rank, scores[k], day, ExposureContext.TRAINER_SUGGESTIONS)  # fmt: skip

    out.flush()
    c = out.counts
    summary = SimulationSummary(seed, as_of, len(people), c["exposures"], c["decisions"], c["referrals"], c["events"], c["biz"])  # fmt: skip
    record_change(session, who=DEMO_WHO, entity="monitoring", entity_id="simulate_history", action="simulate", before=None, after={k: str(v) for k, v in vars(summary).items()})  # fmt: skip
    session.flush()
    return summary


def seed_demo_history(session, *, seed: int = 7) -> SimulationSummary | None:
    """First-run hook: simulate only when there is no history and only sample people.

    Returns None (and writes nothing) when any referral or exposure exists or any
    jobseeker is a real person, so a deployment in use is never filled with demo data.
    """
    has_history = session.scalar(select(exists().where(ReferralRow.id.is_not(None)))) or (
        session.scalar(select(exists().where(ExposureRow.id.is_not(None))))
    )
    real_people = session.scalar(select(exists().where(JobseekerRow.is_sample.is_(False))))
    has_sample = session.scalar(select(exists().where(JobseekerRow.is_sample.is_(True))))
    if has_history or real_people or not has_sample:
        return None
    return simulate_history(session, seed=seed, replace=False)
