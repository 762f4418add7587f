# label: cli
# SIGINT / SIGTERM: stop the workers, remove temporary files, say what
# finished, exit 130 / 143 without waiting for the tasks; a second SIGINT
# ends at once (the one duration this suite still asserts, 1.5 s against
# the 2 s grace a single SIGINT gives a stubborn worker).
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/in"
private_fake_worker
# Largest first: a_ok goes first, then two hang, d_hang is never handed out.
echo "a_ok, the largest of the four" >"$T/in/a_ok.tif"
for f in b_hang c_hang d_hang; do echo "$f" >"$T/in/$f.tif"; done
interrupt() { # SIGNAL EXPECTED-RC
  rm -rf "$T/out"
  RASTERPOOL_WORKER="$FAKE_WORKER" "$RASTERPOOL" "$T/in" "$T/out" \
    --workers 2 >"$T/log" 2>&1 &
  local pid=$!
  sleep 0.7
  kill -"$1" $pid
  # The hanging tasks never end: waiting for them would hang the test
  # until ctest's timeout fails it (no duration is asserted here).
  rc=0; wait $pid || rc=$?
  expect_rc "$2"
  expect_in "$T/log" "Interrupted by SIG$1: 1/4 successful, 0 failed, 3 not done."
  expect_no_temp_files "$T/out"
  sleep 0.2
  ! pgrep -f "$FAKE_WORKER" || fail "workers outlived the supervisor"
}
interrupt INT 130
interrupt TERM 143
# Workers that ignore SIGTERM are killed after the grace period, or at
# once on a second SIGINT.
echo x >"$T/in/e_stubborn.tif"
rm "$T/in"/b_hang.tif "$T/in"/c_hang.tif "$T/in"/d_hang.tif
RASTERPOOL_WORKER="$FAKE_WORKER" "$RASTERPOOL" "$T/in" "$T/out2" --workers 1 \
  >"$T/log" 2>&1 &
pid=$!
sleep 0.7
t0=$(date +%s%N)
kill -INT $pid; sleep 0.2; kill -INT $pid
rc=0; wait $pid || rc=$?
expect_rc 130
[ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 1500 ] || fail "second SIGINT did not end it at once"
sleep 0.2
! pgrep -f "$FAKE_WORKER" || fail "stubborn worker survived"
