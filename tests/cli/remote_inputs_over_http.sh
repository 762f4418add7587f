# label: gdal
# Inputs read over HTTP from a real nginx on 127.0.0.1 (byte ranges), named
# in a list with hostile entries; one endpoint drops the connection mid-file
# and must fail its task without leaving an output.
. "$(dirname "$0")/lib.sh"
command -v nginx >/dev/null || { echo "note: nginx not installed"; exit 77; }
mkdir -p "$T/www" "$T/nginx"
chmod 755 "$T"   # nginx workers run as an unprivileged user
$MAKE_RASTERS "$T/www" utm webmerc rotated
cp "$T/www/rotated.tif" "$T/www/q'uote.tif"
/usr/bin/python3 "$HELPERS/dropping_server.py" "$T/www" "$T/dport" &
dropper=$!
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
for _ in $(seq 50); do [ -s "$T/dport" ] && break; sleep 0.1; done
cat >"$T/nginx/nginx.conf" <<EOC
daemon on;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 64; }
http {
  access_log $T/nginx/access.log;
  client_body_temp_path $T/nginx; proxy_temp_path $T/nginx;
  fastcgi_temp_path $T/nginx; uwsgi_temp_path $T/nginx; scgi_temp_path $T/nginx;
  server {
    listen 127.0.0.1:$port;
    root $T/www;
    location /drop/ { proxy_pass http://127.0.0.1:$(cat "$T/dport")/; proxy_buffering off; }
  }
}
EOC
nginx -c "$T/nginx/nginx.conf" -p "$T/nginx" || fail "nginx did not start"
trap 'kill $(cat "$T/nginx/nginx.pid") $dropper 2>/dev/null; rm -rf "$T"' EXIT
U="/vsicurl/http://127.0.0.1:$port"
cat >"$T/list" <<EOL
# inputs of this batch
$U/utm.tif
$U/webmerc.tif?token=abc&x=../../etc
$U/drop/rotated.tif
$T/www/../www/q'uote.tif
$U/..
EOL
run_rp --from-list "$T/list" "$T/out" --workers 2
expect_rc 1
for f in utm webmerc; do
  reference "$U/$f.tif" "$T/ref.tif"
  cmp "$T/ref.tif" "$T/out/${f}_warped.tif" || fail "$f over HTTP differs"
done
reference "$T/www/rotated.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/q_uote_warped.tif" || fail "local entry"
expect_in "$T/log" "Failed $U/drop/rotated.tif: "
[ ! -e "$T/out/rotated_warped.tif" ] || fail "output from a dropped transfer"
expect_in "$T/log" "Failed $U/..: cannot derive a safe output name from it"
expect_in "$T/log" "Finished: 3/5 successful."
[ "$(ls "$T/out" | wc -l)" = 3 ] || fail "outputs: $(ls "$T/out")"
[ -z "$(find "$T" -name '*_warped.tif' -not -path "$T/out/*")" ] || fail "an output escaped OUT_DIR"
expect_no_temp_files "$T/out"
grep -q '" 206 ' "$T/nginx/access.log" || fail "no byte-range request reached nginx"
# The same list from standard input.
rc=0; "$RASTERPOOL" --from-list - "$T/out2" --workers 1 <"$T/list" >"$T/log" 2>&1 || rc=$?
expect_rc 1
expect_in "$T/log" "Finished: 3/5 successful."
# Storage tiers: at most --io-limit tasks read from the HTTP host at once;
# the local entry is its own tier and is not held back.
run_rp --from-list "$T/list" "$T/out3" --workers 2 --io-limit remote=1 \
  --report "$T/report.json"
expect_rc 1
expect_in "$T/log" "Storage tier http:127.0.0.1 (remote): 3 rasters, at most 1 at once"
expect_in "$T/log" "(local): 1 rasters, at most 2 at once"
/usr/bin/python3 - "$T/out3/.rasterpool/journal.jsonl" "$T/report.json" <<'EOPY' || fail "tier limit"
import json, sys
spans = sorted((r["start"], r["end"]) for r in map(json.loads, open(sys.argv[1]))
               if "input" in r and "://" in r["input"] and r["worker"])
for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
    assert s2 >= e1 - 0.01, ("two HTTP tasks at once", spans)
tiers = {t["tier"]: t for t in json.load(open(sys.argv[2]))["storage"]["tiers"]}
assert tiers["http:127.0.0.1"]["limit"] == 1 and tiers["http:127.0.0.1"]["tasks"] == 4, tiers
assert any(k.startswith("local:") for k in tiers), tiers
print("tiers ok", len(spans), "HTTP tasks in sequence")
EOPY
