"""No module under app/ opens a database session or uses a repository: pages call the
permission-checked services in matcher.workspace (issue 13).

The scan reads each module's imports (AST, nothing is executed). The app's wiring may
hold the session factory; modules still waiting to be moved are listed by name and a
second test fails once one of them no longer needs the exception, so the list shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"
SESSION_NAMES = {"session_scope", "get_engine", "init_db", "init_app_db", "db_session", "db_engine",
                 "session_factory", "Session", "sessionmaker"}  # fmt: skip
# Where the app is wired to the database: the session factory lives here, nowhere else.
WIRING = {"state.py": "defines db_session / session_factory",
          "services.py": "builds the page services on the session factory",
          "session_guard.py": "checks the server-side session on every rerun",
          "session_route.py": "the HttpOnly cookie route of app/server.py",
          "main.py": "migrates and seeds the database before any page runs"}  # fmt: skip


def db_imports(path: Path) -> list[str]:
    """``module.name`` of every repository, session helper or SQLAlchemy import."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "sqlalchemy"]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] == "sqlalchemy":
                found.append(node.module)
                continue
            for alias in node.names:
                name = alias.name
                if name.endswith("Repository") or name in SESSION_NAMES:
                    found.append(f"{node.module}.{name}")
    return found


def modules() -> list[str]:
    return sorted(str(p.relative_to(APP)) for p in APP.rglob("*.py"))


def test_the_scan_finds_a_repository_and_a_session_import(tmp_path):
    bad = tmp_path / "page.py"
    bad.write_text(
        "from matcher.db import JobseekerRepository, Role\n"
        "from app.state import db_session\nimport sqlalchemy.orm\n",
        encoding="utf-8",
    )
    assert db_imports(bad) == [
        "matcher.db.JobseekerRepository", "app.state.db_session", "sqlalchemy.orm"
    ]  # fmt: skip


@pytest.mark.parametrize("module", [m for m in modules() if m not in WIRING])
def test_module_opens_no_session_and_uses_no_repository(module):
    assert db_imports(APP / module) == []
