"""Load jobseekers, programs and vacancies from CSV or Excel, validating every cell.

A file with some bad rows loads the good rows and reports every bad one in a
:class:`~matcher.errors.LoadReport`; no row is dropped silently. Windows-1252 exports,
semicolon-separated files, extra columns and Indonesian number/date formats are handled.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from matcher import parsing
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
from matcher.errors import FileFormatError, LoadReport, RowProblem
from matcher.scoring.geo import Gazetteer, default_gazetteer

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Field:
    name: str
    parse: Callable[[Any], Any]
    required: bool = False  # the column must exist and the cell must not be empty
    allowed: str = ""  # shown when the value is missing


def _enum(enum, aliases=None):
    return lambda v: parsing.parse_enum(v, enum, aliases)


def _nonempty_text(v: Any) -> str:
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
    Field("id", _nonempty_text, True, "a pseudonymous id such as JS-0001"),
    Field("name", str),
    Field("phone", str),
    Field("age", lambda v: parsing.parse_int(v, minimum=14), True, "an age in years"),
    Field("gender", _enum(Gender, _GENDER_ALIASES), True, "P or L"),
    Field("kelurahan", str, True, "a DKI Jakarta kelurahan name"),
    Field("education", parsing.parse_education, True, "an education level such as SMA"),
    Field("segment", _enum(Segment, _SEGMENT_ALIASES), True, "pemuda or perempuan_wirausaha"),
    Field("skills", parsing.parse_list),
    Field("experience", str),
    Field("interests", str),
    Field("availability", str),
    Field("max_travel_km", lambda v: parsing.parse_float(v, minimum=0)),
    Field("expected_wage", lambda v: parsing.parse_int(v, minimum=0)),
    Field("languages", parsing.parse_list),
    Field("disability", str),
    Field("business_description", str),
    Field("business_stage", _enum(BusinessStage)),
    Field("registered_on", parsing.parse_date),
]

PROGRAM_FIELDS = [
    Field("id", _nonempty_text, True, "a programme id such as PR-001"),
    Field("provider", _nonempty_text, True, "the training provider's name"),
    Field("title", _nonempty_text, True, "the programme title"),
    Field("program_type", _enum(ProgramType, _PROGRAM_TYPE_ALIASES), True, "vokasi or kewirausahaan"),
    Field("category", _enum(ProgramCategory)),
    Field("description", str),
    Field("skills_taught", parsing.parse_list),
    Field("min_age", lambda v: parsing.parse_int(v, minimum=0)),
    Field("max_age", lambda v: parsing.parse_int(v, minimum=0)),
    Field("target_gender", _enum(TargetGender, _TARGET_GENDER_ALIASES)),
    Field("target_segment", _enum(TargetSegment, _SEGMENT_ALIASES)),
    Field("min_education", parsing.parse_education),
    Field("schedule", str),
    Field("kelurahan", str),
    Field("online", parsing.parse_bool),
    Field("cost", lambda v: parsing.parse_int(v, minimum=0)),
    Field("seats", lambda v: parsing.parse_int(v, minimum=0)),
    Field("seats_filled", lambda v: parsing.parse_int(v, minimum=0)),
    Field("start_date", parsing.parse_date),
    Field("duration_days", lambda v: parsing.parse_int(v, minimum=1)),
]  # fmt: skip

VACANCY_FIELDS = [
    Field("id", _nonempty_text, True, "a vacancy id such as JV-0001"),
    Field("employer", _nonempty_text, True, "the employer's name"),
    Field("title", _nonempty_text, True, "the job title"),
    Field("title_aliases", lambda v: parsing.parse_list(v, separators="|")),
    Field("description", str),
    Field("required_skills", parsing.parse_list),
    Field("nice_skills", parsing.parse_list),
    Field("min_education", parsing.parse_education),
    Field("kelurahan", str, True, "a DKI Jakarta kelurahan name"),
    Field("work_type", _enum(WorkType, _WORK_TYPE_ALIASES)),
    Field("schedule", str),
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
    path: str | Path, data: bytes | None = None, *, normalise_columns: bool = True
) -> tuple[pd.DataFrame, list[str]]:
    """Read a CSV or .xlsx file as all-text cells. Returns the frame and warnings.

    ``data`` lets the app pass uploaded bytes; ``path`` then only names the file.
    ``normalise_columns=False`` keeps the headers as written (a Kobo export's
    ``group/field`` names are mapped by the intake importer itself).
    """
    name = str(path)
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise FileFormatError(name, f"cannot be read ({exc.strerror})") from None
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileFormatError(
            name, f"is {len(data) / 1e6:.1f} MB; files up to {MAX_UPLOAD_BYTES / 1e6:.0f} MB"
        )
    warnings: list[str] = []
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            frame = pd.read_excel(io.BytesIO(data), dtype=object, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise FileFormatError(name, f"is not a readable Excel file ({exc})") from None
    elif suffix in (".csv", ".txt", ""):
        text, encoding = _decode(data)
        if encoding not in ("utf-8", "utf-8-sig"):
            warnings.append(f"read as {encoding} (not UTF-8)")
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
        if delimiter == "|":  # the alias separator is "|" and never a column delimiter
            delimiter = ","
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
            skip_blank_lines=True,
        )  # fmt: skip
    else:
        raise FileFormatError(name, f"has type {suffix!r}; allowed: .csv, .xlsx")
    if normalise_columns:
        frame.columns = [_normalise_column(c) for c in frame.columns]
    return frame, warnings


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "utf-8"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    # Excel on Indonesian Windows exports Windows-1252; it decodes every byte but five.
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _normalise_column(column: object) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", str(column).strip().lower()).strip("_")
    return COLUMN_ALIASES.get(key, key)


def load_records(
    path: str | Path,
    kind: str,
    *,
    data: bytes | None = None,
    gazetteer: Gazetteer | None = None,
) -> LoadReport:
    """Load one file of ``kind`` ("jobseeker", "program" or "vacancy")."""
    if kind not in SCHEMAS:
        raise ValueError(f"kind={kind!r}; allowed: {', '.join(SCHEMAS)}")
    name = Path(str(path)).name
    frame, warnings = read_table(path, data)
    fields = SCHEMAS[kind]
    known = {f.name for f in fields}
    missing = [f.name for f in fields if f.required and f.name not in frame.columns]
    if missing:
        raise FileFormatError(
            name,
            f"missing required column(s) {', '.join(missing)}; found {', '.join(frame.columns)};"
            f" expected columns: {', '.join(f.name for f in fields)}",
        )
    extra = [c for c in frame.columns if c not in known]
    if extra:
        warnings.append(
            f"column(s) {', '.join(extra)} are not part of the {kind} schema and were not imported"
        )
    report = LoadReport(file=name, rows_read=len(frame), warnings=warnings)
    gaz = gazetteer or default_gazetteer()
    seen: dict[str, int] = {}
    for index, raw in enumerate(frame.to_dict(orient="records")):
        row_number = index + 2  # as a spreadsheet shows it, below the header row
        values, problems = _parse_row(raw, fields, name, row_number)
        problems += _check_row(kind, values, name, row_number, gaz)
        rid = values.get("id")
        if rid and rid in seen:
            problems.append(
                RowProblem(name, row_number, "id", rid, f"a unique id (also on row {seen[rid]})")
            )
        elif rid:
            seen[rid] = row_number  # even a rejected row claims its id: fixing it must not clash
        if problems:
            report.problems.extend(problems)
            continue
        report.records.append(_build(kind, values))
    return report


def _parse_row(raw: dict, fields: list[Field], name: str, row: int):
    values: dict[str, Any] = {}
    problems: list[RowProblem] = []
    for f in fields:
        cell = raw.get(f.name)
        if parsing.is_empty(cell):
            if f.required:
                problems.append(RowProblem(name, row, f.name, "", f"a value: {f.allowed}"))
            continue
        try:
            values[f.name] = f.parse(cell.strip() if isinstance(cell, str) else cell)
        except ValueError as exc:
            problems.append(RowProblem(name, row, f.name, cell, str(exc)))
    return values, problems


def _check_row(kind: str, v: dict, name: str, row: int, gaz: Gazetteer) -> list[RowProblem]:
    problems: list[RowProblem] = []
    if v.get("kelurahan"):
        try:
            v["kelurahan"] = gaz.get(v["kelurahan"]).name
        except ValueError as exc:
            problems.append(RowProblem(name, row, "kelurahan", v["kelurahan"], str(exc)))
    lo, hi = v.get("min_age"), v.get("max_age")
    if lo is not None and hi is not None and lo > hi:
        problems.append(RowProblem(name, row, "max_age", hi, f"at least min_age ({lo})"))
    if kind == "jobseeker" and v.get("age") is not None and v["age"] > 100:
        problems.append(RowProblem(name, row, "age", v["age"], "an age between 14 and 100"))
    if kind == "program":
        if v.get("seats_filled", 0) > v.get("seats", 0) and "seats" in v:
            problems.append(
                RowProblem(name, row, "seats_filled", v["seats_filled"], f"at most seats ({v['seats']})")
            )  # fmt: skip
        if not v.get("online") and not v.get("kelurahan"):
            problems.append(
                RowProblem(name, row, "kelurahan", "", "a kelurahan, unless online is ya")
            )
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
