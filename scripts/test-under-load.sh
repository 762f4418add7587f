#!/usr/bin/env bash
# Runs the README's test command N times in a row (default 10) on a clean
# clone of HEAD while two busy loops keep both CPUs busy, and stops at the
# first failure. The busy loops are started and stopped by pid; each run's
# output is kept in LOGDIR (default /tmp/rasterpool-under-load).
#   scripts/test-under-load.sh [N] [ctest arguments...]
set -euo pipefail
n=${1:-10}
shift || true
repo=$(cd "$(dirname "$0")/.." && pwd)
logs=${LOGDIR:-/tmp/rasterpool-under-load}
work=$(mktemp -d)
chmod 755 "$work" # tests run parts as nobody, who must reach the build
mkdir -p "$logs"
git clone -q "$repo" "$work/clone"
sh -c 'while :; do :; done' & busy1=$!
sh -c 'while :; do :; done' & busy2=$!
trap 'kill $busy1 $busy2 2>/dev/null || true; rm -rf "$work"' EXIT
for i in $(seq "$n"); do
  start=$(date +%s)
  if (cd "$work/clone" && git clean -xfdq && ./test.sh "$@") \
       >"$logs/run-$i.log" 2>&1; then
    echo "run $i/$n: passed in $(( $(date +%s) - start )) s"
  else
    echo "run $i/$n: FAILED after $(( $(date +%s) - start )) s; $logs/run-$i.log:"
    grep -E "\*\*\*Failed|Failed|tests failed" "$logs/run-$i.log" | tail -20
    exit 1
  fi
done
