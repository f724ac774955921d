"""Domain exceptions and the row-level problem report shared by every loader.

The app and CLI turn these into readable messages; nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Self


class MatcherError(Exception):
    """Base class for every error the matcher raises on purpose."""


@dataclass(frozen=True)
class RowProblem:
    """One bad value in one row of one input file."""

    file: str
    row: int | None  # 1-based data row as a spreadsheet shows it (header is row 1)
    column: str | None
    value: object
    allowed: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: bad value {self.value!r}; allowed: {self.allowed}"


class ValidationError(MatcherError):
    """Raised when an input value is not allowed. Carries every problem found."""

    def __init__(self, problems: list[RowProblem] | RowProblem):
        self.problems = [problems] if isinstance(problems, RowProblem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class FileFormatError(MatcherError):
    """The file as a whole cannot be read (unknown type, missing required columns...)."""

    def __init__(self, file: str, message: str):
        self.file = file
        super().__init__(f"{file}: {message}")


class UnknownRecordError(MatcherError):
    """An id that is not in the catalog."""

    def __init__(self, kind: str, record_id: str):
        self.kind, self.record_id = kind, record_id
        super().__init__(f"no {kind} with id {record_id!r}")


class OptionError(MatcherError, ValueError):
    """A string option that is not one of the allowed values."""

    def __init__(self, name: str, value: object, allowed: list[str]):
        super().__init__(f"{name}={value!r} is not allowed; choose one of: {', '.join(allowed)}")


@dataclass
class LoadReport:
    """What a loader kept and what it refused: no row is dropped silently."""

    file: str
    rows_read: int = 0
    records: list = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.row is not None})

    def summary(self) -> str:
        lines = [
            f"{self.file}: {len(self.records)} of {self.rows_read} rows loaded, "
            f"{len(self.bad_rows)} rejected"
        ]
        lines += [f"  warning: {w}" for w in self.warnings]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class OptionEnum(StrEnum):
    """A :class:`StrEnum` whose :meth:`parse` names the option in its error.

    Subclasses set ``__option__`` (dunder names are not enum members) to the option's
    name as users see it, e.g. ``"encoder"``.

    Examples
    --------
    >>> class Colour(OptionEnum):
    ...     __option__ = "colour"
    ...     RED = "red"
    >>> Colour.parse(" RED ")
    <Colour.RED: 'red'>
    """

    @classmethod
    def parse(cls, value: str | Self) -> Self:
        if isinstance(value, cls):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            name = getattr(cls, "__option__", cls.__name__.lower())
            raise OptionError(name, value, [m.value for m in cls]) from None
