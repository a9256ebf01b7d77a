#!/usr/bin/env bash
# Set up, then run the whole test suite (Qt tests offscreen, one real-window test on Xvfb).
#   scripts/run-tests.sh [PYTEST ARGS]              on SQLite (each test's own home)
#   scripts/run-tests.sh --postgres [PYTEST ARGS]   on a throwaway PostgreSQL server on
#                                                   127.0.0.1 (each test its own database)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
if [ "${1:-}" = "--postgres" ]; then
  shift
  pgdir=$(mktemp -d /tmp/vfeedback-pg-XXXXXX)
  trap 'bash scripts/pg-test-server.sh stop "$pgdir"; rm -rf "$pgdir"' EXIT
  VFEEDBACK_TEST_DATABASE=$(bash scripts/pg-test-server.sh start "$pgdir")
  export VFEEDBACK_TEST_DATABASE
  .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
else
  exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
fi
