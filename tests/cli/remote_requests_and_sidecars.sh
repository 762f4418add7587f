# label: gdal
# A remote input seen for the first time costs one request (a GET of the
# whole object, whose headers give the size and date a resume compares:
# remote_resume_notices_change) and no sidecar probes, with outputs byte-identical to
# gdalwarp's; a sidecar next to it is ignored, as by gdalwarp with
# GDAL_DISABLE_READDIR_ON_OPEN=EMPTY_DIR, unless the environment sets
# GDAL_DISABLE_READDIR_ON_OPEN, which then holds (NO: honoured).
. "$(dirname "$0")/lib.sh"
. "$HELPERS/nginx.sh"
mkdir -p "$T/www"
$MAKE_RASTERS "$T/www" utm rotated
gdal_translate -q -of COG "$T/www/utm.tif" "$T/www/cog.tif"
cp "$T/www/rotated.tif" "$T/www/side.tif"
cat >"$T/www/side.tif.aux.xml" <<'EOX'
<PAMDataset><PAMRasterBand band="1"><NoDataValue>100</NoDataValue></PAMRasterBand></PAMDataset>
EOX
start_nginx "$T/www"
U="/vsicurl/http://127.0.0.1:$NGINX_PORT"
printf '%s\n' "$U/cog.tif" "$U/rotated.tif" "$U/side.tif" >"$T/list"
run_rp --from-list "$T/list" "$T/out" --workers 2
expect_rc 0
for f in cog rotated side; do
  r=$(requests_for $f.tif)
  [ "$(echo "$r" | wc -l)" = 1 ] || fail "$f.tif: not 1 request: $r"
  echo "$r" | grep -q "^GET .* 200 $(stat -c %s "$T/www/$f.tif")\$" ||
    fail "$f.tif: not one GET of the whole object: $r"
done
! grep -q ' 404 ' "$NGINX_LOG" || fail "probes for absent files: $(grep ' 404 ' "$NGINX_LOG")"
! grep -q 'aux.xml' "$NGINX_LOG" || fail "the sidecar was read by default"
for f in cog rotated; do
  reference "$U/$f.tif" "$T/ref.tif"
  cmp "$T/ref.tif" "$T/out/${f}_warped.tif" || fail "$f differs from gdalwarp's"
done
GDAL_DISABLE_READDIR_ON_OPEN=EMPTY_DIR reference "$U/side.tif" "$T/ref_empty.tif"
cmp "$T/ref_empty.tif" "$T/out/side_warped.tif" || fail "side: not gdalwarp's with EMPTY_DIR"
# An input GDAL reads itself (a VRT output names its source, so the input
# is not fetched whole) is not probed for sidecars either: HEAD, header, data.
before=$(wc -l <"$NGINX_LOG")
run_rp translate --from-list <(echo "$U/cog.tif") "$T/vrt" --format VRT
expect_rc 0
sleep 0.1
tail -n +$((before + 1)) "$NGINX_LOG" >"$T/vrt.log"
[ "$(wc -l <"$T/vrt.log")" -le 3 ] || fail "VRT: more than 3 requests: $(cat "$T/vrt.log")"
! grep -q ' 404 ' "$T/vrt.log" || fail "VRT: probes for absent files: $(cat "$T/vrt.log")"
gdal_translate -q -of VRT "$U/cog.tif" "$T/ref.vrt"
cmp "$T/ref.vrt" "$T/vrt/cog_translated.vrt" || fail "VRT differs from gdal_translate's"
# The user's setting holds: NO lists the directory and honours the sidecar.
GDAL_DISABLE_READDIR_ON_OPEN=NO run_rp --from-list "$T/list" "$T/out2" --workers 2
expect_rc 0
GDAL_DISABLE_READDIR_ON_OPEN=NO reference "$U/side.tif" "$T/ref_side.tif"
cmp -s "$T/ref_side.tif" "$T/ref_empty.tif" && fail "the sidecar changes nothing: the test cannot tell"
cmp "$T/ref_side.tif" "$T/out2/side_warped.tif" || fail "side: sidecar not honoured with READDIR=NO"
cmp "$T/ref.tif" "$T/out2/rotated_warped.tif" || fail "rotated with READDIR=NO"
# Remote tasks are in flight beyond the cores (the cores held by the CPU
# gate, unit_cpugate): one core, three remote tasks, three workers; with
# --io-limit remote=1, the core's worker and one more.
run_rp --from-list "$T/list" "$T/out3" --workers 1
expect_rc 0
expect_in "$T/log" "Processing 3 rasters with 3 workers..."
cmp "$T/ref.tif" "$T/out3/rotated_warped.tif" || fail "rotated on 1 core"
run_rp --from-list "$T/list" "$T/out4" --workers 1 --io-limit remote=1
expect_rc 0
expect_in "$T/log" "Processing 3 rasters with 2 workers..."
# The last task gets the idle cores as threads, never more than --workers,
# however many workers the remote tasks added (two cores, one remote task:
# two workers, and two threads, not three).
run_rp --from-list <(echo "$U/cog.tif") "$T/out5" --workers 2
expect_rc 0
/usr/bin/python3 -c '
import json, sys
t = [r["threads"] for r in map(json.loads, open(sys.argv[1])) if r.get("status") == "ok"]
assert t == [2], t' "$T/out5/.rasterpool/journal.jsonl" || fail "threads beyond the cores"
