# label: cli
# Every way a worker can fail costs only its task: crash, abort, hang past
# --timeout, garbage on the socket, exit without a result. Crashes are
# retried on a fresh worker; the batch goes on; nothing is left behind.
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/in" "$T/state"
private_fake_worker
for f in a b_segv c_crashonce d_hang e f_garbage g_exit3 h_abort; do
  echo "content of $f" >"$T/in/$f.tif"
done
export RP_FAKE_STATE="$T/state"
# d_hang never answers: without --timeout the run would hang until ctest's
# timeout fails the test (no duration is asserted).
RASTERPOOL_WORKER="$FAKE_WORKER" run_rp "$T/in" "$T/out" --workers 2 --timeout 1
expect_rc 1
L="$T/log"
expect_in $L "] Worker-"
expect_in $L ": crashed (SIGSEGV) while processing $T/in/b_segv.tif"
expect_in $L "Retrying $T/in/b_segv.tif (attempt 2 of 2)"
expect_in $L "Failed $T/in/b_segv.tif: crashed (SIGSEGV) (2 attempts)"
expect_in $L "Failed $T/in/h_abort.tif: crashed (SIGABRT) (2 attempts)"
expect_in $L ": crashed (SIGKILL) while processing $T/in/c_crashonce.tif"
expect_in $L "Completed: $T/out/c_crashonce_warped.tif"
expect_in $L "Failed $T/in/d_hang.tif: timed out after 1 s (2 attempts)"
expect_in $L "Failed $T/in/f_garbage.tif: sent a malformed message (2 attempts)"
expect_in $L "Failed $T/in/g_exit3.tif: exited with status 3 without a result (2 attempts)"
expect_in $L "Finished: 3/8 successful."
[ "$(grep -c 'crashed (SIGSEGV) while processing' $L)" = 2 ] || fail "segv attempts"
for f in a c_crashonce e; do
  cmp "$T/in/$f.tif" "$T/out/${f}_warped.tif" || fail "$f output"
done
[ "$(ls "$T/out" | wc -l)" = 3 ] || fail "unexpected outputs: $(ls "$T/out")"
expect_no_temp_files "$T/out"
expect_seed_log_format $L
pgrep -f "$FAKE_WORKER" && fail "workers left running"
# --retries 0: one attempt only.
rm -rf "$T/out" "$T/state"/*
RASTERPOOL_WORKER="$FAKE_WORKER" run_rp "$T/in" "$T/out" --retries 0 --timeout 1
expect_rc 1
expect_in $L "Failed $T/in/b_segv.tif: crashed (SIGSEGV) (1 attempt)"
! grep -q Retrying $L || fail "retried with --retries 0"
