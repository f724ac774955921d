"""First run: migrate the database, import the sample data and create demo accounts.

``init_db`` is what the app calls on start. Migrations always run (a no-op when up to
date). Sample data is added only when the database holds no people, programmes,
vacancies or users, so a real deployment is never touched. The demo accounts, whose
passwords are public (README), are created only in demo mode (``MATCHER_DEMO=1``); the
app then shows a demo banner on every page, and outside demo mode those public
passwords no longer sign in. A real deployment creates its first admin with
``python -m matcher create-user --username NAME --role admin``.

The database layer knows nothing of the layers above it: what they add to a start (the
monitoring's demo history, the needs area's partners) comes in as :class:`SeedStep`
values from the caller. The app and the command line start through
:func:`matcher.workspace.startup.init_app_db`, which passes those steps.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from matcher import config
from matcher.db.enums import Role
from matcher.db.migrate import upgrade_to_head
from matcher.db.repository import (
    JobseekerRepository,
    ProgramRepository,
    UserRepository,
    VacancyRepository,
)
from matcher.db.session import get_engine, session_scope
from matcher.domain import JobPosting, Jobseeker, TrainingProgram
from matcher.errors import LoadReport
from matcher.filelock import locked

SYSTEM_USER = "system"
SAMPLE_FILES = {
    "jobseekers": "jobseekers.csv",
    "programs": "programs.csv",
    "vacancies": "vacancies.csv",
}
DEMO_PROVIDER = "PPKD Jakarta Selatan"
FALLBACK_EMPLOYER = "Contoh Pemberi Kerja"  # only when there are no sample vacancies


_START_LOCK = 0x4D617463  # "Matc": the advisory lock key of a start on PostgreSQL


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    display_name: str


DEMO_ACCOUNTS = (
    DemoAccount("konselor", "konselor123", Role.COUNSELOR, "Konselor (demo)"),
    DemoAccount("pelatih", "pelatih123", Role.TRAINER, "Pelatih PPKD (demo)"),
    DemoAccount("pemberi_kerja", "kerja123", Role.EMPLOYER, "Pemberi kerja (demo)"),
    DemoAccount("admin", "admin123", Role.ADMIN, "Admin (demo)"),
    DemoAccount("koordinator", "koord123", Role.COUNSELOR_LEAD, "Koordinator konselor (demo)"),
)


@dataclass
class InitReport:
    """What ``init_db`` did; ``seeded`` is False when the database already had data."""

    engine: Engine
    revision: str
    seeded: bool = False
    imported: dict[str, int] = field(default_factory=dict)
    load_reports: list[LoadReport] = field(default_factory=list)
    users_created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    steps_run: list[str] = field(default_factory=list)  # SeedStep names, in order


@dataclass(frozen=True)
class SeedStep:
    """Work a higher layer adds to a database start, in one session that commits.

    ``every_start``: False runs it only on a fresh database, after the sample records and
    demo accounts and in their transaction; True runs it on every start, afterwards.
    """

    name: str
    run: Callable[[object], object]  # called with the open session
    every_start: bool = False


def env_flag(flag: bool | None, env: str) -> bool:
    """``flag`` when given, else the variable ``env`` (on unless 0/no/false)."""
    if flag is not None:
        return flag
    return os.environ.get(env, "1").strip().lower() not in {"0", "no", "false"}


DEMO_ENV = "MATCHER_DEMO"


def demo_mode(flag: bool | None = None) -> bool:
    """True in demo mode: ``flag`` when given, else ``MATCHER_DEMO`` (off unless 1/yes/true)."""
    if flag is not None:
        return flag
    return os.environ.get(DEMO_ENV, "").strip().lower() in {"1", "yes", "true"}


def is_public_demo_password(username: str, password: str) -> bool:
    """True when this is a demo account's password as published in the README."""
    return any(a.username == username and a.password == password for a in DEMO_ACCOUNTS)


def is_empty(session) -> bool:
    """True when no jobseeker, programme, vacancy or user is stored yet."""
    return not any(
        repo.count()
        for repo in (
            JobseekerRepository(session),
            ProgramRepository(session),
            VacancyRepository(session),
            UserRepository(session),
        )
    )


def import_records(
    session,
    *,
    jobseekers: Iterable[Jobseeker] = (),
    programs: Iterable[TrainingProgram] = (),
    vacancies: Iterable[JobPosting] = (),
    sample: bool = False,
    who: str = SYSTEM_USER,
) -> dict[str, int]:
    """Add domain records, skipping ids already stored; return how many were added.

    With ``sample=True`` jobseekers are marked as sample data with consent given, so the
    demo can refer them; real people get consent recorded by a counselor.
    """
    added = {"jobseekers": 0, "programs": 0, "vacancies": 0}
    js_repo, prog_repo, vac_repo = (
        JobseekerRepository(session),
        ProgramRepository(session),
        VacancyRepository(session),
    )
    for person in jobseekers:
        if not js_repo.exists(person.id):
            js_repo.add(person, who=who, consent_given=sample, is_sample=sample)
            added["jobseekers"] += 1
    for program in programs:
        if not prog_repo.exists(program.id):
            prog_repo.add(program, who=who)
            added["programs"] += 1
    for posting in vacancies:
        if not vac_repo.exists(posting.id):
            vac_repo.add(posting, who=who)
            added["vacancies"] += 1
    return added


def load_sample_files(sample_dir: Path) -> tuple[dict[str, list], list[LoadReport], list[str]]:
    """Read the sample CSVs with :mod:`matcher.loaders`; a missing file is a warning."""
    from matcher import loaders  # the loaders pull in pandas; only needed on first run

    load = {
        "jobseekers": loaders.load_jobseekers,
        "programs": loaders.load_programs,
        "vacancies": loaders.load_vacancies,
    }
    records: dict[str, list] = {k: [] for k in SAMPLE_FILES}
    reports, warnings = [], []
    for kind, filename in SAMPLE_FILES.items():
        path = sample_dir / filename
        if not path.exists():
            warnings.append(f"sample file {path} not found; no {kind} imported")
            continue
        report = load[kind](path)
        reports.append(report)
        records[kind] = list(report.records)
        if not report.ok:
            warnings.append(report.summary())
    return records, reports, warnings


def create_demo_accounts(session, *, who: str = SYSTEM_USER) -> tuple[list[str], list[str]]:
    """Create the five demo accounts; the employer gets the employer with most vacancies."""
    warnings = []
    counts = VacancyRepository(session).employer_counts()
    if counts:
        employer = next(iter(counts))
    else:
        employer = FALLBACK_EMPLOYER
        warnings.append(f"no vacancies stored; demo employer linked to {employer!r}")
    users = UserRepository(session)
    created = []
    for account in DEMO_ACCOUNTS:
        if users.get_by_username(account.username) is not None:
            continue
        users.add(
            account.username,
            account.password,
            account.role,
            who=who,
            enforce_policy=False,  # public anyway, and refused outside demo mode
            display_name=account.display_name,
            provider=DEMO_PROVIDER if account.role is Role.TRAINER else None,
            employer=employer if account.role is Role.EMPLOYER else None,
        )
        created.append(account.username)
    return created, warnings


def init_db(
    url: str | None = None,
    sample_dir: str | Path | None = None,
    *,
    engine: Engine | None = None,
    demo_accounts: bool | None = None,
    steps: Sequence[SeedStep] = (),
) -> InitReport:
    """Migrate to head and, on an empty database, import samples and create demo users.

    Parameters
    ----------
    url : str, optional
        Database URL; default from ``DATABASE_URL`` / ``MATCHER_DB_PATH``.
    sample_dir : path, optional
        Folder with ``jobseekers.csv``, ``programs.csv``, ``vacancies.csv``; default
        :data:`matcher.config.SAMPLE_DATA_DIR`.
    engine : Engine, optional
        Use this engine instead of creating one from ``url``.
    demo_accounts : bool, optional
        Create the demo accounts; default: in demo mode (``MATCHER_DEMO=1``) only.
    steps : sequence of SeedStep
        What the layers above add, in order (see :class:`SeedStep`); their names are
        listed in :attr:`InitReport.steps_run`.
    """
    engine = engine or get_engine(url)
    # One start at a time per database: the app and a CLI command starting together on
    # a new database both migrated (one failed: "table alembic_version already
    # exists") and both saw it empty and seeded it.
    with startup_lock(engine):
        report = InitReport(engine=engine, revision=upgrade_to_head(engine))
        with session_scope(engine) as session:
            report.seeded = is_empty(session)
        if report.seeded:
            _seed(engine, report, sample_dir, demo_accounts,
                  [s for s in steps if not s.every_start])  # fmt: skip
        for step in (s for s in steps if s.every_start):
            with session_scope(engine) as session:
                step.run(session)
            report.steps_run.append(step.name)
    return report


@contextmanager
def startup_lock(engine: Engine) -> Iterator[None]:
    """Hold the database's start-up lock: a lock file beside an SQLite file
    (``fcntl``, released if the process dies), a session-level advisory lock on
    PostgreSQL; nothing for an in-memory database."""
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if not database or database == ":memory:":
            yield
            return
        with locked(f"{database}.start.lock"):
            yield
        return
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({_START_LOCK})")
        conn.commit()
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({_START_LOCK})")
            conn.commit()


def _seed(engine, report, sample_dir, demo_accounts, steps) -> None:
    """First run: the sample records, demo accounts and the first-run steps."""
    with session_scope(engine) as session:
        records, report.load_reports, warnings = load_sample_files(
            Path(sample_dir) if sample_dir is not None else config.SAMPLE_DATA_DIR
        )
        report.warnings += warnings
        report.imported = import_records(session, sample=True, **records)
        if demo_mode(demo_accounts):
            report.users_created, warnings = create_demo_accounts(session)
            report.warnings += warnings
        for step in steps:
            step.run(session)
            report.steps_run.append(step.name)
