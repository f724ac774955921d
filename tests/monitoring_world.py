"""A tiny history whose every indicator is known by construction (tests/test_monitoring*.py).

Six people registered in January-February 2026, three vacancies of two employers, two
programmes, five referrals and one business follow-up; ``AS_OF`` is 2026-12-31. The
expected figures are written next to the events that produce them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Engine

from matcher.db import import_records, session_scope
from matcher.db.enums import ReferralStatus
from matcher.db.models import OutcomeEventRow, ReferralRow
from matcher.domain import (
    BusinessStage,
    Education,
    Gender,
    JobPosting,
    Jobseeker,
    OpportunityKind,
    ProgramType,
    Segment,
    TargetGender,
    TargetSegment,
    TrainingProgram,
)
from matcher.monitoring.data import MonitoringData, age_band, education_band
from matcher.monitoring.models import BusinessOutcomeRow, BusinessStatus
from matcher.workspace.startup import init_app_db

AS_OF = date(2026, 12, 31)
INJECTION = '=HYPERLINK("http://evil")<b>x</b>'  # must stay text: no formula, no markup


def _person(id, gender, segment, age, edu, kel, reg, stage=None) -> Jobseeker:
    return Jobseeker(
        id=id, age=age, gender=gender, kelurahan=kel, education=edu, segment=segment,
        business_stage=stage, registered_on=reg,
    )  # fmt: skip


PEOPLE = [
    _person(
        "W1", Gender.FEMALE, Segment.YOUTH, 20, Education.SMA, "Tanjung Barat", date(2026, 1, 10)
    ),  # fmt: skip
    _person(
        "W2", Gender.FEMALE, Segment.YOUTH, 21, Education.SMA, "Tanjung Barat", date(2026, 1, 10)
    ),  # fmt: skip
    _person("M1", Gender.MALE, Segment.YOUTH, 20, Education.SMA, "Jagakarsa", date(2026, 1, 10)),
    _person("M2", Gender.MALE, Segment.YOUTH, 22, Education.SMA, "Jagakarsa", date(2026, 2, 1)),
    _person(
        "E1",
        Gender.FEMALE,
        Segment.WOMAN_ENTREPRENEUR,
        35,
        Education.SMP,
        "Tanjung Barat",
        date(2026, 1, 5),
        BusinessStage.IDEA,
    ),  # fmt: skip
    _person(
        "E2",
        Gender.FEMALE,
        Segment.WOMAN_ENTREPRENEUR,
        40,
        Education.SMP,
        "Tanjung Barat",
        date(2026, 1, 5),
        BusinessStage.STARTING,
    ),  # fmt: skip
]
VACANCIES = [
    JobPosting(id="V1", employer="Toko X", title="Kasir", wage=3_000_000),
    JobPosting(
        id="V2",
        employer=INJECTION,
        title="Checker Gudang",
        wage=6_000_000,
        schedule="shift malam 22:00-06:00",
    ),  # fmt: skip
    JobPosting(id="V3", employer="Toko X", title="Pramuniaga", wage=4_000_000),
]
PROGRAMS = [
    TrainingProgram(
        id="P1", provider="PPKD", title="Kasir Ritel", program_type=ProgramType.VOCATIONAL
    ),  # fmt: skip
    TrainingProgram(
        id="P2",
        provider="Jakpreneur",
        title="Mulai Usaha",
        program_type=ProgramType.ENTREPRENEURSHIP,
        target_gender=TargetGender.FEMALE,
        target_segment=TargetSegment.WOMAN_ENTREPRENEUR,
    ),  # fmt: skip
]
S = ReferralStatus
REFERRALS = [
    # W1: enrols on day 31 after registering, completes P1, hired 20 days later by Toko X.
    (
        "W1",
        OpportunityKind.TRAINING,
        "P1",
        [
            (S.REFERRED, date(2026, 2, 1)),
            (S.ENROLLED, date(2026, 2, 10)),
            (S.COMPLETED, date(2026, 3, 31)),
        ],
    ),  # fmt: skip
    (
        "W1",
        OpportunityKind.VACANCY,
        "V1",
        [(S.REFERRED, date(2026, 4, 5)), (S.HIRED, date(2026, 4, 20))],
    ),  # fmt: skip
    # M1: enrols on day 31, drops out.
    (
        "M1",
        OpportunityKind.TRAINING,
        "P1",
        [
            (S.REFERRED, date(2026, 2, 1)),
            (S.ENROLLED, date(2026, 2, 10)),
            (S.DROPPED_OUT, date(2026, 3, 1)),
        ],
    ),  # fmt: skip
    # M2: hired on day 28 after registering.
    (
        "M2",
        OpportunityKind.VACANCY,
        "V2",
        [(S.REFERRED, date(2026, 2, 5)), (S.HIRED, date(2026, 3, 1))],
    ),  # fmt: skip
    # E1: enrols on day 27, completes the entrepreneurship programme, starts a business.
    (
        "E1",
        OpportunityKind.ENTREPRENEURSHIP,
        "P2",
        [
            (S.REFERRED, date(2026, 1, 20)),
            (S.ENROLLED, date(2026, 2, 1)),
            (S.COMPLETED, date(2026, 4, 1)),
        ],
    ),  # fmt: skip
]
BUSINESS = [
    ("E1", date(2026, 6, 1), BusinessStatus.STARTED, "P2"),
    ("E2", date(2026, 6, 1), BusinessStatus.NO_CHANGE, None),
]


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, tzinfo=UTC)


def build_world(path) -> Engine:
    """A migrated SQLite database at ``path`` holding the history above."""
    empty = path.parent / "no_sample"
    empty.mkdir(exist_ok=True)
    engine = init_app_db(f"sqlite:///{path}", sample_dir=empty, demo_accounts=False).engine
    with session_scope(engine) as session:
        import_records(session, jobseekers=PEOPLE, programs=PROGRAMS, vacancies=VACANCIES, sample=True)  # fmt: skip
        for person, kind, item, steps in REFERRALS:
            row = ReferralRow(
                jobseeker_id=person, opportunity_kind=kind, opportunity_id=item,
                status=steps[-1][0], consent_recorded=True, who="tester",
                at=_at(steps[0][1]), updated_at=_at(steps[-1][1]),
            )  # fmt: skip
            session.add(row)
            session.flush()
            for status, day in steps:
                session.add(OutcomeEventRow(referral_id=row.id, status=status, event_date=day, who="tester", at=_at(day)))  # fmt: skip
        for person, day, status, program in BUSINESS:
            session.add(BusinessOutcomeRow(jobseeker_id=person, outcome_date=day, status=status, program_id=program, who="tester"))  # fmt: skip
    return engine


def steering_world(women_wage: int, men_wage: int, n: int = 10) -> MonitoringData:
    """``n`` women and ``n`` men of one profile; each woman was shown a vacancy paying
    ``women_wage + i``, each man one paying ``men_wage + i`` (i = 0..n-1)."""
    people, exposures, vacancies = [], [], []
    for sex, base in (("P", women_wage), ("L", men_wage)):
        for i in range(n):
            pid, vid = f"{sex}{i}", f"V{sex}{i}"
            people.append({"id": pid, "gender": sex, "segment": "pemuda", "age": 21,
                           "education_level": 3, "registered_on": date(2026, 1, 1)})  # fmt: skip
            vacancies.append({"id": vid, "wage": base + i, "employer": "E", "night_shift": False,
                              "min_age": None, "max_age": None, "min_education": 0})  # fmt: skip
            exposures.append({"jobseeker_id": pid, "kind": "vacancy", "opportunity_id": vid,
                              "context": "counselor_view", "shown_on": date(2026, 2, 1)})  # fmt: skip
    people = pd.DataFrame(people)
    people["age_band"] = people["age"].map(age_band)
    people["education_band"] = people["education_level"].map(education_band)
    empty = pd.DataFrame()
    return MonitoringData(people, pd.DataFrame(exposures), empty, empty, empty, empty, pd.DataFrame(vacancies), empty, AS_OF)  # fmt: skip
