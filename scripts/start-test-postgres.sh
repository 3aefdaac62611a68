#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the tests of the server path, installing Debian's
# postgresql package when it is missing. Prints the URL to use as POSTGRES_TEST_URL on its last line.
set -euo pipefail
port="${PG_TEST_PORT:-54329}"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin="$(find_bin)"
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "installing Debian's postgresql package…" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin="$(find_bin)"
fi

dir="$(mktemp -d /tmp/msp-bot-pg.XXXXXX)"
run_pg() {
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$dir"; runuser -u postgres -- "$@"; else "$@"; fi
}
run_pg "$bin/initdb" -A trust -U postgres -D "$dir/data" >/dev/null
run_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-h 127.0.0.1 -p $port -k $dir" start >&2
echo "postgresql://postgres@127.0.0.1:$port/postgres"
