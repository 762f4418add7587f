# label: gdal
# Six kinds of raster plus three bad files: every good output is
# byte-identical to gdalwarp's, the bad ones leave no file at all.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in"
$MAKE_RASTERS "$T/in" corrupt text nocrs
run_rp "$T/in" "$T/out" --workers 2
expect_rc 1
for k in byte_rgb int16_nodata float32_nan utm webmerc rotated; do
  reference "$T/in/$k.tif" "$T/ref_$k.tif"
  cmp "$T/ref_$k.tif" "$T/out/${k}_warped.tif" || fail "$k differs from gdalwarp"
  expect_in "$T/log" "Completed: $T/out/${k}_warped.tif"
done
for k in corrupt text nocrs; do
  [ ! -e "$T/out/${k}_warped.tif" ] || fail "$k left an output"
  expect_in "$T/log" "Failed $T/in/$k.tif: "
done
# "not recognized as (being in) a supported file format", by GDAL version.
grep -q "Failed $T/in/text.tif: .*not recognized as .*supported file format" "$T/log" \
  || fail "text.tif failed without saying its format is not supported"
expect_in "$T/log" "TIFFReadEncodedTile() failed"
expect_in "$T/log" "MainProcess: Processing 9 rasters with 2 workers..."
expect_in "$T/log" "MainProcess: Finished: 6/9 successful."
[ "$(ls "$T/out" | wc -l)" = 6 ] || fail "OUT_DIR holds $(ls -A "$T/out")"
expect_no_temp_files "$T/out"
expect_seed_log_format "$T/log"
gdalsrsinfo -o epsg "$T/out/utm_warped.tif" | grep -q 'EPSG:4326' || fail "CRS"
# The other start method writes the same bytes.
run_rp "$T/in" "$T/out2" --workers 2 --start-method forkserver
expect_rc 1
for k in byte_rgb int16_nodata float32_nan utm webmerc rotated; do
  cmp "$T/ref_$k.tif" "$T/out2/${k}_warped.tif" || fail "$k differs (forkserver)"
done
run_rp "$T/in" "$T/out3" --workers 2 --start-method spawn
expect_rc 1
for k in byte_rgb int16_nodata float32_nan utm webmerc rotated; do
  cmp "$T/ref_$k.tif" "$T/out3/${k}_warped.tif" || fail "$k differs (spawn)"
done
