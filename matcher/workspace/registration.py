"""Registration checks beyond the file schema: an Indonesian phone number, every missing
field at once (consent included), and people who may already be registered.

The file schema accepts any text as a phone (uploads come from many systems); a person
registered at the desk must be reachable, so the form asks for a number that can be
dialled: digits only apart from spaces, dashes, dots and brackets, an optional +62 (or
62) instead of the leading 0, 9 to 15 digits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from matcher.auth import Permission
from matcher.db import JobseekerRecord, JobseekerRepository, User
from matcher.errors import RowProblem
from matcher.workspace.base import WorkspaceBase
from matcher.workspace.forms import validate_form

PHONE_HELP = "an Indonesian phone number: digits, optionally starting with +62, 9 to 15 digits"
_SEPARATORS = re.compile(r"[\s\-.()]")


def phone_digits(text: object) -> str | None:
    """The phone as dialable digits ("+62 812-3456-7890" -> "081234567890"), or None
    when it is not an Indonesian phone number."""
    raw = _SEPARATORS.sub("", str(text or ""))
    if raw.startswith("+"):
        if not raw.startswith("+62"):
            return None
        raw = raw[1:]
    if not raw.isdigit() or not 9 <= len(raw) <= 15:
        return None
    return "0" + raw[2:] if raw.startswith("62") else raw


def phone_problem(value: object) -> RowProblem | None:
    """A problem when ``value`` is filled in and is not an Indonesian phone number."""
    if value in (None, "") or phone_digits(value) is not None:
        return None
    return RowProblem("formulir", None, "phone", value, PHONE_HELP)


def _name_key(name: object) -> str:
    return " ".join(str(name or "").casefold().split())


class RegistrationMixin(WorkspaceBase):
    def registration_problems(
        self, user: User, values: Mapping[str, object], *, consent: bool
    ) -> list[RowProblem]:
        """Every problem of a registration form at once: the schema's, the phone's and
        missing consent (column ``consent``)."""
        self._allow(user, Permission.EDIT_JOBSEEKERS)
        result = validate_form("jobseeker", {"id": "JS-0000", **dict(values)})
        problems = list(result.problems)
        if (p := phone_problem(values.get("phone"))) and not any(
            q.column == "phone" for q in problems
        ):
            problems.append(p)
        if not consent:
            problems.append(
                RowProblem("formulir", None, "consent", "", "consent to data processing")
            )
        return problems

    def similar_jobseekers(self, user: User, name: object, phone: object) -> list[JobseekerRecord]:
        """People already stored with the same name (ignoring case and spacing) and the
        same phone number (ignoring its writing: 0812..., +62 812..., 62812...)."""
        self._allow(user, Permission.VIEW_JOBSEEKERS)
        key, digits = _name_key(name), phone_digits(phone)
        if not key or digits is None:
            return []
        with self.session_factory() as session:
            return [
                r
                for r in JobseekerRepository(session).list()
                if _name_key(r.jobseeker.name) == key and phone_digits(r.jobseeker.phone) == digits
            ]
