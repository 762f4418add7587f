# label: gdal
# Every file a task writes is committed beside its output: a GTiff with a
# world file and a PAM .aux.xml (PROFILE=BASELINE) gives the same files,
# byte for byte, as gdal_translate (a -co after -- replaces the default
# creation options). And a legal name of 250 bytes works as
# it does with gdalwarp: the private directory does not lengthen it.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/src" byte_rgb
mkdir "$T/in"
long=$(printf 'l%.0s' $(seq 239))          # stem: 239 bytes
cp "$T/src/byte_rgb.tif" "$T/in/$long.tif"   # output: 239 + 11 = 250 bytes
run_rp "$T/in" "$T/out"
expect_rc 0
reference "$T/in/$long.tif" "$T/ref.tif"
[ ${#long} = 239 ] && [ -e "$T/out/${long}_warped.tif" ] || fail "no 250-byte output"
cmp "$T/ref.tif" "$T/out/${long}_warped.tif" || fail "the 250-byte output differs from gdalwarp's"
expect_no_temp_files "$T/out"

rm -rf "$T/in" "$T/out"; mkdir "$T/in" "$T/ref"
cp "$T/src/byte_rgb.tif" "$T/in/"
run_rp translate "$T/in" "$T/out" -- -co TFW=YES -co PROFILE=BASELINE
expect_rc 0
gdal_translate -q -of GTiff \
  -co TFW=YES -co PROFILE=BASELINE "$T/in/byte_rgb.tif" "$T/ref/byte_rgb_translated.tif"
[ "$(ls -A "$T/ref")" = "$(ls -A "$T/out" | grep -v '^\.rasterpool$')" ] ||
  fail "files differ: $(ls -A "$T/ref") vs $(ls -A "$T/out")"
[ "$(ls -A "$T/ref" | wc -l)" -ge 3 ] || fail "no sidecars to compare: $(ls -A "$T/ref")"
for f in $(ls -A "$T/ref"); do cmp "$T/ref/$f" "$T/out/$f" || fail "$f differs"; done

# The same output made again without them (another run, other options): the
# older output's sidecars go with it (a stale .aux.xml would be read as the
# new output's CRS and metadata), other files beside it stay.
echo mine >"$T/out/byte_rgb_translated.tif.txt"
ln -s "$T/ref/byte_rgb_translated.tif.aux.xml" "$T/out/byte_rgb_translated.tif.msk"
run_rp translate "$T/in" "$T/out" --overwrite
expect_rc 0
rm -rf "$T/ref"; mkdir "$T/ref"
gdal_translate -q -of GTiff -co TILED=YES -co COMPRESS=LZW -co BIGTIFF=YES \
  "$T/in/byte_rgb.tif" "$T/ref/byte_rgb_translated.tif"
[ "$(ls -A "$T/out" | grep -v '^\.rasterpool$')" = "$(printf '%s\n' byte_rgb_translated.tif byte_rgb_translated.tif.txt)" ] ||
  fail "stale sidecars left, or another file removed: $(ls -A "$T/out")"
cmp "$T/ref/byte_rgb_translated.tif" "$T/out/byte_rgb_translated.tif" || fail "the new output differs"
[ "$(cat "$T/out/byte_rgb_translated.tif.txt")" = mine ] || fail "a file that is no sidecar changed"
