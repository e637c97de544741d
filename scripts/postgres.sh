#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: non-default port, socket and data in a temp dir, trust auth on
# loopback only, fsync off. The application role of the migrations (payment_validation_app) is the exception: it
# must log in with its password (scram-sha-256) over TLS (a self-signed certificate for 127.0.0.1 made with
# openssl; its path is exported as PG_TEST_TLS_CERT), as on Aurora, so that the rotation test is real. Usage:
#   scripts/postgres.sh start   start it (state in .tmp/postgres) and print `export PG...` lines
#   scripts/postgres.sh stop    stop it and delete its data
#   scripts/postgres.sh env     print the export lines of the running server
#   scripts/postgres.sh down    stop the server but keep its data (tests of a database outage)
#   scripts/postgres.sh up      start it again after `down`
# Environment: PG_TEST_PORT (default 55432).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${PG_TEST_PORT:-55432}"
state="$root/.tmp/postgres"
# As root the server runs as the postgres user, which must reach its data directory: a checkout inside a private
# directory (e.g. a mktemp -d of mode 0700) cannot hold it, so the state then lives in a directory of its own
# under /tmp, named after the checkout and port so that start, stop, env, down and up all find it.
if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$root" 2>/dev/null; then
  state="${TMPDIR:-/tmp}/cdk-dr-payment-platform-postgres-$(printf '%s:%s' "$root" "$port" | md5sum | cut -c1-12)"
fi

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0; }
  return 1
}

# Run a PostgreSQL binary as an unprivileged user: the server refuses to run as root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

print_env() {
  cat <<ENV
export PGHOST=127.0.0.1
export PGPORT=$port
export PGUSER=postgres
export PGDATABASE=postgres
export PGPASSWORD=
export PG_TEST_TLS_CERT=$state/server.crt
ENV
}

# Server options of start and up: TLS with the throwaway certificate.
server_options() {
  echo "-p $port -k $state -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200 -c ssl=on -c ssl_cert_file=$state/server.crt -c ssl_key_file=$state/server.key"
}

# A self-signed certificate for 127.0.0.1 and localhost (the key readable by the server's user only), and the
# application role's pg_hba lines before initdb's trust lines: TLS and a password, no trust.
configure_auth() {
  command -v openssl >/dev/null 2>&1 || { echo "postgres.sh: openssl not found. Install it: sudo apt-get install -y openssl" >&2; exit 1; }
  as_owner openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$state/server.key" -out "$state/server.crt" \
    >"$state/openssl.log" 2>&1 || { cat "$state/openssl.log" >&2; exit 1; }
  as_owner chmod 0600 "$state/server.key"
  as_owner chmod 0644 "$state/server.crt"
  local hba="$state/data/pg_hba.conf"
  as_owner sh -c "{ printf '%s\n' 'hostssl all payment_validation_app 127.0.0.1/32 scram-sha-256' 'host all payment_validation_app 0.0.0.0/0 reject'; cat '$hba'; } >'$hba.new' && mv '$hba.new' '$hba'"
}

start() {
  local bindir
  bindir="$(find_bindir)" || {
    echo "postgres.sh: PostgreSQL server binaries not found. Install them: sudo apt-get install -y postgresql" >&2
    exit 1
  }
  if [ -f "$state/port" ] && as_owner "$bindir/pg_ctl" -D "$state/data" status >/dev/null 2>&1; then
    port="$(cat "$state/port")"; print_env; return 0
  fi
  rm -rf "$state"; mkdir -p "$state"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres "$state"
  fi
  chmod 0755 "$root/.tmp" "$state" 2>/dev/null || true
  as_owner "$bindir/initdb" -D "$state/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 \
    || { cat "$state/initdb.log" >&2; exit 1; }
  configure_auth
  as_owner "$bindir/pg_ctl" -D "$state/data" -l "$state/server.log" -w -t 60 start -o "$(server_options)" \
    >/dev/null || { cat "$state/server.log" >&2; exit 1; }
  echo "$port" >"$state/port"
  print_env
}

stop() {
  local bindir
  bindir="$(find_bindir)" || return 0
  if [ -d "$state/data" ]; then
    as_owner "$bindir/pg_ctl" -D "$state/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$state"
}

down() {
  as_owner "$(find_bindir)/pg_ctl" -D "$state/data" -m immediate -w stop >/dev/null
}

up() {
  port="$(cat "$state/port")"
  as_owner "$(find_bindir)/pg_ctl" -D "$state/data" -l "$state/server.log" -w -t 60 start -o "$(server_options)" \
    >/dev/null
}

case "${1:-}" in
  down) down ;;
  up) up ;;
  start) start ;;
  stop) stop ;;
  env) [ -f "$state/port" ] && port="$(cat "$state/port")"; print_env ;;
  bindir) find_bindir ;;
  *) echo "usage: $0 start|stop|env|down|up|bindir" >&2; exit 2 ;;
esac
