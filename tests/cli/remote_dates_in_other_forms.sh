# label: gdal
# A server whose Last-Modified is in an older form HTTP allows (RFC 850's
# "Sunday, 06-Nov-94 08:49:37 GMT") instead of the usual one: the first
# run's single GET cannot read that date itself, so GDAL's stat gives it,
# as it will on the rerun, which then finds the object unchanged and skips it.
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/www"
$MAKE_RASTERS "$T/www" utm
/usr/bin/python3 -c '
import sys
sys.path.insert(0, sys.argv[1])
import range_server
range_server.RangeHandler.last_modified = "Sunday, 06-Nov-94 08:49:37 GMT"
range_server.serve(range_server.RangeHandler, sys.argv[2], sys.argv[3])
' "$HELPERS" "$T/www" "$T/port" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
U="/vsicurl/http://127.0.0.1:$(cat "$T/port")"
run_rp --from-list <(echo "$U/utm.tif") "$T/out"
expect_rc 0
/usr/bin/python3 -c '
import json, sys
r = [r for r in map(json.loads, open(sys.argv[1])) if r.get("status") == "ok"]
assert len(r) == 1 and r[0]["input_mtime_ns"] == 784111777 * 10**9, r
' "$T/out/.rasterpool/journal.jsonl" || fail "the journaled date is not the server's"
reference "$U/utm.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/utm_warped.tif" || fail "output differs from gdalwarp's"
run_rp --from-list <(echo "$U/utm.tif") "$T/out"
expect_rc 0
expect_in "$T/log" "Unchanged since it was done, skipped: $U/utm.tif"
