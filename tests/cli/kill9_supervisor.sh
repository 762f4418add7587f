# label: gdal
# kill -9 of the supervisor: no worker lives on (PR_SET_PDEATHSIG), and the
# next run removes the temporary files a killed run left, and only those.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" sized:30:600
cp "$RASTERPOOL_WORKER_BIN" "$T/rasterpool-worker"
RASTERPOOL_WORKER="$T/rasterpool-worker" "$RASTERPOOL" "$T/in" "$T/out" \
  --workers 2 >"$T/log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q Completed "$T/log" && break; sleep 0.05; done
kill -9 $pid
wait $pid || true
sleep 0.3
! pgrep -f "$T/rasterpool-worker" || fail "workers outlived the supervisor"
left=$(find "$T/out" -name '.rptmp-*' | wc -l)   # the killed run's own
# What a killed run leaves: a temporary file named for a dead supervisor.
true & dead=$!; wait $dead
host=$(hostname | cut -d. -f1 | tr -- - _)
echo partial >"$T/out/.rptmp-$host-$dead-7-sized_0003_warped.tif"
echo partial >"$T/out/.rptmp-$host-$dead-7-sized_0003_warped.tif.aux.xml"
echo live >"$T/out/.rptmp-$host-$$-1-keep_warped.tif"   # a live run's: kept
echo other >"$T/out/.rptmp-othernode-$dead-3-x_warped.tif" # another machine's: kept
echo mine >"$T/out/.rptmp-notours.tif"                    # not our pattern: kept
run_rp "$T/in" "$T/out" --workers 2
expect_rc 0
expect_in "$T/log" "Removed $((left + 2)) temporary files left in $T/out by an interrupted run"
[ -e "$T/out/.rptmp-$host-$$-1-keep_warped.tif" ] || fail "removed a live run's file"
[ -e "$T/out/.rptmp-othernode-$dead-3-x_warped.tif" ] || fail "removed another machine's file"
[ -e "$T/out/.rptmp-notours.tif" ] || fail "removed a file not ours"
[ ! -e "$T/out/.rptmp-$host-$dead-7-sized_0003_warped.tif" ] || fail "stale file kept"
[ "$(ls "$T/out" | wc -l)" = 30 ] || fail "outputs missing"
[ "$(find "$T/out" -name '.rptmp-*' | wc -l)" = 3 ] || fail "temporary files left"
