"""The closed vocabularies of the storage layer: roles, decision actions, statuses.

Each is a ``str`` Enum whose value is what the database stores, so a row reads the same
in SQL as in Python. ``parse`` turns user input into a member or raises an
:class:`~matcher.errors.OptionError` that lists the allowed values.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import TypeVar

from matcher.errors import OptionError

E = TypeVar("E", bound=Enum)


def parse(enum_cls: type[E], value: object, name: str | None = None) -> E:
    """Return ``value`` as a member of ``enum_cls``, accepting members and their values.

    Raises
    ------
    OptionError
        When ``value`` is neither a member nor the value of one.
    """
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)
    except ValueError:
        allowed = [str(m.value) for m in enum_cls]
        raise OptionError(name or enum_cls.__name__, value, allowed) from None


class Role(StrEnum):
    """What a user account is for; decides the menu and the permissions."""

    COUNSELOR = "counselor"
    TRAINER = "trainer"
    EMPLOYER = "employer"
    ADMIN = "admin"
    COUNSELOR_LEAD = "counselor_lead"


class DecisionAction(StrEnum):
    """What a counselor did to a recommendation list."""

    ACCEPT = "accept"
    REJECT = "reject"
    RESTORE = "restore"  # takes back a rejection: the item is listed again, not accepted
    PIN = "pin"
    UNPIN = "unpin"
    MOVE_UP = "move_up"
    MOVE_DOWN = "move_down"
    NOTE = "note"
    RELAX_RULE = "relax_rule"
    SET_WEIGHTS = "set_weights"
    REORDER = "reorder"


class ReasonCode(StrEnum):
    """Why a recommendation was rejected or moved; feeds the learned re-ranker."""

    TOO_FAR = "too_far"
    SCHEDULE = "schedule"
    NOT_INTERESTED = "not_interested"
    NOT_QUALIFIED = "not_qualified"
    OTHER = "other"


class ReferralStatus(StrEnum):
    """Where a referral stands; every change is an outcome event."""

    REFERRED = "referred"
    APPLIED = "applied"
    INTERVIEWED = "interviewed"
    HIRED = "hired"
    ENROLLED = "enrolled"
    COMPLETED = "completed"
    DROPPED_OUT = "dropped_out"


class VacancyStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
