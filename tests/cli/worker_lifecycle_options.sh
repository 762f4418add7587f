# label: gdal
# --cache-max is split among the workers; --max-tasks-per-worker replaces a
# worker after N tasks; -v shows each worker's settings.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" tiny:6
run_rp "$T/in" "$T/out" --workers 2 --cache-max 100 -v
expect_rc 0
[ "$(grep -c 'ready: pid [0-9]*, GDAL 3[.0-9]*, block cache 50 MB, memory limit none' "$T/log")" = 2 ] \
  || { cat "$T/log"; fail "cache budget not split"; }
expect_seed_log_format "$T/log"
run_rp "$T/in" "$T/out" --workers 1 --max-tasks-per-worker 2 -v --overwrite
expect_rc 0
expect_in "$T/log" "Worker-3: Completed: "
! grep -q "Worker-4" "$T/log" || fail "more workers than 6 tasks / 2 need"
[ "$(grep -c 'Worker-2: Completed' "$T/log")" = 2 ] || fail "worker 2 ran != 2 tasks"
# The default budget: 5% of physical memory for all workers together.
run_rp "$T/in" "$T/out" --workers 2 -v --overwrite
mem_mb=$(( $(getconf _PHYS_PAGES) * $(getconf PAGESIZE) / 1048576 ))
expect_in "$T/log" "block cache $(( mem_mb / 20 / 2 )) MB"
# Quiet hides INFO; errors still show.
run_rp "$T/in" "$T/out" -q --overwrite
expect_rc 0
[ ! -s "$T/log" ] || fail "-q printed: $(cat "$T/log")"
