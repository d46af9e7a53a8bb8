#!/usr/bin/env bash
# Start a local PostgreSQL for the store tests (CI, Debian, run as root) and print the
# variable that points the tests at it:  eval "$(bash .ci/postgres.sh)"
# Idempotent: reuses a running cluster, an existing role and database. Installing the
# postgresql package is the caller's job. Only the export line goes to stdout.
set -euo pipefail
exec 3>&1 1>&2

ROLE=${PGROLE_NAME:-reelflow}
PASSWORD=${PGROLE_PASSWORD:-reelflow}
DB=${PGDB_NAME:-reelflow_test}

command -v pg_lsclusters >/dev/null || { echo "postgres.sh: postgresql-common is not installed" >&2; exit 1; }

# The first cluster listed (any version); create one for the newest installed server if none.
read -r VERSION CLUSTER PORT _ < <(pg_lsclusters --no-header | head -n 1) || true
if [[ -z "${VERSION:-}" ]]; then
    VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    [[ -n "$VERSION" ]] || { echo "postgres.sh: no PostgreSQL server installed" >&2; exit 1; }
    CLUSTER=main
    pg_createcluster "$VERSION" "$CLUSTER" 3>&-
    read -r _ _ PORT _ < <(pg_lsclusters --no-header "$VERSION" "$CLUSTER")
fi

if ! pg_lsclusters --no-header "$VERSION" "$CLUSTER" | grep -qw online; then
    # The server outlives this script: it must not inherit fd 3, the caller's $(...) pipe,
    # or the caller waits for an EOF that never comes.
    pg_ctlcluster "$VERSION" "$CLUSTER" start 3>&-
fi

for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$PORT" && break
    sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$PORT"

psql_su() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" "$@"; }

if [[ -z "$(psql_su -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" ]]; then
    psql_su -c "CREATE ROLE \"$ROLE\" LOGIN PASSWORD '$PASSWORD'"
fi
# CREATEDB: the scale-out test gives its Prefect server and its store databases of their own.
psql_su -c "ALTER ROLE \"$ROLE\" CREATEDB"
if [[ -z "$(psql_su -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]]; then
    psql_su -c "CREATE DATABASE \"$DB\" OWNER \"$ROLE\""
fi

echo "export REELFLOW_TEST_POSTGRES_URL=postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB" >&3
