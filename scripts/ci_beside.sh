#!/usr/bin/env bash
# The "beside" proof of docs/testing.md: three `.ci/run` in a row on a clean clone of HEAD while
# `make test` runs again and again on a second clean clone, both against the same PostgreSQL.
# usage: scripts/ci_beside.sh [runs=3] [work dir=/tmp/ci-beside]; results in <work dir>/status
set -uo pipefail
runs="${1:-3}"
work="${2:-/tmp/ci-beside}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
rm -rf "$work" && mkdir -p "$work"
git clone -q "$repo" "$work/a" && git clone -q "$repo" "$work/b"
status="$work/status"
echo "HEAD $(git -C "$repo" rev-parse --short HEAD)" > "$status"
(
  cd "$work/b" || exit 1
  export WERKSTATT_TEST_PG_URL="${WERKSTATT_TEST_PG_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}" WERKSTATT_CI=1
  n=0
  while [ ! -f "$work/done" ]; do
    n=$((n + 1))
    echo "beside $n start $(date +%T)" >> "$status"
    make test > "$work/beside.$n.log" 2>&1
    echo "beside $n rc=$? $(date +%T)" >> "$status"
  done
) &
failed=0
for i in $(seq 1 "$runs"); do
  echo "ci $i start $(date +%T)" >> "$status"
  (cd "$work/a" && .ci/run > "$work/ci.$i.log" 2>&1)
  rc=$?
  echo "ci $i rc=$rc $(date +%T)" >> "$status"
  [ "$rc" -eq 0 ] || failed=1
done
touch "$work/done"
wait
echo "done $(date +%T)" >> "$status"
cat "$status"
exit "$failed"
