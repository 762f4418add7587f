# label: gdal
# kill -9 of the supervisor half way, then the same command again: the rerun
# does only what had not finished, and OUT_DIR ends up as after one
# uninterrupted run.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" sized:40:500
"$RASTERPOOL" "$T/in" "$T/out" --workers 2 >"$T/log1" 2>&1 &
pid=$!
for _ in $(seq 200); do
  [ "$(grep -c Completed "$T/log1")" -ge 20 ] && break; sleep 0.02
done
kill -9 $pid; wait $pid || true
J="$T/out/.rasterpool/journal.jsonl"
done1=$(grep -c '"status":"ok"' "$J")
[ "$done1" -ge 20 ] && [ "$done1" -lt 40 ] || fail "first run journaled $done1"
run_rp "$T/in" "$T/out" --workers 2
expect_rc 0
expect_in "$T/log" "Skipping $done1 rasters done by an earlier run"
expect_in "$T/log" "Processing $((40 - done1)) rasters with 2 workers..."
expect_in "$T/log" "Finished: 40/40 successful."
[ "$(grep -c Completed "$T/log")" = $((40 - done1)) ] || fail "redid finished work"
# every input is ok exactly once across both runs
[ "$(grep '"status":"ok"' "$J" | grep -o '"input":"[^"]*"' | sort | uniq -d | wc -l)" = 0 ] \
  || fail "an input was done twice"
[ "$(grep -c '"status":"ok"' "$J")" = 40 ] || fail "ok lines"
# the same as an uninterrupted run
run_rp "$T/in" "$T/ref" --workers 2
expect_rc 0
for f in "$T"/ref/*.tif; do cmp "$f" "$T/out/$(basename "$f")" || fail "$f"; done
[ "$(ls "$T/out" | wc -l)" = 40 ] || fail "extra files"
expect_no_temp_files "$T/out"
