# label: gdal
# kill -9 of the supervisor: no worker lives on (PR_SET_PDEATHSIG), and the
# next run removes the private directories a killed run left, and only
# those: not a live run's, another machine's, another pattern's, nor
# anything that is not a directory; and it never follows a link.
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
left=$(find "$T/out" -maxdepth 1 -name '.rasterpool-*' | wc -l) # the killed run's own
# What a killed run leaves: a private directory named for a dead supervisor,
# with GDAL's files in it.
true & dead=$!; wait $dead
host=$(printf '%s_%x' "$(hostname)" "$(stat -Lc %i /proc/self/ns/pid)" | tr -- - _)
stale="$T/out/.rasterpool-$host-$dead-AbCd1234"
mkdir -m 700 "$stale" "$stale/sub"
echo partial >"$stale/sized_0003_warped.tif"
echo partial >"$stale/sized_0003_warped.tif.ovr.tmp"
echo partial >"$stale/sub/x"
mkdir "$T/victim"; echo precious >"$T/victim/file"
ln -s "$T/victim" "$stale/link"                                 # not followed
mkdir "$T/out/.rasterpool-$host-$$-live0001"                    # a live run's
mkdir "$T/out/.rasterpool-othernode-$dead-othr0001"             # another machine's
mkdir "$T/out/.rasterpool-${host%_*}_1-$dead-nspc0001"         # another pid namespace's
echo f >"$T/out/.rasterpool-$host-$dead-file0001"               # no directory
ln -s "$T/victim" "$T/out/.rasterpool-$host-$dead-link0001"     # a link
mkdir "$T/out/.rasterpool-notours"                              # not our pattern
run_rp "$T/in" "$T/out" --workers 2
expect_rc 0
n=$((left + 1))
expect_in "$T/log" "Removed $n temporary director$([ $n = 1 ] && echo y || echo ies) left in $T/out by an interrupted run"
[ ! -e "$stale" ] || fail "stale directory kept"
[ "$(cat "$T/victim/file")" = precious ] || fail "followed a link"
for kept in "$host-$$-live0001" "othernode-$dead-othr0001" "${host%_*}_1-$dead-nspc0001" "$host-$dead-file0001" \
            "$host-$dead-link0001" notours; do
  [ -e "$T/out/.rasterpool-$kept" ] || fail "removed .rasterpool-$kept"
done
[ "$(ls "$T/out" | wc -l)" = 30 ] || fail "outputs missing"
[ "$(find "$T/out" -maxdepth 1 -name '.rasterpool-*' | wc -l)" = 6 ] || fail "private directories left"
