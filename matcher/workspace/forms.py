"""Form input validated by exactly the rules that check uploaded files.

A form's values become a one-row table that :func:`matcher.loaders.load_table` checks
like any uploaded file's row, so a form can never accept what a file would reject (or
the other way round). The table is built in memory, not written as a spreadsheet: a
pasted control character (Word's soft line break) cannot even be written into an .xlsx,
and reaches the validator, which normalises or names it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matcher import loaders
from matcher.db.errors import DuplicateIdError
from matcher.db.ids import id_floor, next_ids
from matcher.errors import FileFormatError, RowProblem
from matcher.reading import Table

FORM_FILE = "formulir.xlsx"


@dataclass(frozen=True)
class FormResult:
    """The record built from a form, or the problems keyed by field name."""

    record: object | None
    problems: tuple[RowProblem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.record is not None and not self.problems

    def by_field(self) -> dict[str, list[str]]:
        """Field name -> what is allowed, for each problem (``Message`` objects the app
        translates; the key ``""`` holds problems of the form as a whole)."""
        out: dict[str, list[str]] = {}
        for p in self.problems:
            out.setdefault(p.column or "", []).append(p.allowed)
        return out


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value if str(v).strip())
    if hasattr(value, "value"):  # enums
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value) if not isinstance(value, int | float) else value


def validate_form(kind: str, values: Mapping[str, object]) -> FormResult:
    """Check form ``values`` (field name -> value) as the loader checks a file row.

    Parameters
    ----------
    kind : str
        ``"jobseeker"``, ``"program"`` or ``"vacancy"`` (see :data:`matcher.loaders.SCHEMAS`).
    values : mapping
        Field values; lists become ``;``-separated text, as in files.
    """
    known = {f.name for f in loaders.SCHEMAS[kind]}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"unknown {kind} field(s) {unknown}; allowed: {sorted(known)}")
    # Every column is present, so an empty required field is reported by name.
    names = [f.name for f in loaders.SCHEMAS[kind]]
    table = Table(FORM_FILE, 1, names, [(2, [_cell(values.get(n)) for n in names])])
    try:
        report = loaders.load_table(table, kind)
    except FileFormatError as exc:  # cannot happen with every column present; kept safe
        return FormResult(None, (RowProblem(FORM_FILE, None, None, "", exc.message),))
    problems = tuple(
        RowProblem(p.file, None, p.column, p.value, p.allowed) for p in report.problems
    )
    record = report.records[0] if report.records and not problems else None
    return FormResult(record, problems)


def next_id(existing: Iterable[str], prefix: str, width: int = 4, *, floor: int = 0) -> str:
    """The next free id ``PREFIX-NNNN`` after the highest number already used (and the
    highest erased one, ``floor``: :mod:`matcher.db.ids`)."""
    return next_ids(existing, prefix, floor=floor, width=width)[0]


T = TypeVar("T")
ID_ATTEMPTS = 100  # far more than the writers that can race for one id in practice


def add_with_next_id(
    session_factory: Callable[[], object],
    prefix: str,
    stored_ids: Callable[[Session], Iterable[str]],
    add: Callable[[Session, str], T],
) -> T:
    """Store a new record under the next free id, in its own transaction.

    Two writers can read the same highest id and pick the same next one; the primary
    key lets only one of them store it. The other's transaction is rolled back and it
    takes the next free id after the winner's, so no registration is lost.
    """
    for _ in range(ID_ATTEMPTS):
        try:
            with session_factory() as session:
                # The stored ids before the floor: an erasure that commits between the two
                # reads is then seen in one of them (its id, or the floor it left).
                stored = list(stored_ids(session))
                floor = id_floor(session, prefix)
                return add(session, next_id(stored, prefix, floor=floor))
        except (IntegrityError, DuplicateIdError):
            continue  # another writer took that id first; read again
    raise RuntimeError(f"no free {prefix} id after {ID_ATTEMPTS} attempts")
