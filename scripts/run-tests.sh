#!/usr/bin/env bash
# Set up, then run the whole test suite (Qt tests offscreen, real-window tests on Xvfb).
#   scripts/run-tests.sh [PYTEST ARGS]              on SQLite and on PostgreSQL, at the same time
#                                                   (PostgreSQL only where its package is there)
#   scripts/run-tests.sh --sqlite [PYTEST ARGS]     on SQLite only (each test's own home)
#   scripts/run-tests.sh --postgres [PYTEST ARGS]   on a throwaway PostgreSQL server on
#                                                   127.0.0.1 only (each test its own database)
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
mode=both
case "${1:-}" in
  --sqlite) mode=sqlite; shift ;;
  --postgres) mode=postgres; shift ;;
esac
work=$(mktemp -d /tmp/vfeedback-tests-XXXXXX)
pgdir=""  # its own folder: the cluster runs as the `postgres` user, who cannot enter $work
cleanup() {
  if [ -n "$pgdir" ]; then
    bash scripts/pg-test-server.sh stop "$pgdir" >/dev/null 2>&1
    rm -rf "$pgdir"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

pytest_on() {  # pytest_on sqlite|postgres ARGS...: one run, its own temporary folder
  local db=$1; shift
  if [ "$db" = postgres ]; then
    VFEEDBACK_TEST_DATABASE=$(bash scripts/pg-test-server.sh start "$pgdir") || return 1
    export VFEEDBACK_TEST_DATABASE
  fi
  .venv/bin/python -m pytest -q -p no:cacheprovider --basetemp="$work/tmp-$db" "$@"
  local rc=$?
  [ "$db" = postgres ] && bash scripts/pg-test-server.sh stop "$pgdir" >/dev/null 2>&1
  return $rc
}

if [ "$mode" = both ] && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "PostgreSQL is not installed here: running on SQLite only (scripts/setup.sh installs it as root)."
  mode=sqlite
fi
[ "$mode" != sqlite ] && pgdir=$(mktemp -d /tmp/vfeedback-pg-XXXXXX)
if [ "$mode" != both ]; then
  pytest_on "$mode" "$@"
  exit $?
fi

# Both databases at once: the suite waits on ffmpeg, Qt and PostgreSQL much of the time, so two
# runs side by side take far less than one after the other. Each writes to its own log, shown
# whole when it ends.
start=$(date +%s)
pytest_on sqlite "$@" > "$work/sqlite.log" 2>&1 &
sqlite_pid=$!
pytest_on postgres "$@" > "$work/postgres.log" 2>&1 &
pg_pid=$!
wait $sqlite_pid; sqlite_rc=$?
wait $pg_pid; pg_rc=$?
echo "== Both runs took $(( $(date +%s) - start )) s: SQLite exit $sqlite_rc, PostgreSQL exit $pg_rc =="
echo "== Test suite on SQLite =="
cat "$work/sqlite.log"
echo "== Test suite on PostgreSQL =="
cat "$work/postgres.log"
[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
