"""Import the intake form's KoboToolbox / ODK export: validate, find duplicates, preview, save.

The export is read as it comes out of Kobo ("XML values and headers"): columns named
``group/field`` (or ``group_field`` after a spreadsheet resave), Kobo's own ``_uuid``,
``_submission_time`` and ``_index``, select_multiple answers as space-separated codes
(plus one 0/1 column per option, ignored here). Every cell is checked with the same
parsers as :data:`matcher.loaders.JOBSEEKER_FIELDS`; a bad cell becomes a
:class:`~matcher.errors.RowProblem` (file, row, column, value, allowed).

No consent, no record: a row without ``consent = ya`` is rejected and none of its
personal data is kept in the preview. Each accepted row is compared with the stored
jobseekers (and earlier rows of the file): the same phone, or a similar name with the
same birth year (+-1) and kelurahan, makes it a *possible duplicate*; the user then
chooses to skip it, merge it into the existing record, or import it as a new person.
Nothing is written until :func:`commit_intake`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path

import pandas as pd

from matcher.auth import Permission, require_permission
from matcher.db import ids
from matcher.db.audit import AuditRepository
from matcher.db.ids import id_floor
from matcher.db.records import User
from matcher.db.repository import JobseekerRepository
from matcher.domain import Jobseeker
from matcher.errors import FileFormatError, Message, RowProblem
from matcher.needs.intake_form import YES
from matcher.needs.kobo import cell_value, consented, export_columns, parse_row, read_export
from matcher.scoring.geo import Gazetteer, default_gazetteer

NAME_SIMILARITY = 0.85  # difflib ratio on normalised names; "Siti Aminah" ~ "Siti Aminnah"


class DuplicateAction(StrEnum):
    SKIP = "skip"  # do not save this row
    MERGE = "merge"  # add what is new to the existing record
    NEW = "new"  # save as another person


class DuplicateReason(StrEnum):
    NAME_AND_PHONE = "name_phone"
    PHONE = "phone"
    SIMILAR_NAME = "similar_name"  # similar name, birth year and kelurahan
    SAME_SUBMISSION = "same_submission"  # the same _uuid twice in the file


@dataclass(frozen=True)
class IntakeRow:
    """One export row after validation. ``person`` is None when the row is rejected."""

    row: int  # as a spreadsheet shows it (header is row 1)
    uuid: str
    person: Jobseeker | None
    problems: tuple[RowProblem, ...] = ()
    notes: tuple[str, ...] = ()  # corrections made, e.g. a kelurahan typo (coded Messages)
    duplicate_of: str | None = None  # a jobseeker id, or "row N" within the file
    duplicate_reason: DuplicateReason | None = None
    no_consent: bool = False

    @property
    def ok(self) -> bool:
        return self.person is not None

    @property
    def default_action(self) -> DuplicateAction:
        return DuplicateAction.SKIP if self.duplicate_of else DuplicateAction.NEW


@dataclass(frozen=True)
class IntakePreview:
    file: str
    rows: tuple[IntakeRow, ...]
    warnings: tuple[str, ...] = ()

    @property
    def accepted(self) -> list[IntakeRow]:
        return [r for r in self.rows if r.ok]

    @property
    def rejected(self) -> list[IntakeRow]:
        return [r for r in self.rows if not r.ok]

    @property
    def duplicates(self) -> list[IntakeRow]:
        return [r for r in self.rows if r.ok and r.duplicate_of]

    @property
    def problems(self) -> list[RowProblem]:
        return [p for r in self.rows for p in r.problems]

    def table(self) -> pd.DataFrame:
        """One line per row for the preview screen (no phone numbers)."""
        return pd.DataFrame(
            [
                {
                    "row": r.row,
                    "status": "ok" if r.ok else ("no_consent" if r.no_consent else "error"),
                    "name": r.person.name if r.person else "",
                    "age": r.person.age if r.person else None,
                    "kelurahan": r.person.kelurahan if r.person else "",
                    "segment": r.person.segment.value if r.person else "",
                    "skills": "; ".join(r.person.skills) if r.person else "",
                    "duplicate_of": r.duplicate_of or "",
                    "notes": " | ".join(r.notes),
                }
                for r in self.rows
            ]
        )

    def problem_table(self) -> pd.DataFrame:
        cols = ["file", "row", "column", "value", "allowed"]
        return pd.DataFrame([{c: getattr(p, c) for c in cols} for p in self.problems], columns=cols)


@dataclass
class IntakeResult:
    created: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    rejected_rows: list[int] = field(default_factory=list)


# --- reading -----------------------------------------------------------------------------


def normalise_phone(phone: str) -> str:
    """Digits only, "+62 8.." and "62 8.." written as "08.."; '' when too short."""
    digits = re.sub(r"\D", "", str(phone or ""))
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits if len(digits) >= 9 else ""


def name_key(name: str) -> str:
    return " ".join(re.sub(r"[^a-z ]", " ", str(name).lower()).split())


def _birth_year(p: Jobseeker) -> int:
    return (p.registered_on or date.today()).year - p.age


def find_duplicate(
    person: Jobseeker, existing: Sequence[Jobseeker]
) -> tuple[str, DuplicateReason] | None:
    """The first stored person this one may be, and why (phone first, then name)."""
    phone, key = normalise_phone(person.phone), name_key(person.name)
    fuzzy = None
    for other in existing:
        if phone and phone == normalise_phone(other.phone):
            same_name = difflib.SequenceMatcher(None, key, name_key(other.name)).ratio()
            if same_name >= NAME_SIMILARITY:
                return other.id, DuplicateReason.NAME_AND_PHONE
            return other.id, DuplicateReason.PHONE
        if (
            fuzzy is None
            and other.kelurahan == person.kelurahan
            and abs(_birth_year(other) - _birth_year(person)) <= 1
            and difflib.SequenceMatcher(None, key, name_key(other.name)).ratio() >= NAME_SIMILARITY
        ):
            fuzzy = other.id
    return (fuzzy, DuplicateReason.SIMILAR_NAME) if fuzzy else None


def preview_intake(
    path: str | Path,
    existing: Sequence[Jobseeker] = (),
    *,
    data: bytes | None = None,
    gazetteer: Gazetteer | None = None,
    as_of: date | None = None,
) -> IntakePreview:
    """Validate an export and flag possible duplicates; writes nothing."""
    file = Path(str(path)).name
    frame, warnings = read_export(path, data)
    cols = export_columns([str(c) for c in frame.columns])
    missing = [k for k in ("consent", "name", "gender", "kelurahan", "segment") if k not in cols]
    if missing:
        raise FileFormatError(file, Message(
            f"is not an export of the intake form: missing column(s) {', '.join(missing)}; "
            "export from KoboToolbox with 'XML values and headers'",
            "intake_not_export", missing=", ".join(missing)))  # fmt: skip
    gaz = gazetteer or default_gazetteer()
    as_of = as_of or date.today()
    rows: list[IntakeRow] = []
    seen_uuid: dict[str, int] = {}
    accepted: list[Jobseeker] = []
    for index, raw in enumerate(frame.to_dict(orient="records")):
        row = index + 2
        uuid = str(cell_value(raw, cols, "uuid") or "")
        if not consented(raw, cols):
            value = cell_value(raw, cols, "consent") or ""
            problem = RowProblem(file, row, cols["consent"], value, Message(
                f"'{YES}': without consent no record is saved", "intake_consent", yes=YES))  # fmt: skip
            rows.append(IntakeRow(row, uuid, None, (problem,), no_consent=True))
            continue
        if uuid and uuid in seen_uuid:
            first = seen_uuid[uuid]
            # A problem too, so the preview's error list says why the row is not saved.
            problem = RowProblem(file, row, cols.get("uuid", "_uuid"), uuid, Message(
                f"a submission not already in this file (the same submission as row {first})",
                "intake_same_submission_problem", row=first))  # fmt: skip
            note = Message(f"same submission as row {first}", "intake_same_submission", row=first)
            rows.append(IntakeRow(row, uuid, None, (problem,), (note,), duplicate_of=f"row {first}",
                                  duplicate_reason=DuplicateReason.SAME_SUBMISSION))  # fmt: skip
            continue
        seen_uuid[uuid] = row
        values, problems, notes = parse_row(raw, cols, file, row, gaz, as_of)
        if problems:
            rows.append(IntakeRow(row, uuid, None, tuple(problems), tuple(notes)))
            continue
        person = Jobseeker(id=f"baris-{row}", **values)
        dup = find_duplicate(person, existing)
        if dup is None and (dup := find_duplicate(person, accepted)) is not None:
            dup = (dup[0].replace("baris-", "row "), dup[1])  # an earlier row of this file
        accepted.append(person)
        rows.append(IntakeRow(row, uuid, person, (), tuple(notes), *(dup or (None, None))))
    return IntakePreview(file, tuple(rows), tuple(warnings))


# --- saving ------------------------------------------------------------------------------


def next_ids(existing_ids: Sequence[str], n: int, *, floor: int = 0) -> list[str]:
    """``n`` fresh ``JS-0123`` style ids after the highest stored and erased one."""
    return ids.next_ids(existing_ids, "JS", n, floor=floor)


def merge_people(old: Jobseeker, new: Jobseeker) -> Jobseeker:
    """Keep the stored values; fill what is empty and add new skills and languages."""
    changes: dict[str, object] = {}
    for name in ("name", "phone", "experience", "interests", "availability", "disability",
                 "business_description"):  # fmt: skip
        if not getattr(old, name) and getattr(new, name):
            changes[name] = getattr(new, name)
    if old.business_stage is None and new.business_stage is not None:
        changes["business_stage"] = new.business_stage
    for name in ("skills", "languages"):
        merged = tuple(dict.fromkeys((*getattr(old, name), *getattr(new, name))))
        if merged != getattr(old, name):
            changes[name] = merged
    return replace(old, **changes) if changes else old


def commit_intake(
    session,
    preview: IntakePreview,
    user: User | None,
    decisions: dict[int, DuplicateAction | str] | None = None,
) -> IntakeResult:
    """Save the accepted rows. ``decisions`` maps a row number to skip / merge / new;
    rows not named take :attr:`IntakeRow.default_action` (duplicates are skipped).

    Consent was given in the form, so new people are stored with consent recorded by
    the importing user. Only roles that may edit jobseekers can import.
    """
    user = require_permission(user, Permission.EDIT_JOBSEEKERS)
    decisions = {int(k): DuplicateAction(v) for k, v in (decisions or {}).items()}
    repo = JobseekerRepository(session)
    result = IntakeResult(rejected_rows=[r.row for r in preview.rejected])
    stored = {r.id: r for r in repo.list()}
    todo = [r for r in preview.accepted]
    fresh = iter(next_ids(list(stored), len(todo), floor=id_floor(session, "JS")))
    for r in todo:
        action = decisions.get(r.row, r.default_action)
        if action is DuplicateAction.SKIP:
            result.skipped_rows.append(r.row)
        elif action is DuplicateAction.MERGE:
            if r.duplicate_of not in stored:
                raise ValueError(Message(
                    f"row {r.row}: merge needs a stored duplicate; allowed here: skip or new",
                    "intake_merge_needs_stored", row=r.row))  # fmt: skip
            rec = stored[r.duplicate_of]
            merged = merge_people(rec.jobseeker, r.person)
            if merged != rec.jobseeker:
                rec = repo.update(merged, expected_version=rec.version_id, who=user.username)
            if not rec.consent_given:
                rec = repo.set_consent(rec.id, True, expected_version=rec.version_id,
                                       who=user.username)  # fmt: skip
            stored[rec.id] = rec
            result.merged.append(rec.id)
        else:
            person = replace(r.person, id=next(fresh))
            stored[person.id] = repo.add(person, who=user.username, consent_given=True)
            result.created.append(person.id)
    AuditRepository(session).add(
        who=user.username, entity="intake_import", entity_id=preview.file, action="import",
        after={"created": result.created, "merged": result.merged,
               "skipped_rows": result.skipped_rows, "rejected_rows": result.rejected_rows},
    )  # fmt: skip
    return result
