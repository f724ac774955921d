"""Column types shared by the models: UTC timestamps and enums stored by value."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum

from sqlalchemy import DateTime
from sqlalchemy import Enum as SAEnum
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python.

    SQLite keeps no zone, so naive values read back are taken as UTC; PostgreSQL stores
    ``timestamptz``. Naive values written are refused, because a local time saved
    as UTC would silently shift the audit trail by seven hours (Jakarta is UTC+7).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"timestamp {value!r} has no timezone; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# One width for every enum column, so adding a value later changes only the CHECK.
ENUM_LENGTH = 32


def enum_column_type(enum_cls: type[Enum], name: str) -> SAEnum:
    """A VARCHAR + CHECK enum storing member values, identical on SQLite and PostgreSQL.

    Native PostgreSQL enums are avoided: adding a value to one needs special migration
    handling, while a CHECK constraint is an ordinary batch alteration.
    """
    return SAEnum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=ENUM_LENGTH,
        values_callable=lambda cls: [str(m.value) for m in cls],
        validate_strings=True,
    )
