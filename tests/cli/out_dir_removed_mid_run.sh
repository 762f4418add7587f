# label: cli
# OUT_DIR removed, or renamed away, while a run goes on: the run stops
# handing out tasks and fails loudly (exit 3, a message naming OUT_DIR); it
# never recreates OUT_DIR, and never reports success. The fake worker holds
# its second task ("gate") until the test has acted, so no timing decides.
. "$(dirname "$0")/lib.sh"
private_fake_worker
mkdir -p "$T/in" "$T/state"
for f in b_gate c d e; do echo "$f" >"$T/in/$f.tif"; done
echo "the largest, so the first (largest first)" >"$T/in/a.tif"
export RP_FAKE_STATE="$T/state"

run_and_act() { # ACTION: what to do to OUT_DIR once task a is done
  rm -f "$T/state/go"
  RASTERPOOL_WORKER="$FAKE_WORKER" "$RASTERPOOL" "$T/in" "$T/out" \
    --workers 1 >"$T/log" 2>"$T/err" &
  local pid=$!
  for _ in $(seq 600); do grep -q "Completed" "$T/log" && break; sleep 0.05; done
  expect_in "$T/log" "Completed: $T/out/a_warped.tif"
  eval "$1"
  touch "$T/state/go"
  rc=0; wait $pid || rc=$?
  expect_rc 3
  grep -qE "^rasterpool: output directory $T/out was ($2) during the run; stopping" "$T/err" ||
    { cat "$T/err" >&2; fail "no message naming OUT_DIR"; }
  expect_in "$T/log" "Failed $T/in/b_gate.tif: "
  ! grep -q "Completed: $T/out/[cde]_warped" "$T/log" || fail "went on after OUT_DIR was gone"
}

run_and_act 'rm -rf "$T/out"' removed
[ ! -e "$T/out" ] || fail "OUT_DIR recreated: $(find "$T/out")"

run_and_act 'mv "$T/out" "$T/moved"' removed
[ ! -e "$T/out" ] || fail "OUT_DIR recreated: $(find "$T/out")"
[ -z "$(find "$T/moved" -name '.rasterpool-*')" ] || fail "private directory left"

mkdir "$T/out"
# (the run may look between the two commands and see it removed)
run_and_act 'rm -rf "$T/out"; mkdir "$T/out"' 'replaced|removed'
[ -z "$(ls -A "$T/out")" ] || fail "wrote into the new OUT_DIR: $(ls -A "$T/out")"
