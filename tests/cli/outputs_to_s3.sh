# label: gdal
# OUT_DIR in object storage (/vsis3/bkt/PREFIX on a real S3 server, s3rver on
# 127.0.0.1): every output kind is written locally, uploaded by its worker
# and appears under its final key with gdalwarp's / gdal_translate's bytes;
# the journal is local ($XDG_STATE_HOME/rasterpool/vsis3/bkt/PREFIX), status
# and the report work, nothing is left in the staging directory; a rerun
# has the workers stat the objects and skips them, and redoes only an
# object that disappeared.
. "$(dirname "$0")/lib.sh"
. "$HELPERS/s3rver.sh"
start_s3rver
mkdir -p "$T/in"
$MAKE_RASTERS "$T/in" utm rotated
STATE="$XDG_STATE_HOME/rasterpool/vsis3/bkt"
run_rp "$T/in" /vsis3/bkt/warped --workers 2 --report "$T/report.json"
expect_rc 0
[ "$(s3_objects warped/)" = "warped/rotated_warped.tif
warped/utm_warped.tif" ] || fail "objects: $(s3_objects warped/)"
for f in utm rotated; do
  reference "$T/in/$f.tif" "$T/ref.tif"
  s3_get "warped/${f}_warped.tif" "$T/got.tif"
  cmp "$T/ref.tif" "$T/got.tif" || fail "$f: the object is not gdalwarp's output"
done
expect_in "$T/log" "Completed: /vsis3/bkt/warped/utm_warped.tif"
[ -s "$STATE/warped/journal.jsonl" ] || fail "no local journal"
expect_no_temp_files "$XDG_STATE_HOME"
[ ! -e /vsis3 ] || fail "a local /vsis3 directory was created"
/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["totals"]["ok"] == 2, r["totals"]' "$T/report.json" || fail "report"
rc=0; "$RASTERPOOL" status /vsis3/bkt/warped >"$T/status" 2>&1 || rc=$?
expect_rc 0
# COG and overviews outputs too.
run_rp translate "$T/in" /vsis3/bkt/cog --format COG --workers 2
expect_rc 0
gdal_translate -q -of COG -co COMPRESS=LZW -co BIGTIFF=YES "$T/in/utm.tif" "$T/ref.tif"
s3_get cog/utm_translated.tif "$T/got.tif"
cmp "$T/ref.tif" "$T/got.tif" || fail "COG object differs from gdal_translate's"
run_rp overviews "$T/in" /vsis3/bkt/ovr --levels 2,4 --workers 2
expect_rc 0
[ "$(s3_objects ovr/)" = "ovr/rotated_ovr.tif
ovr/utm_ovr.tif" ] || fail "overview objects: $(s3_objects ovr/)"
run_rp overviews "$T/in" "$T/ovr_local" --levels 2,4 --workers 2
expect_rc 0
s3_get ovr/utm_ovr.tif "$T/got.tif"
cmp "$T/ovr_local/utm_ovr.tif" "$T/got.tif" || fail "overviews object differs from the local output"
[ "$(gdalinfo "$T/got.tif" | grep -c 'Overviews:')" -ge 1 ] || fail "no overviews in the uploaded object"
# Sidecars go up too, beside their output (a PAM .aux.xml holding the CRS
# and a world file, with PROFILE=BASELINE): gdal_translate's files, byte
# for byte.
run_rp translate "$T/in" /vsis3/bkt/side -- -co PROFILE=BASELINE -co TFW=YES
expect_rc 0
mkdir "$T/side_ref"
gdal_translate -q -of GTiff -co PROFILE=BASELINE -co TFW=YES "$T/in/utm.tif" \
  "$T/side_ref/utm_translated.tif"
[ "$(s3_objects side/ | grep utm_)" = "side/utm_translated.tfw
side/utm_translated.tif
side/utm_translated.tif.aux.xml" ] || fail "sidecar objects: $(s3_objects side/)"
for f in utm_translated.tif utm_translated.tif.aux.xml utm_translated.tfw; do
  s3_get "side/$f" "$T/got"
  cmp "$T/side_ref/$f" "$T/got" || fail "$f: not gdal_translate's"
done
# Rerun: every object present with its journaled size, nothing uploaded.
run_rp "$T/in" /vsis3/bkt/warped --workers 2
expect_rc 0
[ "$(grep -c 'Unchanged since it was done, skipped: ' "$T/log")" = 2 ] || fail "rerun: $(cat "$T/log")"
# An object gone from the bucket is redone, alone.
rm "$S3_DATA/bkt/warped/utm_warped.tif"._S3rver_*
run_rp "$T/in" /vsis3/bkt/warped --workers 2
expect_rc 0
expect_in "$T/log" "Completed: /vsis3/bkt/warped/utm_warped.tif"
[ "$(grep -c 'Unchanged since it was done, skipped: ' "$T/log")" = 1 ] || fail "after delete: $(cat "$T/log")"
reference "$T/in/utm.tif" "$T/ref.tif"
s3_get warped/utm_warped.tif "$T/got.tif"
cmp "$T/ref.tif" "$T/got.tif" || fail "the redone object differs"
# No credential in anything rasterpool wrote.
! grep -rqF "$AWS_SECRET_ACCESS_KEY" "$T/log" "$T/err" "$T/report.json" "$XDG_STATE_HOME" || fail "a credential was written"
