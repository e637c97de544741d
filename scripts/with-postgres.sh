#!/usr/bin/env bash
# Run a command with a PostgreSQL server available through the libpq PG* variables.
# If PGHOST is already set (a developer's own server, or .ci/run's), it is used as is; otherwise a throwaway
# server is started (scripts/postgres.sh) for the command and stopped afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ -n "${PGHOST:-}" ]; then
  exec "$@"
fi
pg_env="$(bash "$here/postgres.sh" start)" # fails when the server does not start
eval "$pg_env"
# PG_TEST_SERVER_CONTROL tells the handler tests how to stop/start this very server (restart tests).
export PG_TEST_SERVER_CONTROL="$here/postgres.sh"
trap 'bash "$here/postgres.sh" stop' EXIT
"$@"
