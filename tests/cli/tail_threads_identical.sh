# label: gdal
# The batch's tail gets the spare cores as GDAL threads (decoding, warp and
# compression threads), and the output is still byte-identical to
# single-threaded gdalwarp's; while other tasks wait, each has one thread.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" sized:1:1500
run_rp "$T/in" "$T/out" --workers 2
expect_rc 0
grep -q '"threads":2' "$T/out/.rasterpool/journal.jsonl" || fail "no tail threads"
reference "$T/in/sized_0000.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/sized_0000_warped.tif" || fail "threaded output differs"
$MAKE_RASTERS "$T/in2" tiny:6
run_rp "$T/in2" "$T/out2" --workers 2
expect_rc 0
J="$T/out2/.rasterpool/journal.jsonl"
[ "$(grep -c '"threads":1' "$J")" -ge 4 ] || fail "threads while tasks waited"
! grep -q '"threads":[3-9]' "$J" || fail "more threads than --workers"
# Three equal rasters on two workers: the third is held back until both
# busy cores are free (they end together), then runs on two threads,
# instead of starting alone on one thread and leaving a core idle.
$MAKE_RASTERS "$T/in3" sized:3:2500
run_rp "$T/in3" "$T/out3" --workers 2
expect_rc 0
/usr/bin/python3 - "$T/out3/.rasterpool/journal.jsonl" <<'PY' || fail "last task not held for two threads"
import json, sys
rows = sorted((json.loads(l) for l in open(sys.argv[1]) if '"type":"run"' not in l),
              key=lambda r: r["start"])
first, last = rows[:2], rows[2]
assert [r["threads"] for r in first] == [1, 1], rows
assert last["threads"] == 2, last
assert last["start"] >= max(r["end"] for r in first) - 0.01, rows
PY
for i in 0 1 2; do
  reference "$T/in3/sized_000$i.tif" "$T/ref3.tif"
  cmp "$T/ref3.tif" "$T/out3/sized_000${i}_warped.tif" || fail "output $i differs"
done
