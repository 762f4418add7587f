# label: cli
# The live bar: on a terminal (a pseudo-terminal from script(1)) it shows
# counts, rate, ETA and busy workers; piped, or with --quiet or
# --progress=never, there is none; --progress=always forces it.
. "$(dirname "$0")/lib.sh"
private_fake_worker
mkdir "$T/in"
for i in $(seq -w 1 12); do echo "raster $i" >"$T/in/slow_$i.tif"; done
cmd="RASTERPOOL_WORKER='$FAKE_WORKER' '$RASTERPOOL' '$T/in' '$T/out' --workers 2 --overwrite"
script -qfec "$cmd" /dev/null >"$T/tty" 2>&1 </dev/null || fail "run on a tty"
grep -q $'\r\\[####' "$T/tty" || fail "no bar on a terminal: $(cat -v "$T/tty" | head)"
grep -q '12/12  0 failed  100%' "$T/tty" || fail "final bar: $(cat -v "$T/tty" | tail -3)"
grep -Eq 'r/s  [0-9.]+ MB/s  elapsed 0:00:0[0-9]  ETA [0-9:-]+  [0-2]/2 busy' "$T/tty" || fail "bar fields"
# Log lines are whole: the bar is erased before each and drawn after it.
tr '\r' '\n' <"$T/tty" | sed 's/\x1b\[K//g' | grep -a 'Completed' >"$T/lines"
grep -vq '^20[0-9-]* [0-9:,]* \[INFO\] Worker-[12]: Completed: [^[]*$' "$T/lines" && fail "a torn log line: $(grep -v '^20' "$T/lines" | head -2)"
[ "$(tr '\r' '\n' <"$T/tty" | grep -ac 'Completed: ')" = 12 ] || fail "log lines missing"
# Not a terminal: no bar at all.
RASTERPOOL_WORKER="$FAKE_WORKER" run_rp "$T/in" "$T/out" --workers 2 --overwrite
grep -q $'\r' "$T/err" "$T/log" && fail "bar drawn when piped"
RASTERPOOL_WORKER="$FAKE_WORKER" run_rp "$T/in" "$T/out" --overwrite --progress=always
grep -q '12/12  0 failed  100%' "$T/err" || fail "--progress=always"
for opt in --quiet --progress=never; do
  script -qfec "$cmd $opt" /dev/null >"$T/tty" 2>&1 </dev/null
  grep -q 'busy' "$T/tty" && fail "bar with $opt"
done
exit 0
