"""The demo-history simulator: marked as demo, reproducible, and biased on purpose."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matcher.db import session_scope
from matcher.db.models import DecisionRow, ReferralRow
from matcher.domain import Education, Gender, Jobseeker, Segment
from matcher.monitoring import (
    fairness,
    has_demo_data,
    load_data,
    seed_demo_history,
    simulate_history,
)
from matcher.monitoring.models import DEMO_WHO, ExposureRow
from matcher.workspace.startup import init_app_db


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("sim") / "sim.sqlite"
    engine = init_app_db(f"sqlite:///{path}", demo_accounts=False, demo_history=False).engine
    with session_scope(engine) as session:
        first = seed_demo_history(session, seed=7)  # the first-run hook on a fresh sample DB
    assert first is not None and first.referrals > 0
    yield engine
    engine.dispose()


def _count(session, query) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery()))


def test_every_simulated_row_is_marked_as_demo(engine):
    with session_scope(engine) as session:
        assert has_demo_data(session)
        assert _count(session, select(ExposureRow).where(ExposureRow.demo.is_(False))) == 0
        assert _count(session, select(ReferralRow).where(ReferralRow.who != DEMO_WHO)) == 0
        assert _count(session, select(DecisionRow).where(DecisionRow.who != DEMO_WHO)) == 0


def test_the_demo_history_keeps_one_live_referral_per_person_and_opportunity(engine):
    """As the workspace does (AlreadyReferredError): another only after a drop-out."""
    from matcher.db import ReferralStatus

    with session_scope(engine) as session:
        rows = session.execute(
            select(ReferralRow.jobseeker_id, ReferralRow.opportunity_id, ReferralRow.status)
            .order_by(ReferralRow.at, ReferralRow.id)
        ).all()  # fmt: skip
    last: dict[tuple[str, str], ReferralStatus] = {}
    for person, item, status in rows:
        before = last.get((person, item))
        assert before is None or before is ReferralStatus.DROPPED_OUT, (person, item)
        last[(person, item)] = status


def test_first_run_hook_does_nothing_once_there_is_history(engine):
    with session_scope(engine) as session:
        assert seed_demo_history(session, seed=7) is None


def test_same_seed_gives_the_same_history(engine):
    with session_scope(engine) as session:
        before = load_data(session).exposures.drop(columns=["shown_at"])
        again = simulate_history(session, seed=7)
        after = load_data(session).exposures.drop(columns=["shown_at"])
    assert again.exposures == len(before)
    assert (
        before.sort_values(list(before.columns))
        .reset_index(drop=True)
        .equals(after.sort_values(list(after.columns)).reset_index(drop=True))
    )


def test_fairness_checks_find_the_bias_built_into_the_simulation(engine):
    with session_scope(engine) as session:
        data = load_data(session)
    steering = fairness.wage_steering(data, n_permutations=200)
    assert steering.flagged and steering.relative_gap < -0.05
    parity = fairness.exposure_parity(data, "gender").set_index(["context", "tier", "group"])
    assert parity.loc[("counselor_view", "high_wage_vacancies", "L"), "flagged"]
    assert parity.loc[("counselor_view", "high_wage_vacancies", "L"), "gap"] > 0.05


def test_an_unbiased_simulation_is_not_flagged_for_steering(engine):
    with session_scope(engine) as session:
        simulate_history(session, seed=7, bias=0.0)
        data = load_data(session)
        simulate_history(session, seed=7)  # put the demo history back for other tests
    steering = fairness.wage_steering(data, n_permutations=200)
    assert not steering.flagged and abs(steering.relative_gap) < 0.05
    parity = fairness.exposure_parity(data, "gender").set_index(["context", "tier", "group"])
    assert abs(parity.loc[("counselor_view", "high_wage_vacancies", "L"), "gap"]) < 0.05


def test_replacing_demo_history_keeps_real_records(engine):
    with session_scope(engine) as session:
        real = Jobseeker("JS-REAL", 24, Gender.MALE, "Tanjung Barat", Education.SMA, Segment.YOUTH)
        from matcher.db import JobseekerRepository

        JobseekerRepository(session).add(real, who="konselor", consent_given=True)
        session.add(ExposureRow(jobseeker_id="JS-REAL", opportunity_kind="vacancy", opportunity_id="JV-0001", rank=1, context="counselor_view"))  # fmt: skip
        session.flush()
        simulate_history(session, seed=7)
        assert _count(session, select(ExposureRow).where(ExposureRow.jobseeker_id == "JS-REAL")) == 1  # fmt: skip
        # A database with a real person is never filled by the first-run hook.
        assert seed_demo_history(session) is None
        session.rollback()
