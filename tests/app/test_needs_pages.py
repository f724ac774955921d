"""The needs-map pages render for their roles, refuse others, and do what they say."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from matcher.db import (  # noqa: E402
    JobseekerRepository,
    Role,
    UserRepository,
    get_engine,  # noqa: E402
    session_scope,
)
from tests.needs_fixtures import seeded_db_template  # noqa: E402, F401

PAGES = Path(__file__).resolve().parents[2] / "app" / "pages"


@pytest.fixture
def db_path(seeded_db_template, tmp_path) -> str:  # noqa: F811
    path = tmp_path / "app.sqlite"
    shutil.copy(seeded_db_template, path)
    return str(path)


def run(page: str, db_path: str, monkeypatch, role: Role, lang: str = "id", **state) -> AppTest:
    monkeypatch.setenv("MATCHER_DB_PATH", db_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with session_scope(get_engine(f"sqlite:///{db_path}")) as s:
        user = UserRepository(s).list(role=role)[0]
    at = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=180)
    at.session_state["user"] = user
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


ALLOWED = {
    "partners": [Role.ADMIN, Role.COUNSELOR_LEAD],
    "needs_map": [Role.ADMIN, Role.COUNSELOR_LEAD, Role.COUNSELOR],
    "field_intake": [Role.ADMIN, Role.COUNSELOR],
    "outreach": [Role.ADMIN, Role.COUNSELOR, Role.TRAINER],
}


@pytest.mark.parametrize("page, role", [(p, r) for p, roles in ALLOWED.items() for r in roles])
def test_page_renders_for_its_roles(page, role, db_path, monkeypatch):
    at = run(page, db_path, monkeypatch, role)
    assert not at.exception
    assert at.title


@pytest.mark.parametrize(
    "page, role",
    [(p, r) for p, roles in ALLOWED.items() for r in Role if r not in roles],
)
def test_page_refuses_other_roles(page, role, db_path, monkeypatch):
    at = run(page, db_path, monkeypatch, role)
    assert not at.exception
    assert not at.title and at.error


def test_partners_lists_every_partner_and_only_admin_gets_edit_forms(db_path, monkeypatch):
    admin = run("partners", db_path, monkeypatch, Role.ADMIN)
    assert len(admin.dataframe[0].value) > 150
    assert any(e.label == "Ubah data mitra" for e in admin.expander)
    lead = run("partners", db_path, monkeypatch, Role.COUNSELOR_LEAD)
    assert not any(e.label == "Ubah data mitra" for e in lead.expander)


def test_admin_edits_a_partner_from_the_page(db_path, monkeypatch):
    at = run("partners", db_path, monkeypatch, Role.ADMIN)
    at.text_input(key="nd_partner_search").set_value("PKK Kelurahan").run()
    form = next(e for e in at.expander if e.label == "Ubah data mitra")
    form.text_input[2].set_value("Ibu Maryam (fiktif)")  # contact person
    form.button[0].click()
    at.run()
    assert not at.exception
    assert any("tersimpan" in s.value for s in at.success)
    assert "Ibu Maryam (fiktif)" in at.dataframe[0].value.to_string()


def test_needs_map_shows_gaps_suggestions_and_map(db_path, monkeypatch):
    at = run("needs_map", db_path, monkeypatch, Role.COUNSELOR)
    gaps = at.dataframe[0].value
    assert "Kekurangan" in gaps.columns and (gaps["Kekurangan"] > 0).all()
    assert list(gaps["Kekurangan"]) == sorted(gaps["Kekurangan"], reverse=True)
    assert any("lowongan terbuka" in m.value for m in at.markdown)
    assert [m.label for m in at.metric] == ["Pencari kerja", "Lowongan", "Tempat pelatihan"]
    at.selectbox(key="nd_kel").set_value("Tanjung Barat").run()
    assert not at.exception
    at.selectbox(key="nd_seg").set_value(at.selectbox(key="nd_seg").options and None).run()
    assert not at.exception


def test_needs_map_speaks_english(db_path, monkeypatch):
    at = run("needs_map", db_path, monkeypatch, Role.ADMIN, lang="en")
    assert not at.exception and at.title[0].value == "Needs and resources map"


def test_field_intake_previews_the_sample_and_saves_on_request(db_path, monkeypatch):
    at = run("field_intake", db_path, monkeypatch, Role.COUNSELOR)
    at.button(key="nd_try_sample").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Baris": "12", "Diterima": "7", "Ditolak": "5", "Kemungkinan duplikat": "2"}
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["Berkas", "Baris", "Kolom", "Nilai", "Yang diperbolehkan"]
    assert len(at.radio) == 2  # one choice per possible duplicate
    engine = get_engine(f"sqlite:///{db_path}")
    with session_scope(engine) as s:
        before = JobseekerRepository(s).count()
    at.button(key="nd_commit").click().run()
    assert not at.exception
    assert any("5 baru" in s.value for s in at.success)
    with session_scope(engine) as s:
        assert JobseekerRepository(s).count() == before + 5


def test_outreach_shows_a_whatsapp_message_and_a_flyer(db_path, monkeypatch):
    at = run("outreach", db_path, monkeypatch, Role.COUNSELOR)
    assert "Cara daftar" in at.code[0].value and len(at.code[0].value) <= 700
    at.radio(key="nd_out_kind").set_value("vacancy").run()
    assert not at.exception and "*Lowongan:" in at.code[0].value


def test_trainer_sees_only_their_providers_programmes(db_path, monkeypatch):
    at = run("outreach", db_path, monkeypatch, Role.TRAINER)
    assert len(at.radio(key="nd_out_kind").options) == 1
    assert all("PPKD Jakarta Selatan" in o for o in at.selectbox(key="nd_out_item").options)
