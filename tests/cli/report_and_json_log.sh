# label: gdal
# --report FILE.json and --log-format json.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" tiny:12
$MAKE_RASTERS "$T/in" corrupt
run_rp "$T/in" "$T/out" --workers 2 --report "$T/report.json" --log-format json
expect_rc 1
/usr/bin/python3 - "$T/report.json" "$T/log" <<'EOPY' || fail "report"
import json, sys
r = json.load(open(sys.argv[1]))
t = r["totals"]
assert t["ok"] == 12 and t["failed"] == 1 and t["skipped"] == 0, t
assert r["gdal"].startswith("3."), r["gdal"]
assert r["config"]["args"][:2] == ["-t_srs", "EPSG:4326"], r["config"]
assert r["workers"] == 2 and r["wall_seconds"] > 0
assert r["worker_cpu_seconds"] > 0
assert all(w["peak_rss_kb"] > 10000 for w in r["worker_processes"]), r["worker_processes"]
assert len(r["worker_processes"]) == 2
th = r["throughput"]
assert th["rasters_per_second"] > 0 and th["input_mb_per_second"] > 0 and th["megapixels_per_second"] > 0
st = r["stage_seconds"]
assert 0 < st["open"] + st["warp"] + st["write"] <= st["total"] + 1e-6, st
assert 0 < r["parallel_efficiency"] <= 1.05, r["parallel_efficiency"]
sl = [s["seconds"] for s in r["slowest"]]
assert len(sl) == 10 and sl == sorted(sl, reverse=True), sl
f = r["failures"]
assert len(f) == 1 and f[0]["input"].endswith("corrupt.tif") and "TIFFReadEncodedTile" in f[0]["error"], f
for line in open(sys.argv[2]):
    o = json.loads(line)
    assert set(o) == {"time", "level", "process", "message"}, o
    assert o["level"] in ("INFO", "WARNING", "ERROR")
print("report ok")
EOPY
expect_in "$T/log" '"message":"Finished: 12/13 successful."'
