"""Sign-in and permissions: who may see and change what.

Passwords are hashed with argon2id (:mod:`matcher.db.passwords`). Each :class:`Role`
has a fixed set of :class:`Permission` s in :data:`PERMISSIONS`; the service layer calls
:func:`require_permission` / :func:`require_role` before acting, and the ownership
checks before a trainer or employer touches a programme or vacancy. The app only hides
menu items; these checks are what actually protect the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matcher.db import signin_limits
from matcher.db.audit import record_change
from matcher.db.enums import Role
from matcher.db.errors import PermissionDenied
from matcher.db.mapping import user_record
from matcher.db.models import UserRow
from matcher.db.passwords import hash_password, needs_rehash, verify_password
from matcher.db.records import ProgramRecord, User, VacancyRecord
from matcher.db.types import utcnow
from matcher.domain import JobPosting, TrainingProgram

__all__ = [
    "PERMISSIONS",
    "Permission",
    "PermissionDenied",
    "Role",
    "SignInResult",
    "authenticate",
    "can",
    "check_program_owner",
    "check_vacancy_owner",
    "hash_password",
    "require_permission",
    "require_role",
    "sign_in",
    "verify_password",
]


class Permission(StrEnum):
    VIEW_JOBSEEKERS = "view_jobseekers"
    EDIT_JOBSEEKERS = "edit_jobseekers"
    VIEW_PERSONAL_DATA = "view_personal_data"  # names and phone numbers
    VIEW_RECOMMENDATIONS = "view_recommendations"
    ADJUST_RECOMMENDATIONS = "adjust_recommendations"  # accept, reject, pin, weights...
    MANAGE_REFERRALS = "manage_referrals"
    MANAGE_OWN_PROGRAMS = "manage_own_programs"
    VIEW_ENROLMENT_SUGGESTIONS = "view_enrolment_suggestions"
    MANAGE_OWN_VACANCIES = "manage_own_vacancies"
    VIEW_ANONYMISED_SHORTLIST = "view_anonymised_shortlist"
    VIEW_DASHBOARD = "view_dashboard"
    MANAGE_ALL_PROGRAMS = "manage_all_programs"
    MANAGE_ALL_VACANCIES = "manage_all_vacancies"
    MANAGE_PARTNERS = "manage_partners"
    MANAGE_USERS = "manage_users"
    RETRAIN_MODEL = "retrain_model"
    VIEW_AUDIT_LOG = "view_audit_log"
    # Export or erase one person's data (UU PDP), read personal fields in the audit trail.
    MANAGE_PERSONAL_DATA = "manage_personal_data"


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.COUNSELOR: frozenset(
        {
            Permission.VIEW_JOBSEEKERS,
            Permission.EDIT_JOBSEEKERS,
            Permission.VIEW_PERSONAL_DATA,
            Permission.VIEW_RECOMMENDATIONS,
            Permission.ADJUST_RECOMMENDATIONS,
            Permission.MANAGE_REFERRALS,
        }
    ),
    # Trainers see suggested participants without names or phone numbers.
    Role.TRAINER: frozenset(
        {Permission.MANAGE_OWN_PROGRAMS, Permission.VIEW_ENROLMENT_SUGGESTIONS}
    ),
    Role.EMPLOYER: frozenset(
        {Permission.MANAGE_OWN_VACANCIES, Permission.VIEW_ANONYMISED_SHORTLIST}
    ),
    Role.COUNSELOR_LEAD: frozenset({Permission.VIEW_DASHBOARD}),
    Role.ADMIN: frozenset(Permission),
}


def _deny_if_inactive(user: User | None) -> User:
    if user is None:
        raise PermissionDenied("not signed in; please sign in first")
    if not user.active:
        raise PermissionDenied(f"account {user.username!r} is deactivated")
    return user


def can(user: User | None, permission: Permission | str) -> bool:
    """True when ``user`` is active and their role grants ``permission``."""
    if user is None or not user.active:
        return False
    return Permission(permission) in PERMISSIONS[user.role]


def require_permission(user: User | None, permission: Permission | str) -> User:
    """Return ``user`` if allowed, else raise :class:`PermissionDenied` naming the roles
    that are."""
    user = _deny_if_inactive(user)
    permission = Permission(permission)
    if permission not in PERMISSIONS[user.role]:
        allowed = [r.value for r, perms in PERMISSIONS.items() if permission in perms]
        raise PermissionDenied(
            f"role {user.role.value!r} may not {permission.value}; allowed roles: "
            + ", ".join(allowed)
        )
    return user


def require_role(user: User | None, *roles: Role | str) -> User:
    """Return ``user`` if their role is one of ``roles``, else raise PermissionDenied."""
    user = _deny_if_inactive(user)
    wanted = {Role(r) for r in roles}
    if user.role not in wanted:
        raise PermissionDenied(
            f"role {user.role.value!r} is not allowed here; allowed roles: "
            + ", ".join(sorted(r.value for r in wanted))
        )
    return user


def _same_name(a: str | None, b: str | None) -> bool:
    # Names are typed by people: ignore case and repeated spaces, not other differences.
    def norm(s: str | None) -> str:
        return re.sub(r"\s+", " ", (s or "").strip()).casefold()

    return bool(norm(a)) and norm(a) == norm(b)


def check_vacancy_owner(user: User | None, vacancy: JobPosting | VacancyRecord) -> User:
    """Allow admins, and employers whose account is linked to the vacancy's employer."""
    user = _deny_if_inactive(user)
    employer = vacancy.employer
    if user.role is Role.ADMIN:
        return user
    if user.role is Role.EMPLOYER and _same_name(user.employer, employer):
        return user
    raise PermissionDenied(
        f"user {user.username!r} may not change vacancy {vacancy.id} of {employer!r}; "
        "only that employer's accounts and admins may"
    )


def check_program_owner(user: User | None, program: TrainingProgram | ProgramRecord) -> User:
    """Allow admins, and trainers whose account is linked to the programme's provider."""
    user = _deny_if_inactive(user)
    provider = program.program.provider if isinstance(program, ProgramRecord) else program.provider
    if user.role is Role.ADMIN:
        return user
    if user.role is Role.TRAINER and _same_name(user.provider, provider):
        return user
    raise PermissionDenied(
        f"user {user.username!r} may not change programme {program.id} of {provider!r}; "
        "only that provider's trainers and admins may"
    )


@dataclass(frozen=True)
class SignInResult:
    """The signed-in user, or why not: ``refused`` is ``"locked"`` (see
    ``locked_until``), ``"demo_password"`` (a demo account's public password outside
    demo mode) or ``"wrong"`` (unknown user, wrong password or deactivated: one answer,
    so the page does not tell which accounts exist)."""

    user: User | None
    refused: str | None = None
    locked_until: datetime | None = None
    # The password hash the sign-in was checked against: a session is started only while
    # it is still the account's (``start_session(credential=...)``), so a password reset
    # in between is not undone by a sign-in already under way.
    credential: str | None = field(default=None, repr=False, compare=False)


def sign_in(
    session: Session,
    username: str,
    password: str,
    *,
    client: str | None = None,
    demo: bool | None = None,
    now: datetime | None = None,
) -> SignInResult:
    """Check a sign-in under the rate limit of :mod:`matcher.db.signin_limits`.

    A success stamps ``last_login_at``, upgrades an outdated hash, clears the account's
    failures and is audited; a failure is recorded (it counts towards the lockout) and
    audited, and so is the failure that locks. Unknown usernames cost as much time as
    wrong passwords. Outside demo mode a demo account's public password is refused.
    """
    from matcher.db.bootstrap import demo_mode, is_public_demo_password

    now = now or utcnow()
    name = (username or "").strip()
    until = signin_limits.locked_until(session, name, client, now=now)
    if until is not None:
        return SignInResult(None, "locked", until)
    # The attempt counts as a failure before its password is checked, stored in a
    # transaction of its own: guesses sent at once each see the others, so no more than
    # the limit are ever checked (when each counted only after its check, 19 of 30
    # simultaneous guesses were checked). A success clears it again.
    attempt = signin_limits.record_failure(session, name, client, now=now)
    session.commit()
    until = signin_limits.locked_until(session, name, client, now=now, pending=1)
    if until is not None:  # others' guesses came first: this one is not checked, not counted
        session.delete(attempt)
        return SignInResult(None, "locked", until)
    row = session.scalar(select(UserRow).where(UserRow.username == name))
    ok = verify_password(row.password_hash if row is not None else None, password or "")
    public = ok and not demo_mode(demo) and is_public_demo_password(name, password)
    if public and row.active:
        session.delete(attempt)  # refused, but not a wrong password
        _audit_signin(session, name, "signin_refused_demo_password", client)
        return SignInResult(None, "demo_password")
    if not ok or not row.active:
        _audit_signin(session, name, "signin_failed", client)
        until = signin_limits.locked_until(session, name, client, now=now)
        if until is not None:
            _audit_signin(session, name, "signin_locked", client, until=until)
            return SignInResult(None, "locked", until)
        return SignInResult(None, "wrong")
    credential = row.password_hash
    if needs_rehash(credential):
        # Only over the hash that was checked: a reset meanwhile must not be undone by
        # the hash of the old password.
        new = hash_password(password)
        moved = session.execute(
            update(UserRow)
            .where(UserRow.id == row.id, UserRow.password_hash == credential)
            .values(password_hash=new)
        ).rowcount
        session.expire(row, ["password_hash"])
        if not moved:
            return SignInResult(None, "wrong")
        credential = new
    row.last_login_at = now
    signin_limits.clear_failures(session, name, now=now)
    record_change(
        session, who=row.username, entity="user", entity_id=row.id, action="login",
        before=None, after={"client": client} if client else None,
    )  # fmt: skip
    session.flush()
    return SignInResult(user_record(row), credential=credential)


def _audit_signin(
    session: Session, username: str, action: str, client: str | None, *, until=None
) -> None:
    after = {"username": username[:64]}
    if client:
        after["client"] = client[:64]
    if until is not None:
        after["locked_until"] = until.isoformat()
    # Nobody is signed in yet: the attempt is recorded under "anonymous".
    record_change(session, who="anonymous", entity="user", entity_id=username[:64] or "-",
                  action=action, before=None, after=after)  # fmt: skip


def authenticate(
    session: Session, username: str, password: str, *, client: str | None = None
) -> User | None:
    """The active user with this username and password, or None (see :func:`sign_in`,
    which also says why not)."""
    return sign_in(session, username, password, client=client).user
