"""Fixtures and small records for the storage tests (SQLite and PostgreSQL).

Imported by tests/test_db.py and tests/test_db_postgres.py. ``db_engine`` is a freshly
migrated database; the PostgreSQL test module overrides it with one schema per test on
the server named by MATCHER_TEST_DATABASE_URL.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from matcher.db import get_engine, import_records, session_scope, upgrade_to_head
from matcher.domain import (
    BusinessStage,
    Education,
    Gender,
    JobPosting,
    Jobseeker,
    ProgramCategory,
    ProgramType,
    Segment,
    TargetGender,
    TargetSegment,
    TrainingProgram,
    WorkType,
)

PG_URL_ENV = "MATCHER_TEST_DATABASE_URL"


def make_jobseeker(id: str = "JS-T01", **changes) -> Jobseeker:
    """A jobseeker with every field set away from its default, so a round trip that
    drops or mangles any field is caught."""
    values = dict(
        id=id,
        age=22,
        gender=Gender.FEMALE,
        kelurahan="Tanjung Barat",
        education=Education.SMA,
        segment=Segment.WOMAN_ENTREPRENEUR,
        skills=("menjahit", "obras", "jualan online"),
        experience="2 tahun jahit baju di rumah",
        interests="fashion muslim",
        availability="pagi saja karena antar anak sekolah",
        max_travel_km=4.5,
        languages=("Bahasa Indonesia", "English"),
        disability="kursi roda",
        business_description="jahit gamis pesanan tetangga",
        business_stage=BusinessStage.STARTING,
        name="Siti Aminah",
        phone="0812-1111-2222",
        registered_on=date(2026, 3, 14),
    )
    values.update(changes)
    return Jobseeker(**values)


def make_program(id: str = "PRG-T01", **changes) -> TrainingProgram:
    values = dict(
        id=id,
        provider="PPKD Jakarta Selatan",
        title="Menjahit Busana Muslim",
        program_type=ProgramType.VOCATIONAL,
        description="Kursus menjahit dasar sampai mahir",
        skills_taught=("menjahit", "pola"),
        category=ProgramCategory.COURSE,
        min_age=17,
        max_age=45,
        target_gender=TargetGender.FEMALE,
        target_segment=TargetSegment.ANY,
        min_education=Education.SMP,
        schedule="Senin-Jumat 08:00-12:00",
        kelurahan="Jagakarsa",
        online=False,
        cost=0,
        seats=20,
        seats_filled=5,
        start_date=date(2027, 1, 11),
        duration_days=30,
    )
    values.update(changes)
    return TrainingProgram(**values)


def make_vacancy(id: str = "VAC-T01", employer: str = "Toko Roti Makmur", **changes) -> JobPosting:
    values = dict(
        id=id,
        employer=employer,
        title="Asisten Pembuat Roti",
        description="Membantu produksi roti pagi",
        required_skills=("membuat roti",),
        nice_skills=("kasir",),
        min_education=Education.SMP,
        kelurahan="Lenteng Agung",
        work_type=WorkType.SHIFT,
        schedule="Senin-Sabtu 05:00-12:00",
        wage=4_900_000,
        openings=2,
        closing_date=date(2027, 2, 1),
        min_age=18,
        max_age=35,
        title_aliases=("baker assistant", "helper dapur roti"),
    )
    values.update(changes)
    return JobPosting(**values)


def seed_catalog(engine: Engine) -> None:
    """Two people (one without consent), two programmes, three vacancies of two employers."""
    with session_scope(engine) as session:
        import_records(
            session,
            jobseekers=[make_jobseeker("JS-T01"), make_jobseeker("JS-T02", name="Budi")],
            programs=[make_program("PRG-T01"), make_program("PRG-T02", provider="LKP Lain")],
            vacancies=[
                make_vacancy("VAC-T01", "Toko Roti Makmur"),
                make_vacancy("VAC-T02", "Toko Roti Makmur"),
                make_vacancy("VAC-T03", "Bengkel Jaya"),
            ],
            who="tester",
        )
    # JS-T01 gets consent the way a counselor would record it; JS-T02 has none.
    from matcher.db import JobseekerRepository

    with session_scope(engine) as session:
        repo = JobseekerRepository(session)
        repo.set_consent("JS-T01", True, expected_version=1, who="tester")


PG_URL = os.environ.get(PG_URL_ENV)
# Marks of a module that repeats SQLite checks on PostgreSQL: integration, and skipped
# (with the command that starts a server) where no test database is set.
POSTGRES_ONLY = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not PG_URL,
        reason=f"{PG_URL_ENV} is not set; start a server with "
        f'`export {PG_URL_ENV}="$(.ci/postgres.sh)"`',
    ),
]


@pytest.fixture(name="empty_engine")
def postgres_empty_engine():
    """A new, empty schema on the test server; imported, it overrides the SQLite one."""
    with postgres_schema_engine(PG_URL) as engine:
        yield engine


@contextmanager
def postgres_schema_engine(base_url: str) -> Iterator[Engine]:
    """An engine whose every connection works in a new, empty schema, dropped afterwards.

    Isolates each test (and parallel CI jobs) on one shared database.
    """
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = get_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(admin.url).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = get_engine(url.render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def empty_engine(tmp_path) -> Iterator[Engine]:
    """A new SQLite file in a temporary folder, not yet migrated."""
    engine = get_engine(f"sqlite:///{tmp_path / 'matcher.sqlite'}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """One SQLite file migrated to head, copied for each test (migrating takes ~0.5 s)."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite"
    engine = get_engine(f"sqlite:///{path}")
    upgrade_to_head(engine)
    engine.dispose()
    return path


@pytest.fixture
def db_engine(empty_engine, request) -> Engine:
    """A database migrated to head."""
    if empty_engine.dialect.name == "sqlite":
        # Nothing has connected yet, so the file can still be put in place.
        shutil.copyfile(request.getfixturevalue("sqlite_template"), empty_engine.url.database)
    else:
        upgrade_to_head(empty_engine)
    return empty_engine


@pytest.fixture
def cheap_password_hashing(monkeypatch) -> None:
    """Argon2id with minimal cost, so sign-in tests take milliseconds, not seconds.

    The real parameters are argon2-cffi's defaults; hashes and checks are otherwise
    the same code path.
    """
    from argon2 import PasswordHasher

    from matcher.db import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "_HASHER", cheap)
    # Unknown usernames are checked against this hash, at its own (real) cost.
    monkeypatch.setattr(passwords, "_DUMMY_HASH", cheap.hash("not-a-real-password"))


@pytest.fixture
def catalog_engine(db_engine) -> Engine:
    """A migrated database holding :func:`seed_catalog`'s records."""
    seed_catalog(db_engine)
    return db_engine


def store_simulated_decisions(session, n: int = 300, seed: int = 3) -> int:
    """Store ``n`` simulated counselor decisions (``ranking.retrain.simulated_decisions``)
    about the sample people as real rows, as counselor ``konselor``; returns how many."""
    from matcher.db import DecisionRepository
    from matcher.ranking.retrain import simulated_decisions

    rows, _, _ = simulated_decisions(n, seed=seed)
    repo = DecisionRepository(session)
    for d in rows:
        repo.add(d.jobseeker_id, d.action, who="konselor", opportunity_kind=d.opportunity_kind,
                 opportunity_id=d.opportunity_id, reason_code=d.reason_code,
                 rank_before=d.rank_before, rank_after=d.rank_after,
                 score_parts=d.score_parts, details=d.details)  # fmt: skip
    return len(rows)
