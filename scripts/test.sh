#!/usr/bin/env bash
# The whole test suite in one node:test run: unit tests, integration tests on PGlite and on a
# throwaway PostgreSQL server started here, and browser tests in Chromium against the built web app.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run --silent typecheck
npm run --silent build >/dev/null

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PGBIN" ]; then
  echo "PostgreSQL server binaries not found (install postgresql-15): the server pass cannot run" >&2
  exit 1
fi
PGTMP=$(mktemp -d /tmp/smart-jkn-pg.XXXXXX)
AS_PG=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$PGTMP"
  AS_PG=(runuser -u postgres --) # initdb refuses to run as root
fi
PGPORT=$((20000 + RANDOM % 20000))
"${AS_PG[@]}" "$PGBIN/initdb" -D "$PGTMP/data" -A trust -U postgres >"$PGTMP/initdb.log" 2>&1
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w \
  -o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
stop_pg() {
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap stop_pg EXIT
export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') for the server pass on port $PGPORT" >&2

node --import tsx --test --test-concurrency=2 $(find src test -name '*.test.ts' | sort)
