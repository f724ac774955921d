"""Admin use cases: user accounts and the audit trail."""

from __future__ import annotations

from dataclasses import replace

from matcher import auth
from matcher.auth import Permission
from matcher.db import AuditEntry, AuditRepository, Role, User, UserRepository
from matcher.db.audit import redact_for_viewer
from matcher.workspace.base import WorkspaceBase


class AdminMixin(WorkspaceBase):
    def list_users(self, user: User) -> list[User]:
        self._allow(user, Permission.MANAGE_USERS)
        with self.session_factory() as session:
            return UserRepository(session).list()

    def create_user(
        self,
        user: User,
        username: str,
        password: str,
        role: Role | str,
        *,
        display_name: str = "",
        provider: str | None = None,
        employer: str | None = None,
    ) -> User:
        """A new account; trainers need a provider and employers a company."""
        self._allow(user, Permission.MANAGE_USERS)
        with self.session_factory() as session:
            return UserRepository(session).add(
                username.strip(), password, role, who=user.username,
                display_name=display_name.strip(),
                provider=(provider or "").strip() or None,
                employer=(employer or "").strip() or None,
            )  # fmt: skip

    def set_user_active(self, user: User, user_id: int, active: bool) -> User:
        self._allow(user, Permission.MANAGE_USERS)
        if user_id == user.id and not active:
            raise ValueError("you cannot deactivate your own account")
        with self.session_factory() as session:
            return UserRepository(session).update(user_id, who=user.username, active=active)

    def reset_password(self, user: User, user_id: int, password: str) -> None:
        self._allow(user, Permission.MANAGE_USERS)
        with self.session_factory() as session:
            UserRepository(session).set_password(user_id, password, who=user.username)

    def audit_log(
        self, user: User, *, entity: str | None = None, entity_id: str | None = None,
        limit: int = 200,
    ) -> list[AuditEntry]:  # fmt: skip
        """Newest first; counselors may read the trail of a person they work with.

        Only admins (personal-data permission) see a person's personal fields in the
        before/after states; everyone else sees them as hidden, and what was changed.
        """
        if entity == "jobseeker" and entity_id:
            self._allow(user, Permission.VIEW_JOBSEEKERS)
        else:
            self._allow(user, Permission.VIEW_AUDIT_LOG)
        with self.session_factory() as session:
            entries = AuditRepository(session).list(entity=entity, entity_id=entity_id, limit=limit)
        if auth.can(user, Permission.MANAGE_PERSONAL_DATA):
            return entries
        return [
            replace(e, before=redact_for_viewer(e.before, e.entity),
                    after=redact_for_viewer(e.after, e.entity))
            for e in entries
        ]  # fmt: skip
