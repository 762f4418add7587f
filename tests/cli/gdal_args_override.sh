# label: gdal
# Every single-valued option rasterpool passes GDAL by default, given again
# after "--", overrides rasterpool's value on every GDAL version (GDAL >= 3.9
# refuses a repeated option, so rasterpool must merge, not append): each
# output is byte-identical to gdalwarp's / gdal_translate's with the
# effective arguments, and (but for thread counts, which by design change no
# byte) differs from the output with rasterpool's defaults, so the case
# shows that the override took effect.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" byte_rgb
IN="$T/in/byte_rgb.tif"
CO="-co TILED=YES -co COMPRESS=LZW -co BIGTIFF=YES"
WARP_DEFAULT="-t_srs EPSG:4326 -r bilinear -et 0.125 -of GTiff $CO -wo NUM_THREADS=1"
TR_DEFAULT="-of GTiff $CO"
failures=0
n=0

# case "OP [OPTIONS]" "AFTER --" OUTPUT-NAME "EFFECTIVE ARGUMENTS" \
#      "ARGUMENTS WITHOUT THE OVERRIDE"|same
case_() {
  local op=$1 extra=$2 name=$3 effective=$4 without=$5 tool=gdalwarp
  case $op in translate*) tool=gdal_translate ;; esac
  n=$((n + 1))
  rm -rf "$T/out" "$T/ref" "$T/def" && mkdir "$T/ref" "$T/def"
  # shellcheck disable=SC2086
  run_rp $op "$T/in" "$T/out" --workers 1 -- $extra
  local ref="$T/ref/$name"
  # shellcheck disable=SC2086
  $tool -q $effective "$IN" "$ref" >/dev/null 2>&1 \
    || fail "case $n: $tool $effective failed"
  if [ "$rc" != 0 ]; then
    echo "FAIL case $n: $op -- $extra: exit $rc: $(cat "$T/err")" >&2
    failures=$((failures + 1)); return
  fi
  if ! cmp -s "$ref" "$T/out/$name"; then
    echo "FAIL case $n: $op -- $extra: $name differs from $tool $effective (out: $(ls "$T/out"))" >&2
    failures=$((failures + 1)); return
  fi
  if [ -e "$ref.aux.xml" ] && ! cmp -s "$ref.aux.xml" "$T/out/$name.aux.xml"; then
    echo "FAIL case $n: $op -- $extra: $name.aux.xml differs" >&2
    failures=$((failures + 1)); return
  fi
  if [ "$without" != same ]; then
    # shellcheck disable=SC2086
    $tool -q $without "$IN" "$T/def/$name" >/dev/null 2>&1
    ! cmp -s "$T/def/$name" "$ref" \
      || fail "case $n: '$extra' writes the bytes of '$without': the case shows nothing"
  fi
  echo "ok case $n: $op -- $extra"
}

W="-t_srs EPSG:4326 -r bilinear -et 0.125"
case_ warp "-r cubic" byte_rgb_warped.tif \
  "-t_srs EPSG:4326 -r cubic -et 0.125 -of GTiff $CO -wo NUM_THREADS=1" "$WARP_DEFAULT"
case_ warp "-t_srs EPSG:3857" byte_rgb_warped.tif \
  "-t_srs EPSG:3857 -r bilinear -et 0.125 -of GTiff $CO -wo NUM_THREADS=1" "$WARP_DEFAULT"
case_ warp "-et 0" byte_rgb_warped.tif \
  "-t_srs EPSG:4326 -r bilinear -et 0 -of GTiff $CO -wo NUM_THREADS=1" "$WARP_DEFAULT"
case_ warp "-co COMPRESS=DEFLATE" byte_rgb_warped.tif \
  "$W -of GTiff -co COMPRESS=DEFLATE -wo NUM_THREADS=1" "$WARP_DEFAULT"
case_ warp "-wo NUM_THREADS=2" byte_rgb_warped.tif \
  "$W -of GTiff $CO -wo NUM_THREADS=2" same
# A format given after "--" is the format of the run, as --format would be:
# its extension, and no GTiff creation options.
case_ warp "-of PNG" byte_rgb_warped.png \
  "$W -of PNG -wo NUM_THREADS=1" "$W -of GTiff -wo NUM_THREADS=1"
case_ translate "-of PNG" byte_rgb_translated.png "-of PNG" "-of GTiff"
case_ "translate --resampling average" "-outsize 50% 50% -r cubic" byte_rgb_translated.tif \
  "-r cubic -of GTiff $CO -outsize 50% 50%" "-r average -of GTiff $CO -outsize 50% 50%"
case_ translate "-co COMPRESS=DEFLATE" byte_rgb_translated.tif \
  "-of GTiff -co COMPRESS=DEFLATE" "$TR_DEFAULT"
[ "$failures" = 0 ] || fail "$failures of $n overrides not honoured"
