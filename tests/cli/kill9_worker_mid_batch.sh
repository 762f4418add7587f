# label: gdal
# kill -9 of a busy worker mid-batch: its task is retried on a fresh worker,
# the batch finishes, every output is byte-identical to gdalwarp's, no
# temporary file or process is left.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" sized:60:600
cp "$RASTERPOOL_WORKER_BIN" "$T/rasterpool-worker"   # this test's workers only
RASTERPOOL_WORKER="$T/rasterpool-worker" "$RASTERPOOL" "$T/in" "$T/out" \
  --workers 2 >"$T/log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q Completed "$T/log" && break; sleep 0.05; done
victim=$(pgrep -f "$T/rasterpool-worker" | head -1)
[ -n "$victim" ] || fail "no worker to kill"
kill -9 "$victim"
rc=0; wait $pid || rc=$?
expect_rc 0
expect_in "$T/log" ": crashed (SIGKILL) while processing $T/in/sized_"
expect_in "$T/log" "Retrying $T/in/sized_"
expect_in "$T/log" "Finished: 60/60 successful."
for f in "$T"/in/*.tif; do
  stem=$(basename "$f" .tif)
  reference "$f" "$T/ref.tif"
  cmp -s "$T/ref.tif" "$T/out/${stem}_warped.tif" || fail "$stem differs"
done
expect_no_temp_files "$T/out"
! pgrep -f "$T/rasterpool-worker" || fail "workers left running"
