# label: gdal
# Remote inputs are journaled with the size and Last-Modified the worker's
# stat saw; a rerun has the worker compare them (one HEAD, no GET) and skip
# the unchanged, and redoes only the object that changed on the server.
. "$(dirname "$0")/lib.sh"
. "$HELPERS/nginx.sh"
mkdir -p "$T/www"
$MAKE_RASTERS "$T/www" utm webmerc rotated
start_nginx "$T/www"
U="/vsicurl/http://127.0.0.1:$NGINX_PORT"
printf '%s\n' "$U/utm.tif" "$U/webmerc.tif" "$U/rotated.tif" >"$T/list"
run_rp --from-list "$T/list" "$T/out" --workers 2
expect_rc 0
/usr/bin/python3 - "$T/out/.rasterpool/journal.jsonl" "$T/www" <<'EOPY' || fail "journal"
import json, os, sys
for r in map(json.loads, open(sys.argv[1])):
    if r.get("status") != "ok":
        continue
    st = os.stat(os.path.join(sys.argv[2], os.path.basename(r["input"])))
    assert r["input_size"] == st.st_size, r
    assert r["input_mtime_ns"] == int(st.st_mtime) * 10**9, r
EOPY
before=$(wc -l <"$NGINX_LOG")
run_rp --from-list "$T/list" "$T/out" --workers 2
expect_rc 0
expect_in "$T/log" "Finished: 3/3 successful."
[ "$(grep -c 'Unchanged since it was done, skipped: ' "$T/log")" = 3 ] || fail "not 3 unchanged: $(cat "$T/log")"
sleep 0.1
! tail -n +$((before + 1)) "$NGINX_LOG" | grep -q '^GET' || fail "an unchanged object was read"
# The server's webmerc.tif changes (other bytes, a later date).
cp "$T/www/rotated.tif" "$T/www/webmerc.tif"
touch -d '+1 minute' "$T/www/webmerc.tif"
run_rp --from-list "$T/list" "$T/out" --workers 2
expect_rc 0
expect_in "$T/log" "Completed: $T/out/webmerc_warped.tif"
[ "$(grep -c 'Unchanged since it was done, skipped: ' "$T/log")" = 2 ] || fail "not 2 unchanged: $(cat "$T/log")"
reference "$U/webmerc.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/webmerc_warped.tif" || fail "the changed object's output is not gdalwarp's"
# status counts the skipped as done.
rc=0; "$RASTERPOOL" status "$T/out" >"$T/status" 2>&1 || rc=$?
expect_rc 0
# Only the date changes (same bytes): redone too.
touch -d '+2 minutes' "$T/www/utm.tif"
run_rp --from-list "$T/list" "$T/out" --workers 2
expect_rc 0
expect_in "$T/log" "Completed: $T/out/utm_warped.tif"
[ "$(grep -c 'Unchanged since it was done, skipped: ' "$T/log")" = 2 ] || fail "not 2 unchanged after touch: $(cat "$T/log")"
