# label: gdal
# kill -9 of the supervisor while its worker is uploading an output to S3
# (s3rver behind a proxy that holds the PUT): no object appears under the
# final key, the workers die with the supervisor, and the rerun completes
# the batch with gdalwarp's bytes.
. "$(dirname "$0")/lib.sh"
. "$HELPERS/s3rver.sh"
start_s3rver
mkdir -p "$T/in"
$MAKE_RASTERS "$T/in" utm
cp "$RASTERPOOL_WORKER_BIN" "$T/rasterpool-worker"   # pgrep sees only ours
/usr/bin/python3 "$HELPERS/failing_proxy.py" "$S3_PORT" "$T/pport" "$T/proxy.log" '^PUT ' stall &
proxy=$!
for _ in $(seq 50); do [ -s "$T/pport" ] && break; sleep 0.1; done
AWS_S3_ENDPOINT="127.0.0.1:$(cat "$T/pport")" RASTERPOOL_WORKER="$T/rasterpool-worker" \
  "$RASTERPOOL" "$T/in" /vsis3/bkt/out --workers 1 >"$T/log" 2>&1 &
sup=$!
for _ in $(seq 300); do grep -q '^PUT .* stalled' "$T/proxy.log" 2>/dev/null && break; sleep 0.1; done
grep -q '^PUT .* stalled' "$T/proxy.log" || fail "the upload never started: $(cat "$T/log")"
kill -9 $sup
wait $sup 2>/dev/null || true
kill $proxy
for _ in $(seq 50); do pgrep -f "$T/rasterpool-worker" >/dev/null || break; sleep 0.1; done
! pgrep -f "$T/rasterpool-worker" >/dev/null || fail "a worker outlived the supervisor"
[ -z "$(s3_objects out/)" ] || fail "an object from an interrupted upload: $(s3_objects out/)"
run_rp "$T/in" /vsis3/bkt/out --workers 1
expect_rc 0
expect_in "$T/log" "Removed 1 temporary director"
reference "$T/in/utm.tif" "$T/ref.tif"
s3_get out/utm_warped.tif "$T/got.tif"
cmp "$T/ref.tif" "$T/got.tif" || fail "the rerun's object is not gdalwarp's output"
expect_no_temp_files "$XDG_STATE_HOME"
