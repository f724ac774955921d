"""The malformed-file corpus's storage check on a real PostgreSQL server.

PostgreSQL enforces what SQLite lets pass (string lengths, 32-bit integers, no NUL in
text or JSON), so this is where "whatever validates also saves" is proven. Each test
gets a new empty schema on the database named by MATCHER_TEST_DATABASE_URL::

    export MATCHER_TEST_DATABASE_URL="$(.ci/postgres.sh)"
    .venv/bin/pytest tests/test_malformed_uploads_postgres.py
"""

# Fixtures imported from db_fixtures are used as arguments, which pyflakes reads as
# redefinitions.
# ruff: noqa: F811
from __future__ import annotations

from tests.db_fixtures import POSTGRES_ONLY, db_engine, postgres_empty_engine  # noqa: F401
from tests.test_malformed_uploads import (  # noqa: F401
    test_every_row_the_corpus_loads_is_saved_and_reads_back_unchanged,
)

pytestmark = [
    *POSTGRES_ONLY,
]


def test_postgres_is_really_the_backend_of_the_corpus_check(db_engine):
    assert db_engine.dialect.name == "postgresql"
