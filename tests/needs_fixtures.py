"""Shared fixtures for the needs-map tests: a seeded database copied per test."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from matcher import config
from matcher.db import get_engine, session_scope
from matcher.needs.partners import ensure_partners
from matcher.workspace.startup import init_app_db

ROOT = Path(__file__).resolve().parents[1]


def load_script(name: str):
    """Import a script from data/intake/ as a module."""
    path = ROOT / "data" / "intake" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"intake_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def seeded_db_template(tmp_path_factory) -> Path:
    """The sample data, demo accounts and partners, built once per test session."""
    path = tmp_path_factory.mktemp("needs_db") / "template.sqlite"
    report = init_app_db(f"sqlite:///{path}", sample_dir=config.SAMPLE_DATA_DIR, demo_accounts=True)
    with session_scope(report.engine) as session:
        ensure_partners(session)
    report.engine.dispose()
    return path


@pytest.fixture
def seeded_engine(seeded_db_template, tmp_path):
    path = tmp_path / "db.sqlite"
    shutil.copy(seeded_db_template, path)
    engine = get_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def kobo_export_dir(tmp_path_factory) -> Path:
    """The messy sample export, rebuilt from the current sample jobseekers."""
    out = tmp_path_factory.mktemp("kobo")
    load_script("build_sample_export").build(out)
    return out
