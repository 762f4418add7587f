# label: gdal
# kill -9 of a busy worker mid-batch: its task is retried on a fresh worker,
# the batch finishes, every output is byte-identical to gdalwarp's, no
# temporary file or process is left. Both start methods; with forkserver
# the zygote also gets killed mid-run and is replaced.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" sized:60:600
cp "$RASTERPOOL_WORKER_BIN" "$T/rasterpool-worker"   # this test's workers only
for method in spawn forkserver; do
  out="$T/out-$method"
  RASTERPOOL_WORKER="$T/rasterpool-worker" "$RASTERPOOL" "$T/in" "$out" \
    --workers 2 --start-method $method >"$T/log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q Completed "$T/log" && break; sleep 0.05; done
  victim=$(pgrep -n -f "$T/rasterpool-worker")   # the newest: a busy worker
  [ -n "$victim" ] || fail "no worker to kill ($method)"
  kill -9 "$victim"
  if [ $method = forkserver ]; then
    zygote=$(pgrep -o -f "$T/rasterpool-worker --forkserver")
    [ -n "$zygote" ] && [ "$zygote" != "$victim" ] || fail "no zygote"
    kill -9 "$zygote"
  fi
  rc=0; wait $pid || rc=$?
  expect_rc 0
  expect_in "$T/log" ": crashed (SIGKILL) while processing $T/in/sized_"
  expect_in "$T/log" "Retrying $T/in/sized_"
  expect_in "$T/log" "Finished: 60/60 successful."
  for f in "$T"/in/*.tif; do
    stem=$(basename "$f" .tif)
    reference "$f" "$T/ref.tif"
    cmp -s "$T/ref.tif" "$out/${stem}_warped.tif" || fail "$stem differs ($method)"
  done
  expect_no_temp_files "$out"
  ! pgrep -f "$T/rasterpool-worker" || fail "workers left running ($method)"
done
