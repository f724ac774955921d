"""AppTest fixtures: each test gets its own copy of a seeded SQLite database.

The sample data and demo accounts are imported once per session (init_app_db, ~6 s) and the
file is copied per test. The engine uses TF-IDF and no ESCO mapping, so a page builds
it in well under a second.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from matcher.db import UserRepository, get_engine, session_scope
from matcher.workspace.startup import init_app_db

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("app_template") / "seeded.sqlite"
    engine = get_engine(f"sqlite:///{path}")
    init_app_db(engine=engine, demo_accounts=True, demo_history=False)
    engine.dispose()
    return path


@pytest.fixture
def app_db(seeded_template, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "matcher.sqlite"
    shutil.copyfile(seeded_template, path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("MATCHER_DB_PATH", str(path))
    monkeypatch.setenv("MATCHER_ENCODER", "tfidf")
    monkeypatch.setenv("MATCHER_NORMALISER", "raw")
    monkeypatch.setenv("MATCHER_DEMO", "1")  # the demo accounts sign in, under the banner
    return path


@pytest.fixture
def db(app_db):
    engine = get_engine(f"sqlite:///{app_db}")
    yield engine
    engine.dispose()


@pytest.fixture
def users(db):
    with session_scope(db) as s:
        return {u.username: u for u in UserRepository(s).list()}


@pytest.fixture
def open_page(app_db, users):
    """``page("counselor", "konselor", lang="id")`` -> an AppTest that has run once."""

    def _open(name: str, username: str | None, lang: str = "id") -> AppTest:
        at = AppTest.from_file(str(ROOT / "app" / "pages" / f"{name}.py"), default_timeout=TIMEOUT)
        if username:
            at.session_state["user"] = users[username]
        at.session_state["lang"] = lang
        return at.run()

    return _open


def texts(at: AppTest) -> str:
    """Everything the page shows as text, in one string (for 'is it on the page?')."""
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += (
        [e.value for e in at.text] + [e.value for e in at.title] + [e.value for e in at.subheader]
    )
    parts += (
        [e.value for e in at.success] + [e.value for e in at.error] + [e.value for e in at.info]
    )
    parts += [e.value for e in at.warning]
    return "\n".join(str(p) for p in parts).replace("\\", "")  # drop Markdown escapes
