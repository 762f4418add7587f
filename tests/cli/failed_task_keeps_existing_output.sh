# label: gdal
# A failing task never damages a file already under its final name; a
# succeeding one replaces it whole.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" corrupt utm
mkdir "$T/out"
echo precious >"$T/out/corrupt_warped.tif"
echo stale >"$T/out/utm_warped.tif"
run_rp "$T/in" "$T/out"
expect_rc 1
[ "$(cat "$T/out/corrupt_warped.tif")" = precious ] || fail "existing output damaged"
reference "$T/in/utm.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/utm_warped.tif" || fail "stale output not replaced"
expect_no_temp_files "$T/out"
