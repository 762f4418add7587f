# label: gdal
# The batch's tail gets the spare cores as GDAL threads (decoding, warp and
# compression threads), and the output is still byte-identical to
# single-threaded gdalwarp's; while other tasks wait, each has one thread.
#
# Only what holds whatever the order tasks end in is asserted here: a lone
# task gets every core; no task gets more threads than --workers; a task
# with more than one thread is started when no other task waits (no task
# of the run starts after it). Whether the last task is held for cores
# that come free depends on which task ends first: that decision is
# unit-tested as a function of recorded scenarios, not here.
. "$(dirname "$0")/lib.sh"

# check_budget JOURNAL WORKERS: the thread budget, from the journal alone.
check_budget() {
  /usr/bin/python3 - "$1" "$2" <<'PY' || fail "thread budget broken in $1"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if '"type":"run"' not in l]
workers = int(sys.argv[2])
assert rows, "no task in the journal"
for r in rows:
    assert 1 <= r["threads"] <= workers, r
    if r["threads"] > 1:
        later = [o for o in rows if o["start"] > r["start"]]
        assert not later, ("a task started after a threaded one", r, later)
PY
}

$MAKE_RASTERS "$T/in" sized:1:1500
run_rp "$T/in" "$T/out" --workers 2
expect_rc 0
grep -q '"threads":2' "$T/out/.rasterpool/journal.jsonl" || fail "a lone task did not get both cores"
check_budget "$T/out/.rasterpool/journal.jsonl" 2
reference "$T/in/sized_0000.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/sized_0000_warped.tif" || fail "threaded output differs"

$MAKE_RASTERS "$T/in2" tiny:6
run_rp "$T/in2" "$T/out2" --workers 2
expect_rc 0
J="$T/out2/.rasterpool/journal.jsonl"
# Six tasks, two workers: the first five leave a task waiting behind them.
[ "$(grep -c '"threads":1' "$J")" -ge 5 ] || fail "threads while tasks waited"
check_budget "$J" 2

# Three equal rasters on two workers: the third runs on one or two threads
# (held for both cores or not), and every output is gdalwarp's bytes.
$MAKE_RASTERS "$T/in3" sized:3:2500
run_rp "$T/in3" "$T/out3" --workers 2
expect_rc 0
check_budget "$T/out3/.rasterpool/journal.jsonl" 2
for i in 0 1 2; do
  reference "$T/in3/sized_000$i.tif" "$T/ref3.tif"
  cmp "$T/ref3.tif" "$T/out3/sized_000${i}_warped.tif" || fail "output $i differs"
done
