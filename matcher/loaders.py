"""Load jobseekers, programs and vacancies from CSV or Excel, validating every cell.

A file with some bad rows loads the good rows and reports every bad one in a
:class:`~matcher.errors.LoadReport`; no row is dropped silently. Files are read by
:mod:`matcher.reading` (encodings, separators, sheets, caps); here each cell is cleaned
of control and invisible characters, parsed (Indonesian numbers and dates, aliases) and
checked against the database column it will be stored in (:func:`db_limits`), so a row
that loads also saves. Every problem of a row is reported, with a code and parameters
(:class:`~matcher.errors.Message`) the app translates.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from matcher import parsing, reading
from matcher.domain import (
    BusinessStage,
    Gender,
    JobPosting,
    ProgramCategory,
    ProgramType,
    Segment,
    TargetGender,
    TargetSegment,
    TrainingProgram,
    WorkType,
)
from matcher.errors import FileFormatError, LoadReport, Message, RowProblem
from matcher.reading import MAX_UPLOAD_BYTES
from matcher.scoring.geo import Gazetteer, default_gazetteer

__all__ = ["MAX_UPLOAD_BYTES", "SCHEMAS", "load_records", "load_table", "read_table"]


@dataclass(frozen=True)
class Field:
    name: str
    parse: Callable[[Any], Any]
    required: bool = False  # the column must exist and the cell must not be empty
    allowed: str = ""  # shown when the value is missing


def _enum(enum, aliases=None):
    return lambda v: parsing.parse_enum(v, enum, aliases)


def _text(v: Any) -> str:
    """A text cell; a number Excel stored for it reads as written (1001, not 1001.0)."""
    if isinstance(v, float) and math.isfinite(v) and v.is_integer():
        return str(int(v))
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v).strip()


_GENDER_ALIASES = {
    "perempuan": Gender.FEMALE, "wanita": Gender.FEMALE, "f": Gender.FEMALE,
    "female": Gender.FEMALE, "laki-laki": Gender.MALE, "laki laki": Gender.MALE,
    "pria": Gender.MALE, "m": Gender.MALE, "male": Gender.MALE,
}  # fmt: skip
_TARGET_GENDER_ALIASES = {
    "perempuan": TargetGender.FEMALE, "wanita": TargetGender.FEMALE,
    "laki-laki": TargetGender.MALE, "pria": TargetGender.MALE, "any": TargetGender.ANY,
    "umum": TargetGender.ANY, "all": TargetGender.ANY, "l/p": TargetGender.ANY,
}  # fmt: skip
_SEGMENT_ALIASES = {
    "youth": Segment.YOUTH, "pencari kerja muda": Segment.YOUTH,
    "woman entrepreneur": Segment.WOMAN_ENTREPRENEUR,
    "women entrepreneur": Segment.WOMAN_ENTREPRENEUR,
    "wirausaha perempuan": Segment.WOMAN_ENTREPRENEUR,
}  # fmt: skip
_WORK_TYPE_ALIASES = {
    "full time": WorkType.FULL_TIME, "full-time": WorkType.FULL_TIME,
    "fulltime": WorkType.FULL_TIME, "penuh waktu": WorkType.FULL_TIME,
    "part time": WorkType.PART_TIME, "part-time": WorkType.PART_TIME,
    "parttime": WorkType.PART_TIME, "paruh waktu": WorkType.PART_TIME,
    "home-based": WorkType.HOME_BASED, "home based": WorkType.HOME_BASED,
    "remote": WorkType.HOME_BASED, "dari rumah": WorkType.HOME_BASED, "wfh": WorkType.HOME_BASED,
}  # fmt: skip
_PROGRAM_TYPE_ALIASES = {
    "vocational": ProgramType.VOCATIONAL, "pelatihan": ProgramType.VOCATIONAL,
    "entrepreneurship": ProgramType.ENTREPRENEURSHIP, "wirausaha": ProgramType.ENTREPRENEURSHIP,
}  # fmt: skip

JOBSEEKER_FIELDS = [
    Field("id", _text, True, "a pseudonymous id such as JS-0001"),
    Field("name", _text),
    Field("phone", _text),
    Field("age", lambda v: parsing.parse_int(v, minimum=14), True, "an age in years"),
    Field("gender", _enum(Gender, _GENDER_ALIASES), True, "P or L"),
    Field("kelurahan", _text, True, "a DKI Jakarta kelurahan name"),
    Field("education", parsing.parse_education, True, "an education level such as SMA"),
    Field("segment", _enum(Segment, _SEGMENT_ALIASES), True, "pemuda or perempuan_wirausaha"),
    Field("skills", parsing.parse_list),
    Field("experience", _text),
    Field("interests", _text),
    Field("availability", _text),
    Field("max_travel_km", lambda v: parsing.parse_float(v, minimum=0)),
    Field("expected_wage", lambda v: parsing.parse_int(v, minimum=0)),
    Field("languages", parsing.parse_list),
    Field("disability", _text),
    Field("business_description", _text),
    Field("business_stage", _enum(BusinessStage)),
    Field("registered_on", parsing.parse_date),
]

PROGRAM_FIELDS = [
    Field("id", _text, True, "a programme id such as PR-001"),
    Field("provider", _text, True, "the training provider's name"),
    Field("title", _text, True, "the programme title"),
    Field("program_type", _enum(ProgramType, _PROGRAM_TYPE_ALIASES), True, "vokasi or kewirausahaan"),
    Field("category", _enum(ProgramCategory)),
    Field("description", _text),
    Field("skills_taught", parsing.parse_list),
    Field("min_age", lambda v: parsing.parse_int(v, minimum=0)),
    Field("max_age", lambda v: parsing.parse_int(v, minimum=0)),
    Field("target_gender", _enum(TargetGender, _TARGET_GENDER_ALIASES)),
    Field("target_segment", _enum(TargetSegment, _SEGMENT_ALIASES)),
    Field("min_education", parsing.parse_education),
    Field("schedule", _text),
    Field("kelurahan", _text),
    Field("online", parsing.parse_bool),
    Field("cost", lambda v: parsing.parse_int(v, minimum=0)),
    Field("seats", lambda v: parsing.parse_int(v, minimum=0)),
    Field("seats_filled", lambda v: parsing.parse_int(v, minimum=0)),
    Field("start_date", parsing.parse_date),
    Field("duration_days", lambda v: parsing.parse_int(v, minimum=1)),
]  # fmt: skip

VACANCY_FIELDS = [
    Field("id", _text, True, "a vacancy id such as JV-0001"),
    Field("employer", _text, True, "the employer's name"),
    Field("title", _text, True, "the job title"),
    Field("title_aliases", lambda v: parsing.parse_list(v, separators="|")),
    Field("description", _text),
    Field("required_skills", parsing.parse_list),
    Field("nice_skills", parsing.parse_list),
    Field("min_education", parsing.parse_education),
    Field("kelurahan", _text, True, "a DKI Jakarta kelurahan name"),
    Field("work_type", _enum(WorkType, _WORK_TYPE_ALIASES)),
    Field("schedule", _text),
    Field("wage", lambda v: parsing.parse_int(v, minimum=0)),
    Field("openings", lambda v: parsing.parse_int(v, minimum=1)),
    Field("closing_date", parsing.parse_date),
    Field("min_age", lambda v: parsing.parse_int(v, minimum=0)),
    Field("max_age", lambda v: parsing.parse_int(v, minimum=0)),
]

# Column names people type in Indonesian exports, mapped to the schema's names.
COLUMN_ALIASES = {
    "nama": "name", "usia": "age", "umur": "age", "jenis_kelamin": "gender",
    "pendidikan": "education", "keahlian": "skills", "keterampilan": "skills",
    "pengalaman": "experience", "minat": "interests", "ketersediaan": "availability",
    "jarak_maks_km": "max_travel_km", "bahasa": "languages", "disabilitas": "disability",
    "no_hp": "phone", "telepon": "phone", "penyelenggara": "provider", "judul": "title",
    "deskripsi": "description", "perusahaan": "employer", "posisi": "title",
    "gaji": "wage", "gaji_harapan": "expected_wage", "lokasi": "kelurahan", "jadwal": "schedule", "kuota": "seats",
    "tanggal_tutup": "closing_date", "batas_lamaran": "closing_date",
    "tanggal_mulai": "start_date", "biaya": "cost",
}  # fmt: skip

SCHEMAS: dict[str, list[Field]] = {
    "jobseeker": JOBSEEKER_FIELDS,
    "program": PROGRAM_FIELDS,
    "vacancy": VACANCY_FIELDS,
}


def read_table(
    path: str | Path,
    data: bytes | None = None,
    *,
    normalise_columns: bool = True,
    sheet: str | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Read a CSV or .xlsx file as a frame of cells (text for CSV). Returns it and warnings.

    ``data`` lets the app pass uploaded bytes; ``path`` then only names the file.
    ``normalise_columns=False`` keeps the headers as written (a Kobo export's
    ``group/field`` names are mapped by the intake importer itself). Limits, encodings
    and separators are those of :func:`matcher.reading.read`.
    """
    table = reading.read(path, data, sheet=sheet)
    names = [_normalise_column(c) if normalise_columns else c for c in table.columns]
    seen: dict[str, int] = {}
    columns = []
    for n in names:  # pandas' own convention for repeated headers: "x", "x.1", ...
        columns.append(f"{n}.{seen[n]}" if n in seen else n)
        seen[n] = seen.get(n, 0) + 1
    width = len(columns)
    warnings = list(table.warnings)
    cut = [n for n, cells in table.rows if any(not parsing.is_empty(c) for c in cells[width:])]
    if cut:
        warnings.append(Message(
            f"row(s) {_row_list(cut)} have more cells than the header; the extra cells were "
            "not read", "extra_cells_cut", rows=_row_list(cut)))  # fmt: skip
    rows = [(list(cells) + [""] * width)[:width] for _, cells in table.rows]
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    frame.index = [n for n, _ in table.rows]
    return frame, warnings


def _row_list(rows: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def _normalise_column(column: object) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", str(column).strip().lower()).strip("_")
    return COLUMN_ALIASES.get(key, key)


# Fields whose text keeps its line breaks (free text, and lists split on new lines).
MULTILINE_FIELDS = frozenset({
    "description", "experience", "interests", "availability", "disability", "schedule",
    "business_description", "skills", "languages", "skills_taught", "required_skills",
    "nice_skills", "title_aliases",
})  # fmt: skip
# Fields that are codes: every invisible character is removed, zero-width joiners too.
CODE_FIELDS = frozenset({"id", "phone"})
# Excel's own limit on one cell; a longer text cannot have come from a spreadsheet.
MAX_TEXT_CHARS = 32_767
_INT_BITS = {"SmallInteger": 16, "Integer": 32, "BigInteger": 64}


@cache
def db_limits(kind: str) -> dict[str, tuple[str, int, int]]:
    """Each field's storage limit from the database model: ("chars", 0, max length) or
    ("int", min, max). Validation uses these, so whatever validates also saves."""
    from sqlalchemy import Integer, String

    from matcher.db.models import JobseekerRow, ProgramRow, VacancyRow

    table = {"jobseeker": JobseekerRow, "program": ProgramRow, "vacancy": VacancyRow}[
        kind
    ].__table__
    limits: dict[str, tuple[str, int, int]] = {}
    for f in SCHEMAS[kind]:
        column = table.c.get(f.name)
        if column is None:
            continue
        kind_of = column.type
        if isinstance(kind_of, String) and kind_of.length:
            limits[f.name] = ("chars", 0, kind_of.length)
        elif isinstance(kind_of, Integer):
            bits = next((b for name, b in _INT_BITS.items()
                         if type(kind_of).__name__ == name), 32)  # fmt: skip
            limits[f.name] = ("int", -(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    return limits


def load_records(
    path: str | Path,
    kind: str,
    *,
    data: bytes | None = None,
    gazetteer: Gazetteer | None = None,
    sheet: str | None = None,
) -> LoadReport:
    """Load one file of ``kind`` ("jobseeker", "program" or "vacancy").

    Raises :class:`~matcher.errors.FileFormatError` when the file as a whole cannot be
    read (and only then); every bad row is a problem in the report. ``sheet`` picks a
    workbook's sheet by name (default: the first visible one).
    """
    if kind not in SCHEMAS:
        raise ValueError(f"kind={kind!r}; allowed: {', '.join(SCHEMAS)}")
    return load_table(reading.read(path, data, sheet=sheet), kind, gazetteer=gazetteer)


def load_table(
    table: reading.Table, kind: str, *, gazetteer: Gazetteer | None = None
) -> LoadReport:
    """Validate a read :class:`~matcher.reading.Table` row by row (see :func:`load_records`)."""
    name = table.file
    fields = SCHEMAS[kind]
    by_name = {f.name: f for f in fields}
    positions: dict[str, list[int]] = {}
    warnings = list(table.warnings)
    unnamed = []
    for i, raw in enumerate(table.columns):
        if not raw:
            if any(i < len(cells) and not parsing.is_empty(cells[i]) for _, cells in table.rows):
                unnamed.append(_letter(i))
            continue
        positions.setdefault(_normalise_column(raw), []).append(i)
    repeated = {k: v for k, v in positions.items() if k in by_name and len(v) > 1}
    if repeated:
        field_name, at = next(iter(repeated.items()))
        both = " and ".join(f"'{table.columns[i]}' (column {_letter(i)})" for i in at)
        raise FileFormatError(name, Message(
            f"columns {both} both mean {field_name!r}; keep one of them",
            "duplicate_column", columns=both, field=field_name))  # fmt: skip
    missing = [f.name for f in fields if f.required and f.name not in positions]
    if missing:
        found = ", ".join(c for c in table.columns if c) or "(none)"
        expected = ", ".join(f.name for f in fields)
        raise FileFormatError(name, Message(
            f"missing required column(s) {', '.join(missing)}; found {found};"
            f" expected columns: {expected}",
            "missing_columns", missing=", ".join(missing), found=found, expected=expected))  # fmt: skip
    extra = [table.columns[v[0]] for k, v in positions.items() if k not in by_name]
    if extra:
        warnings.append(Message(
            f"column(s) {', '.join(extra)} are not part of the {kind} schema and were not imported",
            "extra_columns", columns=", ".join(extra)))  # fmt: skip
    if unnamed:
        warnings.append(Message(
            f"column(s) {', '.join(unnamed)} have values but no header; they were not imported",
            "unnamed_columns", columns=", ".join(unnamed)))  # fmt: skip
    if not table.rows:
        warnings.append(Message("the file has a header but no data rows", "no_rows"))
    report = LoadReport(file=name, rows_read=len(table.rows), warnings=warnings,
                        sheet=table.sheet, sheets=table.sheets)  # fmt: skip
    gaz = gazetteer or default_gazetteer()
    column_of = {f: at[0] for f, at in positions.items() if f in by_name}
    width = len(table.columns)
    limits = db_limits(kind)
    seen: dict[str, int] = {}
    restored: list[int] = []
    small_wages: list[int] = []
    untrusted = {p.row: p for p in table.problems}
    for row_number, cells in table.rows:
        if row_number in untrusted:
            report.problems.append(untrusted[row_number])
            continue
        spill = [c for c in cells[width:] if not parsing.is_empty(c)]
        if spill:
            report.problems.append(RowProblem(name, row_number, None, _shown(cells[width:]),
                Message(f"at most {width} cells, as in the header (this row has {len(cells)}); "
                        "a value that contains the separator must be in double quotes",
                        "extra_cells", width=width, cells=len(cells))))  # fmt: skip
            continue
        raw = {f: cells[i] if i < len(cells) else None for f, i in column_of.items()}
        formulas = {
            f for f, i in column_of.items() if (row_number, i) in table.formulas_without_value
        }
        values, problems = _parse_row(raw, fields, name, row_number, limits, formulas, restored)
        problems += _check_row(kind, values, name, row_number, gaz)
        rid = values.get("id")
        if rid and rid in seen:
            problems.append(RowProblem(name, row_number, "id", rid, Message(
                f"a unique id (also on row {seen[rid]})", "unique_id", row=seen[rid])))  # fmt: skip
        elif rid:
            seen[rid] = row_number  # even a rejected row claims its id: fixing it must not clash
        if problems:
            report.problems.extend(problems)
            report.refused_values[row_number] = values
            continue
        try:
            record = _build(kind, values)
        except (ValueError, TypeError) as exc:  # a domain invariant the checks above missed
            report.problems.append(RowProblem(name, row_number, None, "", str(exc)))
            continue
        report.records.append(record)
        report.record_rows.append(row_number)
        for f in ("wage", "expected_wage"):
            if 0 < (values.get(f) or 0) < parsing.MIN_MONTHLY_WAGE:
                small_wages.append(row_number)
    if small_wages:  # stored as written, but likely thousands: said before saving
        report.warnings.append(Message(
            f"the wage on row(s) {_row_list(small_wages)} is under Rp 100.000 a month; if "
            "it is written in thousands (4500 for 4,5 juta), write it in full rupiah",
            "wage_small", rows=_row_list(small_wages)))  # fmt: skip
    if restored:
        report.warnings.append(Message(
            f"phone on row(s) {_row_list(restored)} was stored as a number, which drops the "
            "leading 0; it was restored (8... became 08...). Format the phone column as text",
            "phone_zero_restored", rows=_row_list(restored)))  # fmt: skip
    return report


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _shown(cells: list[object]) -> str:
    return ", ".join(str(c) for c in cells if not parsing.is_empty(c))


def _clean(cell: object, name: str) -> object:
    """Text cleaned of invisible and control characters; numbers checked to be finite."""
    if isinstance(cell, str):
        return parsing.clean_text(
            cell, single_line=name not in MULTILINE_FIELDS, code=name in CODE_FIELDS
        ).strip()
    if isinstance(cell, float) and not math.isfinite(cell):
        raise ValueError(Message("a finite number is expected", "number_finite"))
    return cell


def _phone(cell: object, restored: list[int], row: int) -> str:
    """A phone as text. An Excel number lost its leading 0: it is restored only for an
    Indonesian mobile number (8 followed by 8-11 digits); 62... stays as written."""
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return _text(cell)
    if isinstance(cell, float) and not cell.is_integer():
        raise ValueError(Message("a phone number written as text, e.g. 0812-3456-7890",
                                 "phone_text"))  # fmt: skip
    digits = str(int(cell))
    if digits.startswith("62") and 10 <= len(digits) <= 15:
        return digits
    if digits.startswith("8") and 9 <= len(digits) <= 12:
        restored.append(row)
        return "0" + digits
    raise ValueError(Message(
        "a phone number stored as text: as a number it lost its leading 0 and cannot be "
        "restored for sure; format the column as text and type it again",
        "phone_number_cell"))  # fmt: skip


def _within_limits(value: object, limit: tuple[str, int, int] | None, name: str) -> None:
    if isinstance(value, str):
        most = limit[2] if limit and limit[0] == "chars" else MAX_TEXT_CHARS
        if len(value) > most:
            raise ValueError(Message(
                f"at most {most} characters (this value has {len(value)})",
                "too_long", max=most, length=len(value)))  # fmt: skip
    elif isinstance(value, tuple):
        for item in value:
            _within_limits(item, None, name)
    elif (
        isinstance(value, int) and not isinstance(value, bool | Enum)
        and limit and limit[0] == "int" and not limit[1] <= value <= limit[2]
    ):  # fmt: skip
        if value > limit[2]:
            raise ValueError(Message(f"a whole number of at most {limit[2]:,} is expected",
                                     "int_max", maximum=limit[2]))  # fmt: skip
        raise ValueError(Message(f"a whole number of at least {limit[1]:,} is expected",
                                 "int_min", minimum=limit[1]))  # fmt: skip


def _parse_row(raw: dict, fields: list[Field], name: str, row: int, limits: dict,
               formulas: set[str], restored: list[int]):  # fmt: skip
    values: dict[str, Any] = {}
    problems: list[RowProblem] = []
    for f in fields:
        cell = raw.get(f.name)
        if f.name in formulas:
            problems.append(RowProblem(name, row, f.name, "(formula)", Message(
                "a value, not a formula without a saved result (open the file in Excel and "
                "save it again, or type the value)", "formula_no_value")))  # fmt: skip
            continue
        try:
            cell = _clean(cell, f.name)
            if parsing.is_empty(cell):
                if f.required:
                    problems.append(RowProblem(name, row, f.name, "", Message(
                        f"a value: {f.allowed}", "required", allowed=f.allowed)))  # fmt: skip
                continue
            value = _phone(cell, restored, row) if f.name == "phone" else f.parse(cell)
            _within_limits(value, limits.get(f.name), f.name)
        except ValueError as exc:
            allowed = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
            problems.append(RowProblem(name, row, f.name, raw.get(f.name), allowed))
            continue
        values[f.name] = value
    if restored and restored[-1] == row and problems:
        restored.pop()  # the row is rejected; its phone was not imported
    return values, problems


def _check_row(kind: str, v: dict, name: str, row: int, gaz: Gazetteer) -> list[RowProblem]:
    problems: list[RowProblem] = []
    if v.get("kelurahan"):
        found = gaz.find(v["kelurahan"])
        if found is None:
            close = difflib.get_close_matches(v["kelurahan"], gaz.names(), n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            problems.append(RowProblem(name, row, "kelurahan", v["kelurahan"], Message(
                f"a DKI Jakarta kelurahan name, e.g. Tanjung Barat{hint}",
                "kelurahan" if close else "kelurahan_unknown", suggestions=", ".join(close))))  # fmt: skip
        else:
            v["kelurahan"] = found.name
    lo, hi = v.get("min_age"), v.get("max_age")
    if lo is not None and hi is not None and lo > hi:
        problems.append(RowProblem(name, row, "max_age", hi, Message(
            f"at least min_age ({lo})", "at_least_min_age", min_age=lo)))  # fmt: skip
    if kind == "jobseeker" and v.get("age") is not None and v["age"] > 100:
        problems.append(RowProblem(name, row, "age", v["age"], Message(
            "an age between 14 and 100", "age_range", minimum=14, maximum=100)))  # fmt: skip
    if kind == "program":
        if v.get("seats_filled", 0) > v.get("seats", 0) and "seats" in v:
            problems.append(RowProblem(name, row, "seats_filled", v["seats_filled"], Message(
                f"at most seats ({v['seats']})", "at_most_seats", seats=v["seats"])))  # fmt: skip
        if not v.get("online") and not v.get("kelurahan"):
            problems.append(RowProblem(name, row, "kelurahan", "", Message(
                "a kelurahan, unless online is ya", "kelurahan_unless_online")))  # fmt: skip
    return problems


def _build(kind: str, v: dict):
    from matcher.domain import Jobseeker  # local: keeps the import list above readable

    if kind == "jobseeker":
        return Jobseeker(**v)
    if kind == "program":
        if "category" not in v and v["program_type"] is ProgramType.ENTREPRENEURSHIP:
            v["category"] = ProgramCategory.BUSINESS_TRAINING
        return TrainingProgram(**v)
    return JobPosting(**v)


def load_jobseekers(path: str | Path, **kw) -> LoadReport:
    return load_records(path, "jobseeker", **kw)


def load_programs(path: str | Path, **kw) -> LoadReport:
    return load_records(path, "program", **kw)


def load_vacancies(path: str | Path, **kw) -> LoadReport:
    return load_records(path, "vacancy", **kw)
