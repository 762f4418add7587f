# label: gdal
# kill -9 of a busy worker mid-batch: its task is retried on a fresh worker,
# the batch finishes, every output is byte-identical to gdalwarp's, no
# temporary file or process is left. Both start methods; with forkserver
# two zygotes in a row are killed as well: the first, then the one started
# for the killed worker's replacement, and a second worker is killed so
# that a third zygote must be started.
#
# No timing: each pass has its own log and output directory, and a worker
# counts as busy only while it is stopped (SIGSTOP) with a descriptor open
# under the output directory (the task's temporary file), so it cannot
# finish between the check and the kill.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" sized:60:600
cp "$RASTERPOOL_WORKER_BIN" "$T/rasterpool-worker"   # this test's workers only

# writes_under DIR PID: does PID hold a descriptor open on a file in DIR?
writes_under() {
  local fd
  for fd in /proc/"$2"/fd/*; do
    case "$(readlink "$fd" 2>/dev/null)" in "$1"/*) return 0 ;; esac
  done
  return 1
}

# kill_busy_worker SUPERVISOR OUTDIR: SIGKILLs one worker in the middle of
# a task; fails the test if none is found within 2000 tries.
kill_busy_worker() {
  local sup=$1 dir=$2 p
  for _ in $(seq 2000); do
    kill -0 "$sup" 2>/dev/null || fail "the run ended before a worker was busy"
    for p in $(pgrep -P "$sup" -x rasterpool-work || true); do
      kill -STOP "$p" 2>/dev/null || continue
      if writes_under "$dir" "$p"; then
        kill -KILL "$p"
        echo "$p"
        return 0
      fi
      kill -CONT "$p" 2>/dev/null || true
    done
    sleep 0.01
  done
  fail "no busy worker found"
}

# new_zygote SUPERVISOR OLD: the pid of a zygote other than OLD. A worker
# just forked by the zygote is the supervisor's child too (it adopts them)
# and bears the zygote's name until it takes the executable's back: the
# zygote is the oldest, and still bears the name a moment later.
new_zygote() {
  local z
  for _ in $(seq 2000); do
    z=$(pgrep -o -P "$1" -x rp-forkserver || true)
    if [ -n "$z" ] && [ "$z" != "$2" ]; then
      sleep 0.05
      [ "$(cat "/proc/$z/comm" 2>/dev/null)" = rp-forkserver ] &&
        { echo "$z"; return 0; }
    fi
    kill -0 "$1" 2>/dev/null || break
    sleep 0.01
  done
  fail "no new zygote"
}

for method in spawn forkserver; do
  out="$T/out-$method" log="$T/log-$method"
  RASTERPOOL_WORKER="$T/rasterpool-worker" "$RASTERPOOL" "$T/in" "$out" \
    --workers 2 --start-method $method >"$log" 2>&1 &
  pid=$!
  if [ $method = forkserver ]; then
    zygote=$(new_zygote "$pid" none) || exit 1
    kill -9 "$zygote"
  fi
  kill_busy_worker "$pid" "$out" >/dev/null || exit 1
  if [ $method = forkserver ]; then
    zygote=$(new_zygote "$pid" "$zygote") || exit 1
    kill -9 "$zygote"
    kill_busy_worker "$pid" "$out" >/dev/null || exit 1
  fi
  rc=0; wait $pid || rc=$?
  [ "$rc" = 0 ] || { cat "$log" >&2; fail "exit $rc, wanted 0 ($method)"; }
  expect_in "$log" ": crashed (SIGKILL) while processing $T/in/sized_"
  expect_in "$log" "Retrying $T/in/sized_"
  expect_in "$log" "Finished: 60/60 successful."
  for f in "$T"/in/*.tif; do
    stem=$(basename "$f" .tif)
    reference "$f" "$T/ref.tif"
    cmp -s "$T/ref.tif" "$out/${stem}_warped.tif" || fail "$stem differs ($method)"
  done
  expect_no_temp_files "$out"
  ! pgrep -f "$T/rasterpool-worker" || fail "workers left running ($method)"
done
