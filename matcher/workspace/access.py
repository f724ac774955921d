"""What the page services share: a session factory and "one of these permissions" checks.

The monitoring, needs, outreach, partner, intake and ranker services each take the
signed-in :class:`~matcher.db.User` first and refuse with
:class:`~matcher.db.PermissionDenied` before touching data. Which roles get in is
decided by the permissions of :mod:`matcher.auth` (:data:`PAGE_PERMISSIONS` says which),
never by the page.
"""

from __future__ import annotations

from matcher import auth
from matcher.auth import PERMISSIONS, Permission
from matcher.db import PermissionDenied, User
from matcher.workspace.source import SessionFactory

__all__ = ["PAGE_PERMISSIONS", "PageService", "allowed_roles", "require_any"]

P = Permission
# Each use case needs any one of these permissions.
PAGE_PERMISSIONS: dict[str, tuple[Permission, ...]] = {
    "monitoring": (P.VIEW_DASHBOARD,),  # admins, counselor leads
    "needs_map": (P.VIEW_DASHBOARD, P.VIEW_JOBSEEKERS),  # + counselors
    "outreach_programs": (P.MANAGE_REFERRALS, P.MANAGE_OWN_PROGRAMS),  # counselors, trainers
    "outreach_vacancies": (P.MANAGE_REFERRALS,),  # counselors (and admins)
    "partners_view": (P.VIEW_DASHBOARD, P.MANAGE_PARTNERS),  # counselor leads, admins
    "partners_edit": (P.MANAGE_PARTNERS,),  # admins
    "field_intake": (P.EDIT_JOBSEEKERS,),  # counselors, admins
    "ranker": (P.RETRAIN_MODEL,),  # admins
}


def allowed_roles(use_case: str) -> list[str]:
    """The roles that hold one of ``use_case``'s permissions, by value."""
    wanted = set(PAGE_PERMISSIONS[use_case])
    return sorted(r.value for r, perms in PERMISSIONS.items() if perms & wanted)


def require_any(user: User | None, use_case: str) -> User:
    """``user`` when their role holds one of ``use_case``'s permissions, else
    :class:`PermissionDenied` naming the use case and the roles that may."""
    permissions = PAGE_PERMISSIONS[use_case]
    if any(auth.can(user, p) for p in permissions):
        return user  # type: ignore[return-value]
    if user is None or not user.active:
        return auth.require_permission(user, permissions[0])  # raises: not signed in/inactive
    raise PermissionDenied(
        f"role {user.role.value!r} may not use {use_case}; allowed roles: "
        + ", ".join(allowed_roles(use_case))
    )


class PageService:
    """Base of the page services: holds the session factory.

    Parameters
    ----------
    session_factory : callable
        Returns a context manager yielding a session that commits on success.
    """

    def __init__(self, session_factory: SessionFactory):
        self.session_factory = session_factory

    @staticmethod
    def _allow(user: User | None, use_case: str) -> User:
        return require_any(user, use_case)
