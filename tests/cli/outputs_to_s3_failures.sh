# label: gdal
# OUT_DIR in object storage when things go wrong (s3rver on 127.0.0.1):
# bad credentials and a missing bucket refuse the run once, before any task
# (exit 2, one line); an upload cut by the network (a proxy that drops the
# PUT) fails its task, leaves no object under the final key and nothing in
# staging; a multipart upload (VSIS3_CHUNK_SIZE=5 MB, a 7 MB output) lands
# byte for byte, and one whose second part is dropped leaves no object and
# has its pending uploads aborted.
. "$(dirname "$0")/lib.sh"
. "$HELPERS/s3rver.sh"
start_s3rver
mkdir -p "$T/in"
$MAKE_RASTERS "$T/in" utm rotated
export GDAL_HTTP_MAX_RETRY=1 GDAL_HTTP_RETRY_DELAY=0.1
no_task_ran() {
  ! grep -q 'Failed\|Completed' "$T/log" || fail "tasks ran: $(cat "$T/log")"
  [ "$(wc -l <"$T/err")" = 1 ] || fail "not one error line: $(cat "$T/err")"
}
AWS_ACCESS_KEY_ID=NOT-A-KEY run_rp "$T/in" /vsis3/bkt/out --workers 2
expect_rc 2
expect_in "$T/err" "cannot write to /vsis3/bkt/out: the bucket /vsis3/bkt/ does not exist or refuses these credentials"
no_task_ran
[ -z "$(s3_objects out/)" ] || fail "objects with bad credentials"
run_rp "$T/in" /vsis3/nobucket/out --workers 2
expect_rc 2
expect_in "$T/err" "the bucket /vsis3/nobucket/ does not exist"
no_task_ran
# Uploads cut by the network: every PUT dropped half way.
proxy() { # REGEX: a failing proxy in front of s3rver; sets AWS_S3_ENDPOINT
  rm -f "$T/pport" "$T/proxy.log"
  /usr/bin/python3 "$HELPERS/failing_proxy.py" "$S3_PORT" "$T/pport" "$T/proxy.log" "$1" &
  PROXY_PID=$!
  for _ in $(seq 50); do [ -s "$T/pport" ] && break; sleep 0.1; done
  export AWS_S3_ENDPOINT="127.0.0.1:$(cat "$T/pport")"
}
proxy '^PUT '
run_rp "$T/in" /vsis3/bkt/cut --workers 2
kill $PROXY_PID
expect_rc 1
[ "$(grep -c 'Failed .*upload' "$T/log")" = 2 ] || fail "not 2 failed uploads: $(cat "$T/log")"
grep -q '^PUT .* dropped' "$T/proxy.log" || fail "no PUT was dropped"
[ -z "$(s3_objects cut/)" ] || fail "objects from cut uploads: $(s3_objects cut/)"
expect_no_temp_files "$XDG_STATE_HOME"
expect_no_temp_files "$T/in"
# Multipart: a 7 MB output in 5 MB parts, then the same with part 2 dropped.
/usr/bin/python3 - "$T/big/big.tif" <<'EOPY'
import os, sys
import numpy as np
from osgeo import gdal, osr
os.makedirs(os.path.dirname(sys.argv[1]))
ds = gdal.GetDriverByName("GTiff").Create(sys.argv[1], 1600, 1600, 3, gdal.GDT_Byte)
srs = osr.SpatialReference(); srs.ImportFromEPSG(32633)
ds.SetProjection(srs.ExportToWkt()); ds.SetGeoTransform((400000, 30, 0, 5000000, 0, -30))
rng = np.random.default_rng(1)
for b in range(3):
    ds.GetRasterBand(b + 1).WriteArray(rng.integers(0, 255, (1600, 1600), dtype=np.uint8))
EOPY
export VSIS3_CHUNK_SIZE=5
CO=(--co TILED=YES --co BIGTIFF=YES)
proxy 'no-such-request'
run_rp "$T/big" /vsis3/bkt/multi --workers 1 "${CO[@]}"
kill $PROXY_PID
expect_rc 0
grep -q 'POST .*uploads' "$T/proxy.log" || fail "not a multipart upload: $(cat "$T/proxy.log")"
gdalwarp -q -t_srs EPSG:4326 -r bilinear -et 0.125 -of GTiff -co TILED=YES \
  -co BIGTIFF=YES -wo NUM_THREADS=1 "$T/big/big.tif" "$T/ref.tif"
[ "$(stat -c %s "$T/ref.tif")" -gt $((5 << 20)) ] || fail "output too small for two parts"
s3_get multi/big_warped.tif "$T/got.tif"
cmp "$T/ref.tif" "$T/got.tif" || fail "multipart object differs from gdalwarp's output"
proxy '^PUT .*partNumber=2'
run_rp "$T/big" /vsis3/bkt/multicut --workers 1 "${CO[@]}"
kill $PROXY_PID
expect_rc 1
# GDAL 3.6 leaves the upload pending; the worker asks for the key's pending
# uploads to abort them (s3rver answers that listing 501: what it would
# abort cannot be seen here; AWS S3 and GCS implement it).
grep -q '^GET /bkt/?.*prefix=multicut%2Fbig_warped.tif&uploads ' "$T/proxy.log" ||
  fail "no abort of the pending upload was asked for: $(cat "$T/proxy.log")"
[ -z "$(s3_objects multicut/)" ] || fail "object from a cut multipart upload"
