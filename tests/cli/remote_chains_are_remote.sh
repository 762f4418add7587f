# label: gdal
# One remote predicate for the planner and the tiers: a remote file inside
# a wrapper (/vsizip//vsicurl/...) is a remote input, logged as tier
# http:HOST with the remote limit (unit_tier covers /vsis3_streaming/,
# which the old tier test took for local:unknown). It is read with GDAL's
# HTTP retries on: the server answers each file's first request with 503,
# which only a retry gets past (README: GDAL_HTTP_MAX_RETRY=3 unless set).
. "$(dirname "$0")/lib.sh"
unset GDAL_HTTP_MAX_RETRY GDAL_HTTP_RETRY_DELAY
$MAKE_RASTERS "$T/www" utm webmerc
/usr/bin/python3 -c "import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w') as z: z.write(sys.argv[2], 'utm.tif')" \
  "$T/www/utm.zip" "$T/www/utm.tif"
/usr/bin/python3 "$HELPERS/flaky_server.py" "$T/www" "$T/port" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
[ -s "$T/port" ] || fail "server did not start"
printf '%s\n' "/vsizip//vsicurl/http://127.0.0.1:$(cat "$T/port")/utm.zip/utm.tif" \
  "$T/www/webmerc.tif" >"$T/list"
run_rp --from-list "$T/list" "$T/out" --workers 2
expect_rc 0
expect_in "$T/log" "Storage tier http:127.0.0.1 (remote): 1 rasters, at most 16 at once"
reference "$T/www/utm.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/utm_warped.tif" || fail "the remote chain's output differs"
