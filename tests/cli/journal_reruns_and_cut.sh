# label: gdal
# No-op reruns add nothing to the journal; a journal whose last line was cut
# gets its next run's header on a fresh line, and status counts that run.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" tiny:4
J="$T/out/.rasterpool/journal.jsonl"
run_rp "$T/in" "$T/out"
expect_rc 0
size=$(stat -c %s "$J")
for i in 1 2 3; do
  run_rp "$T/in" "$T/out"
  expect_rc 0
  expect_in "$T/log" "Skipping 4 rasters done by an earlier run"
  [ "$(stat -c %s "$J")" = "$size" ] || fail "rerun $i grew the journal: $(tail -2 "$J")"
done
rc=0; "$RASTERPOOL" status "$T/out" >"$T/status" || rc=$?
expect_rc 0
expect_in "$T/status" "total: 4 done, 0 failed, 0 missing, 1 of 1 shard started"
# A crash or a full disk cuts the last line (an ok line): its input is redone,
# with two new inputs, one of them corrupt.
truncate -s -25 "$J"
cp "$T/in/tiny_0001.tif" "$T/in/new.tif"
$MAKE_RASTERS "$T/in" corrupt
run_rp "$T/in" "$T/out"
expect_rc 1
/usr/bin/python3 - "$J" <<'PY' || fail "journal after the cut: $(cat "$J")"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == ""
bad = []
recs = []
for n, l in enumerate(lines[:-1]):
    try:
        recs.append(json.loads(l))
    except ValueError:
        bad.append(n)
assert len(bad) == 1, "not one cut line alone: %s" % bad
headers = [r for r in recs if r.get("type") == "run"]
assert len(headers) == 2, headers
h = headers[-1]
assert h["tasks"] == 6 and h["skipped"] == 3, h
redone = [r["input"].rsplit("/", 1)[1] for r in recs if r.get("run") == h["run"] and "type" not in r]
redone.sort()   # the two new inputs and the one whose ok line was cut
assert len(redone) == 3 and redone[:2] == ["corrupt.tif", "new.tif"], redone
assert redone[2].startswith("tiny_"), redone
PY
rc=0; "$RASTERPOOL" status "$T/out" >"$T/status" || rc=$?
expect_rc 1
expect_in "$T/status" "total: 5 done, 1 failed, 0 missing, 1 of 1 shard started"
# The corrupt input given up (deleted): its failure is gone, status is 0.
rm "$T/in/corrupt.tif"
rc=0; "$RASTERPOOL" status "$T/out" >"$T/status" || rc=$?
expect_rc 0
expect_in "$T/status" "total: 5 done, 0 failed, 0 missing, 1 gone, 1 of 1 shard started"
rc=0; "$RASTERPOOL" status "$T/out" --failed >"$T/failed" || rc=$?
[ ! -s "$T/failed" ] || fail "--failed lists a gone input: $(cat "$T/failed")"
