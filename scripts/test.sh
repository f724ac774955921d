#!/usr/bin/env bash
# The test command: lint, start the local PostgreSQL the storage test needs, run pytest.
# Extra arguments go to pytest (e.g. bash scripts/test.sh -m "not integration").
set -euo pipefail
cd "$(dirname "$0")/.."

.venv/bin/ruff check .
.venv/bin/ruff format --check .

if [ -z "${MATCHER_TEST_DATABASE_URL:-}" ] && [ "${MATCHER_SKIP_POSTGRES:-0}" != "1" ]; then
  MATCHER_TEST_DATABASE_URL="$(bash .ci/postgres.sh | tail -n1)"
  export MATCHER_TEST_DATABASE_URL
fi
.venv/bin/python -m pytest "$@"
