# label: gdal
# The batch's tail gets the spare cores as GDAL threads (-multi, warp and
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
