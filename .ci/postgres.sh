#!/usr/bin/env bash
# Start a local PostgreSQL for the integration tests and print its DATABASE_URL.
#
# Installs Debian's postgresql package if it is missing, starts (or creates) a cluster
# on localhost:5432, and creates the role and database matcher_test with password
# auth. Safe to run again: every step checks first.
#
#   export MATCHER_TEST_DATABASE_URL="$(.ci/postgres.sh | tail -n1)"
set -euo pipefail

PGUSER_NAME="${MATCHER_PG_USER:-matcher_test}"
PGPASS="${MATCHER_PG_PASSWORD:-matcher_test}"
PGDB="${MATCHER_PG_DB:-matcher_test}"
PGPORT="${MATCHER_PG_PORT:-5432}"

log() { echo "postgres.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# 1. Binaries.
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  log "installing postgresql from Debian packages"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi
PGVER="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
PGBIN="/usr/lib/postgresql/${PGVER}/bin"

# 2. A cluster on the port: use Debian's wrappers, which handle the run dir and logs.
if ! pg_lsclusters -h | awk -v p="$PGPORT" '$3 == p {found=1} END {exit !found}'; then
  log "creating cluster ${PGVER}/main on port ${PGPORT}"
  as_root pg_createcluster --port "$PGPORT" "$PGVER" main
fi
read -r CVER CNAME _ CSTATUS _ < <(pg_lsclusters -h | awk -v p="$PGPORT" '$3 == p')
if [ "$CSTATUS" != "online" ]; then
  log "starting cluster ${CVER}/${CNAME}"
  as_root pg_ctlcluster "$CVER" "$CNAME" start
fi

# 3. Wait until it accepts connections (a fresh start can take a second or two).
for _ in $(seq 1 30); do
  if "$PGBIN/pg_isready" -h localhost -p "$PGPORT" -q; then break; fi
  sleep 1
done
"$PGBIN/pg_isready" -h localhost -p "$PGPORT" -q || { log "server did not come up"; exit 1; }

# 4. Role and database, created only when absent. Run as the postgres superuser over
# the local socket (peer auth), so no superuser password is needed.
psql_su() { as_root su postgres -c "psql -p $PGPORT -v ON_ERROR_STOP=1 -tAq $*"; }
if [ "$(psql_su "-c \"SELECT 1 FROM pg_roles WHERE rolname = '${PGUSER_NAME}'\"")" != "1" ]; then
  log "creating role ${PGUSER_NAME}"
  psql_su "-c \"CREATE ROLE ${PGUSER_NAME} LOGIN PASSWORD '${PGPASS}'\""
else
  psql_su "-c \"ALTER ROLE ${PGUSER_NAME} LOGIN PASSWORD '${PGPASS}'\""
fi
if [ "$(psql_su "-c \"SELECT 1 FROM pg_database WHERE datname = '${PGDB}'\"")" != "1" ]; then
  log "creating database ${PGDB}"
  psql_su "-c \"CREATE DATABASE ${PGDB} OWNER ${PGUSER_NAME}\""
fi

# 5. Prove password auth over TCP works before handing out the URL.
PGPASSWORD="$PGPASS" psql -h localhost -p "$PGPORT" -U "$PGUSER_NAME" -d "$PGDB" \
  -v ON_ERROR_STOP=1 -tAq -c "SELECT 1" >/dev/null

echo "postgresql+psycopg://${PGUSER_NAME}:${PGPASS}@localhost:${PGPORT}/${PGDB}"
