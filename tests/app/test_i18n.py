"""Every string exists in Indonesian and English, once, and every key a page uses exists."""

from __future__ import annotations

import re
from pathlib import Path

import app.i18n as i18n

APP = Path(__file__).resolve().parents[2] / "app"


def test_no_key_is_defined_twice():
    assert i18n.DUPLICATES == []


def test_every_key_has_a_non_empty_indonesian_and_english_text():
    missing = [k for k, v in i18n.STRINGS.items() if not (v.get("id") and v.get("en"))]
    assert missing == []


def test_every_literal_key_used_by_the_app_is_defined():
    used = set()
    for path in APP.rglob("*.py"):
        used |= set(re.findall(r'(?<![a-z_.])t\("([a-z_0-9]+)"', path.read_text()))
    assert sorted(k for k in used if k not in i18n.STRINGS) == []


def test_english_is_used_when_asked_and_unknown_keys_show_as_themselves():
    assert i18n.t("nav_jobseekers", lang="en") == "Jobseekers"
    assert i18n.t("nav_jobseekers", lang="id") == "Pencari kerja"
    assert i18n.t("no_such_key") == "no_such_key"


def test_every_field_a_message_can_name_has_an_indonesian_label():
    """Errors read "question: ..." and "provider: None": a column without a label showed
    its schema name. The columns: every loader field, and every literal column a
    ``RowProblem`` is built with in the engine's code."""
    from matcher import loaders

    columns = {f.name for fields in (loaders.JOBSEEKER_FIELDS, loaders.PROGRAM_FIELDS,
                                     loaders.VACANCY_FIELDS) for f in fields}  # fmt: skip
    source = "\n".join(p.read_text() for p in (APP.parent / "matcher").rglob("*.py"))
    columns |= set(re.findall(r'RowProblem\(\s*[^,()]+,\s*[^,()]+,\s*"([a-z_]+)"', source))
    columns |= {"question", "answer"}  # hub requests' columns, built on two lines
    assert sorted(c for c in columns if f"f_{c}" not in i18n.STRINGS) == []
