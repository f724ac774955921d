"""The monitoring dashboard renders for admins and counselor leads, and only for them."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from matcher.db import Role, User, session_scope  # noqa: E402
from matcher.monitoring import simulate_history  # noqa: E402
from matcher.workspace.startup import init_app_db  # noqa: E402
from tests.app.test_english_leaks import assert_no_developer_text  # noqa: E402

PAGE = str(Path(__file__).resolve().parents[2] / "app" / "pages" / "monitoring.py")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("mon") / "app.sqlite"
    engine = init_app_db(f"sqlite:///{path}").engine
    with session_scope(engine) as session:
        simulate_history(session, seed=7)
    engine.dispose()
    return str(path)


def _run(db_path: str, monkeypatch, role: Role, lang: str = "id") -> AppTest:
    monkeypatch.setenv("MATCHER_DB_PATH", db_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["user"] = User(id=1, username=role.value, role=role, display_name="t")
    at.session_state["lang"] = lang
    return at.run()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COUNSELOR_LEAD])
def test_dashboard_renders_with_demo_banner_for_managers(demo_db, monkeypatch, role):
    at = _run(demo_db, monkeypatch, role)
    assert not at.exception
    assert at.title[0].value == "Pemantauan & evaluasi"
    assert any("Data demo (simulasi)" in w.value for w in at.warning)
    assert [m.label for m in at.metric][:2] == ["Pendaftaran", "Rekomendasi ditampilkan"]
    assert at.metric[0].value == "320"
    # The simulated history carries a built-in wage bias: the check must say so.
    assert any("upah lebih rendah" in e.value for e in at.error)
    # Every table, value and status in Indonesian; no pointers to docs or the CLI.
    assert_no_developer_text(at)
    headers = {c for df in at.dataframe for c in df.value.columns}
    assert {"Porsi paparan", "Tempat tampil", "Tidak minat"} <= headers


def test_dashboard_speaks_english_when_asked(demo_db, monkeypatch):
    at = _run(demo_db, monkeypatch, Role.ADMIN, lang="en")
    assert not at.exception
    assert any("Demo data (simulated)" in w.value for w in at.warning)
    assert_no_developer_text(at)
    cells = {str(v) for df in at.dataframe for col in df.value for v in df.value[col]}
    assert "Counselor lists" in cells and "counselor_view" not in cells


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.TRAINER, Role.EMPLOYER])
def test_other_roles_cannot_see_the_dashboard(demo_db, monkeypatch, role):
    at = _run(demo_db, monkeypatch, role)
    assert not at.exception
    assert not at.metric
    assert not at.title
    assert at.error  # the translated "not allowed" message
