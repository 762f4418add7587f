# label: gdal
# A COG or overview task timed out or interrupted mid-way leaves nothing in
# OUT_DIR: whatever GDAL had written (the output, a .ovr.tmp of tens of MB,
# any other driver's temporary) was in the task's private directory, which
# goes as a whole. Whether the task finished first or not is left to the
# machine's speed: either way, OUT_DIR holds only .rasterpool and the
# outputs the log says were completed.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" sized:1:6000

only_completed_outputs() { # OUT: every entry is .rasterpool or a completed output
  local f
  for f in $(ls -A "$1"); do
    [ "$f" = .rasterpool ] && continue
    grep -qF "Completed: $1/$f" "$T/log" || fail "left in $1: $f ($(ls -lA "$1"))"
  done
}

for op in "translate --format COG" overviews; do
  rm -rf "$T/out"
  # shellcheck disable=SC2086
  run_rp $op "$T/in" "$T/out" --timeout 0.5 --retries 0
  [ $rc = 0 ] || [ $rc = 1 ] || fail "$op --timeout: exit $rc"
  [ $rc = 0 ] || expect_in "$T/log" "timed out after 0.5 s"
  only_completed_outputs "$T/out"

  rm -rf "$T/out"
  # shellcheck disable=SC2086
  "$RASTERPOOL" $op "$T/in" "$T/out" >"$T/log" 2>"$T/err" &
  pid=$!
  for _ in $(seq 600); do grep -q "Processing" "$T/log" && break; sleep 0.05; done
  kill -INT $pid
  rc=0; wait $pid || rc=$?
  [ $rc = 130 ] || [ $rc = 0 ] || fail "$op SIGINT: exit $rc"
  only_completed_outputs "$T/out"
done
