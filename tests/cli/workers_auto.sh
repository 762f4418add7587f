# label: gdal
# --workers auto runs the batch under the disk controller (its decisions
# are unit-tested on recorded samples in unit_tier) and says so in the
# report; outputs are the same bytes.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" tiny:20 utm
run_rp "$T/in" "$T/out" --workers auto --report "$T/r.json"
expect_rc 0
expect_in "$T/log" "Finished: 21/21 successful."
/usr/bin/python3 - "$T/r.json" <<'EOPY' || fail "report"
import json, sys
s = json.load(open(sys.argv[1]))["storage"]
assert s["workers_auto"] is True, s
assert isinstance(s["concurrency_changes"], list), s
for t, n in s["concurrency_changes"]:
    assert t >= 0 and n >= 1
EOPY
reference "$T/in/utm.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/utm_warped.tif" || fail "differs"
run_rp "$T/in" "$T/out" --workers automatic
expect_rc 2
run_rp "$T/in" "$T/out" --io-limit remote
expect_rc 2
expect_in "$T/err" "is not TIER=N"
