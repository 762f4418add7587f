# label: gdal
# --workers auto runs the batch under the disk controller (its decisions
# are unit-tested on recorded samples in unit_tier) and says so in the
# report; outputs are the same bytes.
#
# The disks' samples are injected (RASTERPOOL_DISKSTATS, iowatch.h): a
# recording of a saturated disk (busy all the time, throughput flat), so
# the controller must shed task slots whatever this machine's disks and
# speed, and tasks started after the first cut never run more at once
# than the cut allows.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" tiny:20 utm
read -r maj min < <(/usr/bin/python3 -c \
  'import os,sys; d=os.stat(sys.argv[1]).st_dev; print(os.major(d), os.minor(d))' "$T")
for i in $(seq 0 11); do
  echo "@ $i"
  # major minor name, reads merged SECTORS ms, writes merged SECTORS ms,
  # in_flight IO_TICKS (ms busy) ...
  echo "   7   99 loop99 1 0 $((i * 5000)) 0 1 0 $((i * 5000)) 0 0 $((i * 10)) 0"
  echo "$maj $min sdx 10 0 $((i * 2000)) 5 10 0 $((i * 2000)) 5 2 $((i * 1000)) 20"
done >"$T/diskstats"
RASTERPOOL_DISKSTATS="$T/diskstats" run_rp "$T/in" "$T/out" --workers auto \
  --report "$T/r.json"
expect_rc 0
expect_in "$T/log" "Finished: 21/21 successful."
expect_in "$T/log" "Disks 100% busy at 2.0 MB/s: at most"
/usr/bin/python3 - "$T/r.json" "$T/out/.rasterpool/journal.jsonl" "$(nproc)" <<'EOPY' || fail "report"
import json, sys
s = json.load(open(sys.argv[1]))["storage"]
assert s["workers_auto"] is True, s
changes = s["concurrency_changes"]
cores = int(sys.argv[3])
if cores > 1:
    assert changes, ("a saturated disk changed nothing", s)
last = cores
for t, n in changes:
    assert t >= 0 and 1 <= n < last, changes   # only ever down
    last = n
# Tasks started after the first cut: while one runs, at most n - 1 others.
lines = [json.loads(l) for l in open(sys.argv[2])]
t0 = next(l["started"] for l in lines if l.get("type") == "run")
rows = [l for l in lines if l.get("type") != "run"]
if changes:
    cut, n = changes[0]
    for r in rows:
        if r["start"] - t0 <= cut + 0.001:
            continue
        overlap = [o for o in rows if o is not r and o["start"] <= r["start"] < o["end"]]
        assert len(overlap) < n, ("ran beside", r, overlap, n)
EOPY
reference "$T/in/utm.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/utm_warped.tif" || fail "differs"
for f in "$T"/in/tiny_*.tif; do
  reference "$f" "$T/ref.tif"
  cmp -s "$T/ref.tif" "$T/out/$(basename "$f" .tif)_warped.tif" || fail "$f differs"
done
run_rp "$T/in" "$T/out" --workers automatic
expect_rc 2
run_rp "$T/in" "$T/out" --io-limit remote
expect_rc 2
expect_in "$T/err" "is not TIER=N"
