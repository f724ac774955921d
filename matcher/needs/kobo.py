"""Reading the intake form's KoboToolbox / ODK export: columns, cells, one row's values.

Kobo writes ``group/field`` headers (``group_field`` after a spreadsheet resave), its own
``_uuid`` and ``_submission_time``, select_multiple answers as space-separated codes plus
one 0/1 column per option (ignored here). :func:`parse_row` turns one row into the
keyword arguments of :class:`~matcher.domain.Jobseeker` (without ``id``) and the
problems found, using the parsers of :data:`matcher.loaders.JOBSEEKER_FIELDS`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from matcher import loaders, parsing
from matcher.errors import Message, RowProblem
from matcher.needs.intake_form import CHOICES, PERSON_GROUPS, SELECT_MULTIPLE, YES, choice_label
from matcher.scoring.geo import Gazetteer

KELURAHAN_SIMILARITY = 0.8  # a typo closer than this is corrected (and said so)
_FIELDS = {f.name: f for f in loaders.JOBSEEKER_FIELDS}


def export_columns(columns: Sequence[str]) -> dict[str, str]:
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
    """Read a Kobo/ODK export (.xlsx or .csv, ';' or ',') as text cells, headers as written.

    The loader's reader: same size limit, encoding detection and delimiter sniffing.
    """
    return loaders.read_table(path, data, normalise_columns=False)


def cell_value(raw: dict, cols: dict[str, str], key: str) -> object:
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


def _kelurahan(value: str, gaz: Gazetteer) -> tuple[str | None, Message | None]:
    """(name, note) for a code or typed name; (None, None) when nothing is close."""
    text = str(value).replace("_", " ").strip()
    found = gaz.find(text)
    if found is not None:
        return found.name, None
    names = gaz.names()
    close = difflib.get_close_matches(text.title(), names, n=1, cutoff=KELURAHAN_SIMILARITY)
    if close:
        note = Message(f"kelurahan '{value}' -> '{close[0]}'", "intake_kelurahan_fixed",
                       typed=value, kelurahan=close[0])  # fmt: skip
        return close[0], note
    return None, None


def _allowed(exc: ValueError) -> str:
    """A parser's reason, keeping its code (``str(exc)`` would drop it)."""
    return exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)


def parse_row(raw: dict, cols: dict[str, str], file: str, row: int, gaz: Gazetteer, as_of: date):
    """One row's Jobseeker values, its problems and its notes (corrections made).

    Every problem's ``allowed`` and every note is a :class:`~matcher.errors.Message`, so
    the app shows it in the reader's language (``msg_<code>`` in ``app/i18n``).
    """
    problems: list[RowProblem] = []
    notes: list[Message] = []

    def bad(key: str, value: object, allowed: str) -> None:
        problems.append(RowProblem(file, row, cols.get(key, key), value, allowed))

    v: dict[str, object] = {}
    for key in ("name", "phone", "experience", "interests", "disability", "business_description"):
        cell = cell_value(raw, cols, key)
        if cell is not None:
            v[key] = " ".join(str(cell).split())
    if not v.get("name"):
        bad("name", "", Message("a name (required in the form)", "intake_name"))
    submitted = cell_value(raw, cols, "submission_time") or cell_value(raw, cols, "registered_on")
    try:
        v["registered_on"] = parsing.parse_date(str(submitted)[:10]) if submitted else as_of
    except ValueError:
        v["registered_on"] = as_of
    ref = v["registered_on"]
    birth = cell_value(raw, cols, "birth_date")
    birth_date = None
    if birth is not None:
        try:
            birth_date = parsing.parse_date(birth)
        except ValueError as exc:
            bad("birth_date", birth, _allowed(exc))
    age_cell = cell_value(raw, cols, "age")
    if birth_date is not None:
        v["age"] = (
            ref.year - birth_date.year - ((ref.month, ref.day) < (birth_date.month, birth_date.day))
        )
    elif age_cell is not None:
        try:
            v["age"] = _FIELDS["age"].parse(str(age_cell).split(".")[0])
        except ValueError as exc:
            bad("age", age_cell, _allowed(exc))
    elif birth is None:
        bad("birth_date", "", Message("a date of birth such as 2007-04-03 or 3/4/2007",
                                      "intake_birth_date"))  # fmt: skip
    if "age" in v and not 14 <= int(v["age"]) <= 100:
        bad("birth_date", birth or age_cell, Message(
            "an age between 14 and 100 on the registration day", "intake_age_range",
            minimum=14, maximum=100))  # fmt: skip
    for key in ("gender", "education", "segment", "business_stage", "max_travel_km"):
        cell = cell_value(raw, cols, key)
        if cell is None:
            if _FIELDS[key].required:
                allowed = _FIELDS[key].allowed
                bad(key, "", Message(f"a value: {allowed}", "intake_required"))
            continue
        text = str(cell).replace("_", " ") if key == "education" else str(cell)
        try:
            v[key] = _FIELDS[key].parse(text.strip())
        except ValueError as exc:
            bad(key, cell, _allowed(exc))
    kel = cell_value(raw, cols, "kelurahan")
    if kel is not None and str(kel).strip() == "lainnya":
        kel = cell_value(raw, cols, "kelurahan_other")
    if kel is None:
        bad("kelurahan", "", Message("a DKI Jakarta kelurahan name, e.g. Tanjung Barat",
                                     "kelurahan_unknown"))  # fmt: skip
    else:
        name, note = _kelurahan(str(kel), gaz)
        if name is None:
            close = difflib.get_close_matches(str(kel).title(), gaz.names(), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            bad("kelurahan", kel, Message(
                f"a DKI Jakarta kelurahan name, e.g. Tanjung Barat{hint}",
                "kelurahan" if close else "kelurahan_unknown", suggestions=", ".join(close)))  # fmt: skip
        else:
            v["kelurahan"] = name
            if note:
                notes.append(note)
    skills = _labels("skills", cell_value(raw, cols, "skills"))
    skills += list(parsing.parse_list(cell_value(raw, cols, "skills_other")))
    v["skills"] = tuple(dict.fromkeys(s for s in skills if s))
    langs = _labels("languages", cell_value(raw, cols, "languages"))
    v["languages"] = tuple(langs) or ("Bahasa Indonesia",)
    # Codes, not labels: "pagi, akhir pekan" is what the schedule parser reads best.
    avail = [c.replace("_", " ") for c in str(cell_value(raw, cols, "availability") or "").split()]
    note = cell_value(raw, cols, "availability_note")
    v["availability"] = "; ".join([", ".join(avail)] * bool(avail) + [str(note)] * bool(note))
    # Money answers have no Jobseeker field; they are kept in the matching text fields.
    for key, target, template in (
        ("expected_wage", "interests", "harapan gaji Rp {:,}/bulan"),
        ("monthly_revenue", "business_description", "omzet sekitar Rp {:,}/bulan"),
    ):
        cell = cell_value(raw, cols, key)
        if cell is None:
            continue
        try:
            amount = parsing.parse_int(cell, minimum=0)
        except ValueError as exc:
            bad(key, cell, _allowed(exc))
            continue
        text = template.format(amount).replace(",", ".")
        v[target] = "; ".join(x for x in (str(v.get(target, "")), text) if x)
    return v, problems, notes


def consented(raw: dict, cols: dict[str, str]) -> bool:
    cell = cell_value(raw, cols, "consent")
    if cell is None:
        return False
    text = str(cell).strip().lower()
    return text == YES or (text not in ("tidak",) and _bool(text))


def _bool(text: str) -> bool:
    try:
        return parsing.parse_bool(text)
    except ValueError:
        return False
