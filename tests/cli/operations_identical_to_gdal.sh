# label: gdal
# warp, translate and overviews, with rasterpool's flags and GDAL arguments
# after "--": every output is byte-identical to what gdalwarp,
# gdal_translate (and gdaladdo) write with the same arguments.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" byte_rgb
WARP="-t_srs EPSG:4326 -r bilinear -et 0.125 -of GTiff -co TILED=YES -co COMPRESS=LZW -co BIGTIFF=YES -wo NUM_THREADS=1"
TR="-of GTiff -co TILED=YES -co COMPRESS=LZW -co BIGTIFF=YES"
n=0
# check "RASTERPOOL ARGS" OUTPUT-NAME "REFERENCE COMMAND with IN and REF"
check() {
  n=$((n + 1))
  rm -rf "$T/out" "$T/ref"
  mkdir "$T/ref"   # as deep as out/: a VRT records its source relative to it
  # shellcheck disable=SC2086
  run_rp $1 "$T/in" "$T/out" --workers 2 ${3:+-- $3}
  expect_rc 0
  local IN="$T/in/byte_rgb.tif" REF="$T/ref/ref.$4"
  eval "$5" >/dev/null 2>&1 || fail "case $n: reference command failed: $5"
  cmp "$REF" "$T/out/$2" || fail "case $n ($1 -- $3): differs from $5"
  if [ -e "$REF.aux.xml" ]; then
    cmp "$REF.aux.xml" "$T/out/$2.aux.xml" || fail "case $n: sidecar differs"
  fi
}
check "warp" byte_rgb_warped.tif "-tr 0.0005 0.0005" tif \
  'gdalwarp -q $WARP -tr 0.0005 0.0005 $IN $REF'
check "warp" byte_rgb_warped.tif "-te_srs EPSG:32633 -te 500500 4496000 504000 4499000" tif \
  'gdalwarp -q $WARP -te_srs EPSG:32633 -te 500500 4496000 504000 4499000 $IN $REF'
check "warp --resampling cubic" byte_rgb_warped.tif "-srcnodata 0 -dstalpha" tif \
  'gdalwarp -q ${WARP/bilinear/cubic} -srcnodata 0 -dstalpha $IN $REF'
check "warp" byte_rgb_warped.tif "-ot Int16 -dstnodata -32768 -r average" tif \
  'gdalwarp -q ${WARP/bilinear/average} -ot Int16 -dstnodata -32768 $IN $REF'
check "warp --crs EPSG:3857 --resampling near" byte_rgb_warped.tif "-tap -tr 30 30" tif \
  'W=${WARP/EPSG:4326/EPSG:3857}; gdalwarp -q ${W/bilinear/near} -tap -tr 30 30 $IN $REF'
check "warp --format COG" byte_rgb_warped.tif "-co COMPRESS=DEFLATE" tif \
  'gdalwarp -q -t_srs EPSG:4326 -r bilinear -et 0.125 -of COG -wo NUM_THREADS=1 -co COMPRESS=DEFLATE $IN $REF'
check "warp --format VRT" byte_rgb_warped.vrt "" vrt \
  'gdalwarp -q -t_srs EPSG:4326 -r bilinear -et 0.125 -of VRT -wo NUM_THREADS=1 $IN $REF'
check "translate --format COG" byte_rgb_translated.tif "-co COMPRESS=DEFLATE -co BLOCKSIZE=256" tif \
  'gdal_translate -q -of COG -co COMPRESS=DEFLATE -co BLOCKSIZE=256 $IN $REF'
check "translate" byte_rgb_translated.tif "-scale 0 255 0 100 -ot Byte" tif \
  'gdal_translate -q $TR -scale 0 255 0 100 -ot Byte $IN $REF'
check "translate" byte_rgb_translated.tif "-b 3 -b 1" tif \
  'gdal_translate -q $TR -b 3 -b 1 $IN $REF'
check "translate --co COMPRESS=DEFLATE --co PREDICTOR=2" byte_rgb_translated.tif "-srcwin 10 10 100 80" tif \
  'gdal_translate -q -of GTiff -co COMPRESS=DEFLATE -co PREDICTOR=2 -srcwin 10 10 100 80 $IN $REF'
check "translate --format PNG --resampling average" byte_rgb_translated.png "-outsize 50% 50%" png \
  'gdal_translate -q -r average -of PNG -outsize 50% 50% $IN $REF'
check "overviews --levels 2,4 --resampling average" byte_rgb_ovr.tif "" tif \
  'gdal_translate -q $TR $IN $REF && gdaladdo -q -r average $REF 2 4'
$MAKE_RASTERS "$T/in" sized:1:700 && rm "$T/in/byte_rgb.tif" && mv "$T/in/sized_0000.tif" "$T/in/byte_rgb.tif"
check "overviews" byte_rgb_ovr.tif "" tif \
  'gdal_translate -q $TR $IN $REF && gdaladdo -q $REF'
gdalinfo "$T/out/byte_rgb_ovr.tif" | grep -q "Overviews: 350x350, 175x175" || fail "automatic levels"
# Bad GDAL arguments are refused once, before any task, with GDAL's words.
run_rp warp "$T/in" "$T/out2" -- -tr
expect_rc 2
expect_in "$T/err" "invalid options: "
expect_in "$T/err" "-tr"
run_rp translate "$T/in" "$T/out2" -- -b 7
expect_rc 1   # band 7 does not exist: known only per file
expect_in "$T/log" "Failed $T/in/byte_rgb.tif: "
run_rp translate "$T/in" "$T/out2" --crs EPSG:4326
expect_rc 2
expect_in "$T/err" "--crs is for warp"
echo "$n option lines byte-identical"
