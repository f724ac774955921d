"""Storage: SQLAlchemy 2 models, audited repositories, Alembic migrations.

Typical use::

    from matcher.db import init_db, session_scope, JobseekerRepository

    report = init_db()  # migrate, and seed sample data on a fresh database
    with session_scope(report.engine) as session:
        people = JobseekerRepository(session).list()

Permissions and sign-in live in :mod:`matcher.auth`.
"""

from __future__ import annotations

from matcher.db.bootstrap import InitReport, SeedStep, import_records, init_db
from matcher.db.enums import DecisionAction, ReasonCode, ReferralStatus, Role, VacancyStatus
from matcher.db.errors import ConcurrentEditError, ConsentRequiredError, PermissionDenied
from matcher.db.mapping import from_domain, to_domain
from matcher.db.migrate import current_revision, head_revision, upgrade_to_head
from matcher.db.records import (
    AuditEntry,
    Decision,
    JobseekerRecord,
    OutcomeEvent,
    PersonSettings,
    ProgramRecord,
    Referral,
    User,
    VacancyRecord,
)
from matcher.db.repository import (
    AuditRepository,
    DecisionRepository,
    JobseekerRepository,
    ProgramRepository,
    ReferralRepository,
    SettingsRepository,
    UserRepository,
    VacancyRepository,
)
from matcher.db.session import database_url, default_engine, get_engine, session_scope

__all__ = [
    "AuditEntry",
    "AuditRepository",
    "ConcurrentEditError",
    "ConsentRequiredError",
    "Decision",
    "DecisionAction",
    "DecisionRepository",
    "InitReport",
    "JobseekerRecord",
    "JobseekerRepository",
    "OutcomeEvent",
    "PermissionDenied",
    "PersonSettings",
    "ProgramRecord",
    "ProgramRepository",
    "ReasonCode",
    "Referral",
    "ReferralRepository",
    "ReferralStatus",
    "Role",
    "SettingsRepository",
    "User",
    "UserRepository",
    "VacancyRecord",
    "VacancyRepository",
    "VacancyStatus",
    "current_revision",
    "database_url",
    "default_engine",
    "from_domain",
    "get_engine",
    "head_revision",
    "import_records",
    "init_db",
    "SeedStep",
    "session_scope",
    "to_domain",
    "upgrade_to_head",
]
