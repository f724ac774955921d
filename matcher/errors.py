"""Domain exceptions and the row-level problem report shared by every loader.

The app and CLI turn these into readable messages; nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Self


class MatcherError(Exception):
    """Base class for every error the matcher raises on purpose."""


class Message(str):
    """English text that also carries a code and its parameters.

    The CLI prints the text; the app looks ``code`` up in ``app/i18n`` (key ``msg_<code>``)
    and formats it with ``params``, so a person reads it in their language. Any string
    operation returns a plain ``str`` (and so falls back to the English text).
    """

    code: str
    params: dict[str, object]

    def __new__(cls, text: str, code: str = "", **params: object) -> Message:
        obj = super().__new__(cls, text)
        obj.code = code
        obj.params = params
        return obj

    def __reduce__(self):
        return (_message, (str(self), self.code, self.params))


def _message(text: str, code: str, params: dict[str, object]) -> Message:
    return Message(text, code, **params)


@dataclass(frozen=True)
class RowProblem:
    """One bad value in one row of one input file."""

    file: str
    row: int | None  # 1-based data row as a spreadsheet shows it (header is row 1)
    column: str | None
    value: object
    allowed: str  # often a Message, whose code and parameters the app translates

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        shown = repr(self.value)
        if len(shown) > 120:  # a 30,000-character cell would bury the rest of the report
            shown = f"{shown[:100]}... ({len(str(self.value)):,} characters)"
        return f"{where}: bad value {shown}; allowed: {self.allowed}"


class ValidationError(MatcherError):
    """Raised when an input value is not allowed. Carries every problem found."""

    def __init__(self, problems: list[RowProblem] | RowProblem):
        self.problems = [problems] if isinstance(problems, RowProblem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class FileFormatError(MatcherError):
    """The file as a whole cannot be read (unknown type, missing required columns...).

    ``detail`` is the reason without the file name; when it is a :class:`Message`,
    :attr:`message` carries its code and parameters (plus ``file``) for translation.
    """

    def __init__(self, file: str, message: str):
        self.file = file
        self.detail = message
        super().__init__(f"{file}: {message}")

    @property
    def message(self) -> Message:
        return Message(
            str(self),
            getattr(self.detail, "code", ""),
            **{**getattr(self.detail, "params", {}), "file": self.file},
        )


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
    warnings: list[str] = field(default_factory=list)  # often Message, for translation
    record_rows: list[int] = field(default_factory=list)  # spreadsheet row of each record
    # What could be read of each refused row (row -> field -> value), so a caller's own
    # checks (an employer's own company) report on it in the same pass as the loader's.
    refused_values: dict[int, dict] = field(default_factory=dict)
    sheet: str | None = None  # the sheet read, for a workbook
    sheets: tuple[str, ...] = ()  # every worksheet of a workbook, in order

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
