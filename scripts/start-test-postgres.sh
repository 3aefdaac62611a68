#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the tests of the server path, installing Debian's
# postgresql package when it is missing. Port: PG_TEST_PORT, else the first free one from 54329.
# Prints two lines last: the URL to use as POSTGRES_TEST_URL, then the command that stops the server.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin="$(find_bin)"
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "installing Debian's postgresql package…" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin="$(find_bin)"
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port="${PG_TEST_PORT:-54329}"
if [ -z "${PG_TEST_PORT:-}" ]; then
  while port_in_use "$port"; do port=$((port + 1)); done
fi

dir="$(mktemp -d /tmp/msp-bot-pg.XXXXXX)"
run_pg() {
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$dir"; runuser -u postgres -- "$@"; else "$@"; fi
}
run_pg "$bin/initdb" -A trust -U postgres -D "$dir/data" >/dev/null
if ! run_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-h 127.0.0.1 -p $port -k $dir" start >&2; then
  cat "$dir/log" >&2
  exit 1
fi
echo "postgresql://postgres@127.0.0.1:$port/postgres"
if [ "$(id -u)" = 0 ]; then
  echo "runuser -u postgres -- $bin/pg_ctl -D $dir/data -m fast stop"
else
  echo "$bin/pg_ctl -D $dir/data -m fast stop"
fi
