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

from matcher import loaders, parsing
from matcher.auth import Permission, require_permission
from matcher.db.audit import AuditRepository
from matcher.db.records import User
from matcher.db.repository import JobseekerRepository
from matcher.domain import Jobseeker
from matcher.errors import FileFormatError, RowProblem
from matcher.geo import Gazetteer, default_gazetteer
from matcher.needs.intake_form import (
    CHOICES,
    PERSON_GROUPS,
    SELECT_MULTIPLE,
    YES,
    choice_label,
)

NAME_SIMILARITY = 0.85  # difflib ratio on normalised names; "Siti Aminah" ~ "Siti Aminnah"
KELURAHAN_SIMILARITY = 0.8  # a typo closer than this is corrected (and said so)
_FIELDS = {f.name: f for f in loaders.JOBSEEKER_FIELDS}
_KOBO_META = ("uuid", "submission_time", "index", "id", "validation_status", "status",
              "submitted_by", "version", "notes", "tags", "start", "end", "enumerator",
              "instanceid", "meta_instanceid", "xform_id_string", "attachments",
              "geolocation", "today")  # fmt: skip


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
    notes: tuple[str, ...] = ()  # corrections made, e.g. a kelurahan typo
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


def _export_columns(columns: Sequence[str]) -> dict[str, str]:
    """Map export columns to field names: strip group prefixes and Kobo's leading '_'.

    Returns {field name: original column}. Per-option 0/1 columns of a select_multiple
    (``keahlian/skills/menjahit``) are left out.
    """
    out: dict[str, str] = {}
    for col in columns:
        raw = str(col).strip()
        parts = [p for p in re.split(r"[/:]", raw) if p]
        if len(parts) > 1 and parts[-2] in SELECT_MULTIPLE:
            continue
        key = re.sub(r"[^a-z0-9]+", "_", parts[-1].lower() if parts else "").strip("_")
        for group in PERSON_GROUPS:  # "identitas_name" after a resave drops the slash
            if key.startswith(group + "_") and key[len(group) + 1 :]:
                key = key[len(group) + 1 :]
        if any(key in _option_keys(m) for m in SELECT_MULTIPLE):
            continue
        out.setdefault(key, raw)
    return out


def _option_keys(field_name: str) -> set[str]:
    """``skills_menjahit``... : per-option columns of a select_multiple after a resave."""
    return {f"{field_name}_{code}" for code, *_ in CHOICES[SELECT_MULTIPLE[field_name]]}


def read_export(path: str | Path, data: bytes | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Read a Kobo/ODK export (.xlsx or .csv, ';' or ',') as text cells."""
    name = str(path)
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise FileFormatError(name, f"cannot be read ({exc.strerror})") from None
    import io

    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            frame = pd.read_excel(io.BytesIO(data), dtype=object, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise FileFormatError(name, f"is not a readable Excel file ({exc})") from None
        return frame, []
    # CSV: reuse the loader's decoding and delimiter sniffing, but keep original headers.
    text, encoding = loaders._decode(data)
    warnings = [] if encoding.startswith("utf-8") else [f"read as {encoding} (not UTF-8)"]
    first = text.splitlines()[0] if text else ""
    sep = ";" if first.count(";") > first.count(",") else ","
    frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    return frame, warnings


# --- validating --------------------------------------------------------------------------


def _cell(raw: dict, cols: dict[str, str], key: str) -> object:
    col = cols.get(key)
    if col is None:
        return None
    value = raw.get(col)
    return None if parsing.is_empty(value) else value


def _labels(list_name: str, codes: object) -> list[str]:
    out = []
    for code in str(codes or "").split():
        out.append(choice_label(list_name, code) or code.replace("_", " "))
    return out


def _kelurahan(value: str, gaz: Gazetteer) -> tuple[str | None, str | None]:
    """(name, note) for a code or typed name; (None, None) when nothing is close."""
    text = str(value).replace("_", " ").strip()
    found = gaz.find(text)
    if found is not None:
        return found.name, None
    names = gaz.names()
    close = difflib.get_close_matches(text.title(), names, n=1, cutoff=KELURAHAN_SIMILARITY)
    if close:
        return close[0], f"kelurahan '{value}' -> '{close[0]}'"
    return None, None


def _parse_row(raw: dict, cols: dict[str, str], file: str, row: int, gaz: Gazetteer, as_of: date):
    problems: list[RowProblem] = []
    notes: list[str] = []

    def bad(key: str, value: object, allowed: str) -> None:
        problems.append(RowProblem(file, row, cols.get(key, key), value, allowed))

    v: dict[str, object] = {}
    for key in ("name", "phone", "experience", "interests", "disability", "business_description"):
        cell = _cell(raw, cols, key)
        if cell is not None:
            v[key] = " ".join(str(cell).split())
    if not v.get("name"):
        bad("name", "", "a name (required in the form)")
    submitted = _cell(raw, cols, "submission_time") or _cell(raw, cols, "registered_on")
    try:
        v["registered_on"] = parsing.parse_date(str(submitted)[:10]) if submitted else as_of
    except ValueError:
        v["registered_on"] = as_of
    ref = v["registered_on"]
    birth = _cell(raw, cols, "birth_date")
    birth_date = None
    if birth is not None:
        try:
            birth_date = parsing.parse_date(birth)
        except ValueError as exc:
            bad("birth_date", birth, str(exc))
    age_cell = _cell(raw, cols, "age")
    if birth_date is not None:
        v["age"] = (
            ref.year - birth_date.year - ((ref.month, ref.day) < (birth_date.month, birth_date.day))
        )
    elif age_cell is not None:
        try:
            v["age"] = _FIELDS["age"].parse(str(age_cell).split(".")[0])
        except ValueError as exc:
            bad("age", age_cell, str(exc))
    elif birth is None:
        bad("birth_date", "", "a date of birth such as 2007-04-03 or 3/4/2007")
    if "age" in v and not 14 <= int(v["age"]) <= 100:
        bad("birth_date", birth or age_cell, "an age between 14 and 100 on the registration day")
    for key in ("gender", "education", "segment", "business_stage", "max_travel_km"):
        cell = _cell(raw, cols, key)
        if cell is None:
            if _FIELDS[key].required:
                bad(key, "", f"a value: {_FIELDS[key].allowed}")
            continue
        text = str(cell).replace("_", " ") if key == "education" else str(cell)
        try:
            v[key] = _FIELDS[key].parse(text.strip())
        except ValueError as exc:
            bad(key, cell, str(exc))
    kel = _cell(raw, cols, "kelurahan")
    if kel is not None and str(kel).strip() == "lainnya":
        kel = _cell(raw, cols, "kelurahan_other")
    if kel is None:
        bad("kelurahan", "", "a DKI Jakarta kelurahan name, e.g. Tanjung Barat")
    else:
        name, note = _kelurahan(str(kel), gaz)
        if name is None:
            close = difflib.get_close_matches(str(kel).title(), gaz.names(), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            bad("kelurahan", kel, f"a DKI Jakarta kelurahan name, e.g. Tanjung Barat{hint}")
        else:
            v["kelurahan"] = name
            if note:
                notes.append(note)
    skills = _labels("skills", _cell(raw, cols, "skills"))
    skills += list(parsing.parse_list(_cell(raw, cols, "skills_other")))
    v["skills"] = tuple(dict.fromkeys(s for s in skills if s))
    langs = _labels("languages", _cell(raw, cols, "languages"))
    v["languages"] = tuple(langs) or ("Bahasa Indonesia",)
    # Codes, not labels: "pagi, akhir pekan" is what the schedule parser reads best.
    avail = [c.replace("_", " ") for c in str(_cell(raw, cols, "availability") or "").split()]
    note = _cell(raw, cols, "availability_note")
    v["availability"] = "; ".join([", ".join(avail)] * bool(avail) + [str(note)] * bool(note))
    # Money answers have no Jobseeker field; they are kept in the matching text fields.
    for key, target, template in (
        ("expected_wage", "interests", "harapan gaji Rp {:,}/bulan"),
        ("monthly_revenue", "business_description", "omzet sekitar Rp {:,}/bulan"),
    ):
        cell = _cell(raw, cols, key)
        if cell is None:
            continue
        try:
            amount = parsing.parse_int(cell, minimum=0)
        except ValueError as exc:
            bad(key, cell, str(exc))
            continue
        text = template.format(amount).replace(",", ".")
        v[target] = "; ".join(x for x in (str(v.get(target, "")), text) if x)
    return v, problems, notes


def _consented(raw: dict, cols: dict[str, str]) -> bool:
    cell = _cell(raw, cols, "consent")
    if cell is None:
        return False
    text = str(cell).strip().lower()
    return text == YES or (text not in ("tidak",) and _bool(text))


def _bool(text: str) -> bool:
    try:
        return parsing.parse_bool(text)
    except ValueError:
        return False


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
    cols = _export_columns([str(c) for c in frame.columns])
    missing = [k for k in ("consent", "name", "gender", "kelurahan", "segment") if k not in cols]
    if missing:
        raise FileFormatError(
            file,
            f"is not an export of the intake form: missing column(s) {', '.join(missing)}; "
            "export from KoboToolbox with 'XML values and headers'",
        )
    gaz = gazetteer or default_gazetteer()
    as_of = as_of or date.today()
    rows: list[IntakeRow] = []
    seen_uuid: dict[str, int] = {}
    accepted: list[Jobseeker] = []
    for index, raw in enumerate(frame.to_dict(orient="records")):
        row = index + 2
        uuid = str(_cell(raw, cols, "uuid") or "")
        if not _consented(raw, cols):
            value = _cell(raw, cols, "consent") or ""
            problem = RowProblem(file, row, cols["consent"], value,
                                 f"'{YES}': without consent no record is saved")  # fmt: skip
            rows.append(IntakeRow(row, uuid, None, (problem,), no_consent=True))
            continue
        if uuid and uuid in seen_uuid:
            rows.append(IntakeRow(row, uuid, None, notes=(f"same submission as row {seen_uuid[uuid]}",),
                                  duplicate_of=f"row {seen_uuid[uuid]}",
                                  duplicate_reason=DuplicateReason.SAME_SUBMISSION))  # fmt: skip
            continue
        seen_uuid[uuid] = row
        values, problems, notes = _parse_row(raw, cols, file, row, gaz, as_of)
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


def next_ids(existing_ids: Sequence[str], n: int, prefix: str = "JS-") -> list[str]:
    """``n`` fresh ids after the highest ``JS-0123`` style id."""
    numbers = [int(m[1]) for i in existing_ids if (m := re.fullmatch(rf"{prefix}(\d+)", i))]
    start = max(numbers, default=0) + 1
    return [f"{prefix}{k:04d}" for k in range(start, start + n)]


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
    fresh = iter(next_ids(list(stored), len(todo)))
    for r in todo:
        action = decisions.get(r.row, r.default_action)
        if action is DuplicateAction.SKIP:
            result.skipped_rows.append(r.row)
        elif action is DuplicateAction.MERGE:
            if r.duplicate_of not in stored:
                raise ValueError(
                    f"row {r.row}: merge needs a stored duplicate; allowed here: skip or new"
                )
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
