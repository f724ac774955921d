"""The field-intake service: preview a KoboToolbox/ODK export against the people stored,
then save the accepted rows. Counselors and admins only (``EDIT_JOBSEEKERS``): the
preview compares names and phone numbers with everyone registered.
"""

from __future__ import annotations

from pathlib import Path

from matcher.db import JobseekerRepository, User
from matcher.needs.intake import DuplicateAction, IntakePreview, IntakeResult
from matcher.needs.intake import commit_intake as _commit
from matcher.needs.intake import preview_intake as _preview
from matcher.workspace.access import PageService

__all__ = ["IntakeService"]


class IntakeService(PageService):
    def preview(self, user: User, name: str, data: bytes) -> IntakePreview:
        """Every row of the file ``name`` (its bytes ``data``), checked, with duplicates
        of stored people marked. Nothing is saved."""
        self._allow(user, "field_intake")
        with self.session_factory() as session:
            existing = [r.jobseeker for r in JobseekerRepository(session).list()]
        return _preview(Path(name), existing, data=data)

    def commit(
        self,
        user: User,
        preview: IntakePreview,
        decisions: dict[int, DuplicateAction | str] | None = None,
    ) -> IntakeResult:
        """Save the accepted rows (duplicates skipped unless ``decisions`` say merge/new)."""
        self._allow(user, "field_intake")
        with self.session_factory() as session:
            return _commit(session, preview, user, decisions)
