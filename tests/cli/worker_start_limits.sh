# label: cli
# Starting workers never hangs the run nor ends it for nothing: a worker
# that never answers CONFIG is killed at the start-up deadline (without
# --timeout) and the next one does the work; a worker that never answers
# at all ends the run with exit 3 and says why; with few descriptors
# (ulimit -n) and many workers, the run goes on with the workers it could
# start.
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/in" "$T/state"
private_fake_worker
for i in $(seq -w 1 40); do echo "content $i" >"$T/in/r$i.tif"; done

# The first worker never answers; the deadline is 0.5 s (tests only).
RP_FAKE_STATE="$T/state" RP_FAKE_SILENT_AT_START=1 \
  RASTERPOOL_START_TIMEOUT=0.5 RASTERPOOL_WORKER="$FAKE_WORKER" \
  run_rp "$T/in" "$T/out" --workers 1
expect_rc 0
expect_in "$T/log" "Finished: 40/40 successful."
[ -e "$T/state/silent-1" ] || fail "no worker was silent"
cmp "$T/in/r07.tif" "$T/out/r07_warped.tif" || fail "output differs"
! pgrep -f "$FAKE_WORKER" || fail "workers left running"

# Every worker is silent: exit 3, with the reason.
RP_FAKE_SILENT_AT_START=1 RASTERPOOL_START_TIMEOUT=0.2 \
  RASTERPOOL_WORKER="$FAKE_WORKER" run_rp "$T/in" "$T/out2" --workers 2
expect_rc 3
expect_in "$T/err" "did not answer CONFIG within 0.2 s before it was ready (6 failed starts in a row)"
! pgrep -f "$FAKE_WORKER" || fail "silent workers left running"

# 30 workers on 24 descriptors: fewer workers, every task done.
rc=0
(ulimit -n 24; RASTERPOOL_WORKER="$FAKE_WORKER" \
  exec "$RASTERPOOL" "$T/in" "$T/out3" --workers 30) >"$T/log" 2>"$T/err" || rc=$?
expect_rc 0
expect_in "$T/log" "Finished: 40/40 successful."
grep -q "The descriptor limit (ulimit -n) leaves room for [0-9]* of 30 workers" "$T/log" ||
  fail "no warning"
for f in "$T"/in/*.tif; do
  cmp "$f" "$T/out3/$(basename "$f" .tif)_warped.tif" || fail "$f output"
done
