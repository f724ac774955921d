"""No English developer text on the pages people use: no snake_case codes or column
names, no "None"/"nan", no pointers to docs or command lines.

``assert_no_developer_text(at)`` reads everything an AppTest run shows (texts, metrics,
table headers and cells, widget labels and options); the pages below are checked in
Indonesian for the roles that use them.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.app.conftest import texts

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b(?!\.\w)")  # a file name is not a code
FORBIDDEN = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|\bTrue\b|\bFalse\b|docs/|python -m|\.md\b")


def shown_strings(at) -> list[str]:
    out = [texts(at)]
    out += [f"{m.label} {m.value}" for m in at.metric]
    for frame in at.dataframe:
        value: pd.DataFrame = frame.value
        out += [str(c) for c in value.columns]
        for col in value.columns:
            out += [str(v) for v in value[col].tolist() if not isinstance(v, int | float)]
            out += ["nan" for v in value[col].tolist() if isinstance(v, float) and pd.isna(v)]
    for kind in ("selectbox", "multiselect", "radio"):
        for w in getattr(at, kind):
            out.append(str(w.label))
            out += [str(o) for o in w.options]
    for kind in ("button", "checkbox", "text_input", "slider", "expander", "tabs"):
        out += [str(getattr(w, "label", "")) for w in getattr(at, kind)]
    return out


def assert_no_developer_text(at) -> None:
    bad = sorted(
        {m.group(0) for s in shown_strings(at) for m in SNAKE.finditer(s)}
        | {m.group(0) for s in shown_strings(at) for m in FORBIDDEN.finditer(s)}
    )
    assert not bad, f"developer text on the page: {bad}"


def test_the_check_itself_catches_what_it_should():
    assert SNAKE.search("counselor_view") and SNAKE.search("reason_not_interested")
    assert not SNAKE.search("Pemantauan & evaluasi") and not SNAKE.search("JS-0001")
    assert not SNAKE.search("Berkas: sample_kobo_export.xlsx")
    assert FORBIDDEN.search("see docs/monitoring.md") and FORBIDDEN.search("None")
    assert not FORBIDDEN.search("Nonetheless")


PAGES = [
    ("needs_map", "koordinator"),
    ("needs_map", "konselor"),
    ("outreach", "konselor"),
    ("outreach", "pelatih"),
    ("partners", "koordinator"),
    ("partners", "admin"),
    ("field_intake", "konselor"),
    ("ranker_admin", "admin"),
]


ENGLISH = [("needs_map", "koordinator"), ("outreach", "pelatih"), ("partners", "admin"),
           ("field_intake", "konselor"), ("ranker_admin", "admin")]  # fmt: skip


@pytest.mark.parametrize(
    "page, username, lang", [(*p, "id") for p in PAGES] + [(*p, "en") for p in ENGLISH]
)
def test_page_shows_no_developer_text(open_page, page, username, lang, tmp_path, monkeypatch):
    from matcher import config

    monkeypatch.setattr(config, "MODELS_DIR", tmp_path / "models")
    at = open_page(page, username, lang=lang)
    assert not at.exception
    assert at.title
    assert_no_developer_text(at)


def test_field_intake_preview_of_the_sample_export_shows_no_developer_text(open_page):
    at = open_page("field_intake", "konselor")
    next(b for b in at.button if b.key == "nd_try_sample").click().run()
    assert not at.exception
    assert at.dataframe  # the preview is there
    assert_no_developer_text(at)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_field_intake_says_row_problems_and_fixes_in_the_readers_language(open_page, lang):
    from app.i18n.uploads import tr
    from matcher.needs.intake import preview_intake
    from tests.app.conftest import ROOT

    sample = preview_intake(ROOT / "data" / "intake" / "sample_kobo_export.xlsx")
    english = {str(p.allowed) for p in sample.problems} | {str(n) for r in sample.rows
                                                         for n in r.notes}  # fmt: skip
    at = open_page("field_intake", "konselor", lang=lang)
    next(b for b in at.button if b.key == "nd_try_sample").click().run()
    assert not at.exception
    problems, preview = at.dataframe[0].value, at.dataframe[1].value
    allowed = list(problems.iloc[:, -1])
    notes = [n for n in preview.iloc[:, -1] if n]
    assert tr(by_code(sample, "intake_same_submission_problem"), lang) in allowed
    assert notes == [tr(by_row(sample, 4).notes[0], lang)]
    shown = set(shown_strings(at))
    if lang == "id":
        assert not english & (set(allowed) | set(notes) | shown)
        assert "kiriman yang sama dengan baris 2" in allowed[-1]
    else:
        assert "same submission as row 2" in allowed[-1]


def by_code(preview, code):
    return next(p.allowed for p in preview.problems if p.allowed.code == code)


def by_row(preview, n):
    return next(r for r in preview.rows if r.row == n)
