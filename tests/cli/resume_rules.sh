# label: gdal
# What a rerun skips and redoes: unchanged outputs are skipped; a changed
# input, changed options, a missing output, a failure are redone;
# --overwrite redoes all; --retry-failed only the failures; --dry-run says
# so without touching anything.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" utm webmerc rotated corrupt
go() { run_rp "$T/in" "$T/out" --workers 2 "$@"; }
completed() { grep -c "Completed" "$T/log" || true; }
go; expect_rc 1
go; expect_rc 1
expect_in "$T/log" "Skipping 3 rasters done by an earlier run"
[ "$(completed)" = 0 ] || fail "redid done work"
expect_in "$T/log" "Failed $T/in/corrupt.tif"      # failures are redone
expect_in "$T/log" "Finished: 3/4 successful."
touch -d '2020-01-01' "$T/in/utm.tif"             # a changed input
rm "$T/out/webmerc_warped.tif"                    # a missing output
run_rp "$T/in" "$T/out" --dry-run
expect_rc 0
expect_in "$T/log" "run   $T/in/utm.tif -> $T/out/utm_warped.tif (input changed)"
expect_in "$T/log" "run   $T/in/webmerc.tif -> $T/out/webmerc_warped.tif (output missing or changed)"
expect_in "$T/log" "skip  $T/in/rotated.tif -> $T/out/rotated_warped.tif (done, unchanged)"
expect_in "$T/log" "run   $T/in/corrupt.tif -> $T/out/corrupt_warped.tif (failed before)"
expect_in "$T/log" "plan: 3 to run, 1 to skip, 0 unusable, 0 left out"
[ ! -e "$T/out/webmerc_warped.tif" ] || fail "dry run did work"
go; expect_rc 1
[ "$(completed)" = 2 ] || fail "expected utm and webmerc redone: $(cat "$T/log")"
go --retry-failed; expect_rc 1
expect_in "$T/log" "Processing 1 rasters"
[ "$(completed)" = 0 ] || fail "--retry-failed ran a good one"
go --crs EPSG:3857; expect_rc 1                    # other options
[ "$(completed)" = 3 ] || fail "changed options not redone"
reference "$T/in/utm.tif" "$T/ref.tif" && rm "$T/ref.tif"
go --crs EPSG:3857; expect_rc 1
[ "$(completed)" = 0 ] || fail "same options redone"
go --crs EPSG:3857 --overwrite; expect_rc 1
[ "$(completed)" = 3 ] || fail "--overwrite skipped"
# A dry run on a new OUT_DIR creates nothing and starts no worker.
RASTERPOOL_WORKER=/nonexistent/worker run_rp "$T/in" "$T/new" --dry-run
expect_rc 3   # the worker is looked for first
run_rp "$T/in" "$T/new" --dry-run
expect_rc 0
expect_in "$T/log" "plan: 4 to run, 0 to skip"
[ ! -e "$T/new" ] || fail "dry run created OUT_DIR"
run_rp "$T/in" "$T/out" --overwrite --retry-failed
expect_rc 2
