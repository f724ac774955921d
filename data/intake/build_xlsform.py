"""Write the jobseeker intake XLSForm (survey / choices / settings) with openpyxl.

Run from the repository root::

    .venv/bin/python data/intake/build_xlsform.py

The form's content lives in :mod:`matcher.needs.intake_form`, which the importer also
reads; this script only lays it out. Upload the .xlsx to KoboToolbox (Deploy) or convert
it for ODK Central with ``xls2xform --skip_validate``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from matcher.needs.intake_form import (  # noqa: E402
    CHOICES,
    FORM_ID,
    FORM_TITLE,
    FORM_VERSION,
    LANGS,
    SURVEY,
    kelurahan_choices,
)

OUT = Path(__file__).resolve().parent / "jobseeker_intake_xlsform.xlsx"
LABEL_ID, LABEL_EN = (f"label::{lang}" for lang in LANGS)
SURVEY_COLUMNS = ["type", "name", LABEL_ID, LABEL_EN, f"hint::{LANGS[0]}", f"hint::{LANGS[1]}",
                  "required", "relevant", "constraint", f"constraint_message::{LANGS[0]}",
                  f"constraint_message::{LANGS[1]}", "appearance", "calculation"]  # fmt: skip


def build(out: Path = OUT) -> Path:
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(SURVEY_COLUMNS)
    for q in SURVEY:
        survey.append([
            # Hints and messages show Indonesian formats ("4,5 jt"), so both languages
            # carry the same text.
            q.type, q.name, q.label_id, q.label_en, q.hint_id, q.hint_id,
            "yes" if q.required else "", q.relevant, q.constraint, q.constraint_msg,
            q.constraint_msg, q.appearance, q.calculation,
        ])  # fmt: skip
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", LABEL_ID, LABEL_EN])
    lists = dict(CHOICES, kelurahan=kelurahan_choices())
    for list_name, rows in lists.items():
        for code, label_id, label_en in rows:
            choices.append([list_name, code, label_id, label_en])
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language", "instance_name"])
    settings.append([FORM_TITLE, FORM_ID, FORM_VERSION, LANGS[0],
                     "concat(${name}, ' - ', ${kelurahan})"])  # fmt: skip
    for ws in wb.worksheets:
        for cell in ws[1]:
            cell.font = Font(bold=True)
    wb.save(out)
    return out


if __name__ == "__main__":
    print(f"wrote {build()}")
