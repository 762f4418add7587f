# label: cli
# --start-method forkserver: a zygote that dies is started again, after a
# delay that grows with the deaths in a row; two in a row (the first two
# zygotes die on their first request) still let the batch complete, and a
# zygote that always dies ends the run with exit 3 and the reason instead
# of retrying forever. The fake worker's zygotes die on cue, so nothing
# here depends on timing.
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/in" "$T/state"
private_fake_worker
for i in $(seq -w 1 12); do echo "content $i" >"$T/in/r$i.tif"; done

RP_FAKE_STATE="$T/state" RP_FAKE_ZYGOTE_DEATHS=2 \
  RASTERPOOL_WORKER="$FAKE_WORKER" \
  run_rp "$T/in" "$T/out" --workers 2 --start-method forkserver
expect_rc 0
expect_in "$T/log" "Finished: 12/12 successful."
[ -e "$T/state/zygote-1" ] && [ -e "$T/state/zygote-2" ] || fail "no zygote died"
for f in "$T"/in/*.tif; do
  cmp "$f" "$T/out/$(basename "$f" .tif)_warped.tif" || fail "$f output"
done
! pgrep -f "$FAKE_WORKER" || fail "processes left running"

RP_FAKE_ZYGOTE_DEATHS=1 RASTERPOOL_WORKER="$FAKE_WORKER" \
  run_rp "$T/in" "$T/out2" --workers 2 --start-method forkserver
expect_rc 3
expect_in "$T/err" "cannot start workers: the fork server cannot start a worker"
expect_in "$T/err" "(6 failed starts in a row)"
! pgrep -f "$FAKE_WORKER" || fail "processes left running"
