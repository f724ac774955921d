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
