"""Errors raised by the storage layer and the permission checks."""

from __future__ import annotations

from datetime import datetime

from matcher.errors import MatcherError, RowProblem, ValidationError


class ConcurrentEditError(MatcherError):
    """Someone else saved the record after it was loaded; the later save is refused.

    Parameters
    ----------
    entity : str
        What was being edited, in words ("jobseeker", "vacancy").
    entity_id : str
        Its id.
    changed_by : str or None
        Who saved the version now in the database, when known.
    changed_at : datetime or None
        When they saved it.
    expected_version, current_version : int or None
        The version the editor loaded and the one stored now.
    """

    def __init__(
        self,
        entity: str,
        entity_id: str,
        changed_by: str | None,
        changed_at: datetime | None,
        expected_version: int | None = None,
        current_version: int | None = None,
    ):
        self.entity, self.entity_id = entity, entity_id
        self.changed_by, self.changed_at = changed_by, changed_at
        self.expected_version, self.current_version = expected_version, current_version
        who = changed_by or "another user"
        when = changed_at.strftime("%Y-%m-%d %H:%M UTC") if changed_at else "an unknown time"
        super().__init__(
            f"this {entity} ({entity_id}) was changed by {who} at {when}; reload and try again"
        )


class PermissionDenied(MatcherError):
    """The signed-in user's role (or ownership) does not allow the action."""


class ConsentRequiredError(MatcherError):
    """Personal data would be shared for a jobseeker who has not given consent."""

    def __init__(self, jobseeker_id: str, action: str):
        self.jobseeker_id = jobseeker_id
        super().__init__(
            f"jobseeker {jobseeker_id} has not given consent; record consent before {action}"
        )


class DuplicateIdError(ValueError):
    """A record with this id is already stored (a new record needs a free id)."""


class WeakPasswordError(ValidationError):
    """A new password the policy refuses; ``reasons`` are the codes of
    :func:`matcher.db.passwords.password_problems` (translated by the app)."""

    ALLOWED = {
        "too_short": "at least {n} characters",
        "common": "not one of the common passwords everybody tries first",
        "has_username": "not containing the username",
    }

    def __init__(self, reasons: list[str], min_length: int):
        self.reasons = tuple(reasons)
        self.min_length = min_length
        super().__init__(
            [
                RowProblem("user", None, "password", "***", self.ALLOWED[r].format(n=min_length))
                for r in reasons
            ]
        )
