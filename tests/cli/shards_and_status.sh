# label: gdal
# Shards from one plan cover every input exactly once; `rasterpool status`
# merges their journals: a shard not started, a failure (listed by
# --failed as a plan), then all done.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" tiny:11 corrupt
"$RASTERPOOL" plan "$T/in" "$T/out" >"$T/plan.jsonl" || fail "plan"
# Files arriving later do not shift the partition: shards read the plan.
$MAKE_RASTERS "$T/in" utm
run_rp --plan "$T/plan.jsonl" "$T/out" --shard 0/3
expect_in "$T/log" "Shard 0/3 (from --shard 0/3): "
rc=0; "$RASTERPOOL" status "$T/out" >"$T/status" || rc=$?
expect_rc 1
expect_in "$T/status" "shard 0/3: "
expect_in "$T/status" "1 of 3 shards started"
run_rp --plan "$T/plan.jsonl" "$T/out" --shard 1/3
run_rp --plan "$T/plan.jsonl" "$T/out" --shard 2/3
grep -h '"status":"ok"' "$T"/out/.rasterpool/journal.shard-*.jsonl | grep -o '"input":"[^"]*"' | sort >"$T/ok"
[ "$(wc -l <"$T/ok")" = 11 ] && [ -z "$(uniq -d "$T/ok")" ] || fail "not every input exactly once"
[ ! -e "$T/out/utm_warped.tif" ] || fail "a file not in the plan was done"
rc=0; "$RASTERPOOL" status "$T/out" >"$T/status" || rc=$?
expect_rc 1
expect_in "$T/status" "total: 11 done, 1 failed, 0 missing, 3 of 3 shards started"
rc=0; "$RASTERPOOL" status "$T/out" --failed >"$T/failed" || rc=$?
want=$(printf '{"input":"%s","output":"corrupt_warped.tif","cost":%s}' \
  "$T/in/corrupt.tif" "$(stat -c %s "$T/in/corrupt.tif")")
[ "$(cat "$T/failed")" = "$want" ] || fail "--failed: $(cat "$T/failed")"
# Retry the failures; once the input is good, status is clean.
cp "$T/in/tiny_0000.tif" "$T/in/corrupt.tif"
for k in 0 1 2; do run_rp --plan "$T/plan.jsonl" "$T/out" --shard $k/3; done
rc=0; "$RASTERPOOL" status "$T/out" >"$T/status" || rc=$?
expect_rc 0
expect_in "$T/status" "total: 12 done, 0 failed, 0 missing, 3 of 3 shards started"
run_rp --plan "$T/plan.jsonl" "$T/out" --shard 3/3
expect_rc 2
SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=0 \
  run_rp --plan "$T/plan.jsonl" "$T/out" --dry-run
expect_in "$T/log" "(another shard's)"
