"""Every code an upload or form check can give has an Indonesian and English text."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import app.i18n as i18n
from app.i18n.uploads import tr
from matcher.errors import FileFormatError, Message
from matcher.loaders import load_records
from tests.malformed_files import corpus

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["matcher/reading.py", "matcher/loaders.py", "matcher/parsing.py",
           "matcher/workspace/employers.py"]  # fmt: skip


def _codes_in_source() -> set[str]:
    """The code argument of every Message(text, code) and _error(file, text, code) call."""
    codes: set[str] = set()
    for rel in SOURCES:
        for node in ast.walk(ast.parse((ROOT / rel).read_text())):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            position = {"Message": 1, "_error": 2}.get(node.func.id)
            if position is None or len(node.args) <= position:
                continue
            arg = node.args[position]
            for const in ast.walk(arg):
                if isinstance(const, ast.Constant) and isinstance(const.value, str):
                    codes.add(const.value)
    return codes


def test_every_code_in_the_source_has_a_text_in_both_languages():
    codes = _codes_in_source()
    assert len(codes) >= 50
    missing = sorted(c for c in codes if f"msg_{c}" not in i18n.STRINGS)
    assert missing == []


def _messages() -> list[Message]:
    found: list[Message] = []
    for case in corpus():
        try:
            report = load_records(case.name, case.kind, data=case.data, sheet=case.sheet)
        except FileFormatError as exc:
            found.append(exc.message)
            continue
        found += [p.allowed for p in report.problems] + list(report.warnings)
    return found


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_message_the_corpus_gives_is_translated_with_its_parameters(lang):
    messages = _messages()
    untranslated = {str(m)[:80] for m in messages if not getattr(m, "code", "")}
    assert untranslated == set()
    for m in messages:
        text = tr(m, lang)
        assert "{" not in text, text  # every placeholder was filled
        if lang == "id" and m.code not in ("education",):
            assert text != str(m), m.code  # Indonesian differs from the English text
