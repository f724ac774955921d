"""Streamlit's own English words are avoided through its public options (docs/workspace.md,
"Streamlit's own words"): text fields outside a form commit after a pause (no "Press
Enter to apply"), short select lists take no typing (no "No results"), and an empty
select box shows our placeholder, not "Choose an option"."""

from __future__ import annotations

import pytest
from streamlit.proto.SelectWidgetFilterMode_pb2 import FILTER_MODE_NONE

SHORT_LIST = 12  # options a person picks from without typing
NO_TYPING = FILTER_MODE_NONE
RECORD_PICKERS = {"Pilih lowongan", "Nama pengguna"}  # lists of records grow: typing stays
PAGES = [("register", "konselor"), ("employer", "pemberi_kerja"), ("admin_users", "admin"),
         ("partners", "admin"), ("needs_map", "konselor")]  # fmt: skip


@pytest.mark.parametrize("page, username", PAGES)
def test_widgets_avoid_streamlits_english_hints(open_page, page, username, tmp_path, monkeypatch):
    from matcher import config

    monkeypatch.setattr(config, "MODELS_DIR", tmp_path / "models")
    at = open_page(page, username)
    assert not at.exception
    fields = [w for w in at.text_input if not w.proto.form_id]
    typed = [w.label for w in fields if w.proto.live_debounce_ms <= 0]
    assert not typed, f"{page}: commit only on Enter, so Streamlit says 'Press Enter': {typed}"
    boxes = list(at.selectbox)
    short = [w.label for w in boxes if len(w.options) <= SHORT_LIST
             and w.label not in RECORD_PICKERS and w.proto.filter_mode != NO_TYPING]  # fmt: skip
    assert not short, f"{page}: short lists that can show 'No results': {short}"
    # No default: the box starts empty and shows its placeholder.
    empty = [w.label for w in boxes if not w.proto.HasField("default") and not w.proto.placeholder]
    assert not empty, f"{page}: empty select boxes with Streamlit's placeholder: {empty}"


def test_the_counselors_search_commits_as_typed(open_page):
    at = open_page("counselor", "konselor")
    assert not at.exception
    assert not [w.label for w in at.text_input if not w.proto.form_id
                and w.proto.live_debounce_ms <= 0]  # fmt: skip


def test_the_check_sees_a_field_that_waits_for_enter():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(
        "import streamlit as st\nst.text_input('q')\nst.text_input('r', live='400ms')"
    ).run()
    waiting = [
        w.label for w in at.text_input if not w.proto.form_id and w.proto.live_debounce_ms <= 0
    ]
    assert waiting == ["q"]
