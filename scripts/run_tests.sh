#!/usr/bin/env bash
# `make test`: the browser tests (tests/e2e) and all other tests at once, in two pytest processes.
# They barely compete: the e2e tests mostly wait on Chromium and the app server, the others are CPU work
# in one process; together they take about the time of the e2e tests alone (docs/testing.md).
# With arguments (test paths, options) or TEST_SERIAL=1 it is one plain pytest run instead.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
if [ "$#" -gt 0 ] || [ "${TEST_SERIAL:-0}" = 1 ]; then
  exec "$PYTHON" -m pytest -q "$@"
fi
mkdir -p build
# Each run its own temporary folder: two sessions never clean up each other's files.
"$PYTHON" -m pytest -q --basetemp=build/pytest-e2e tests/e2e > build/test-e2e.log 2>&1 &
e2e=$!
"$PYTHON" -m pytest -q --basetemp=build/pytest-rest --ignore=tests/e2e tests
rest=$?
wait "$e2e"
browser=$?
echo
echo "=== Browser tests (tests/e2e), log: build/test-e2e.log ==="
cat build/test-e2e.log
echo
echo "Ergebnis: übrige Tests exit $rest, Browser-Tests exit $browser"
[ "$rest" -eq 0 ] && [ "$browser" -eq 0 ]
