# label: cli
# The supervisor neither links nor loads GDAL; the worker does.
. "$(dirname "$0")/lib.sh"
ldd "$RASTERPOOL" >"$T/ldd"
readelf -d "$RASTERPOOL" >"$T/needed"
ldd "$RASTERPOOL_WORKER_BIN" >"$T/ldd_worker"
grep -c libjson-c "$T/ldd" >/dev/null || fail "ldd output unexpected"
! grep -i gdal "$T/ldd" || fail "rasterpool is linked with GDAL"
! grep -i 'NEEDED.*gdal' "$T/needed" || fail "rasterpool NEEDs GDAL"
grep -q libgdal "$T/ldd_worker" || fail "worker lacks GDAL"
# By default (spawn) workers are separate processes started by exec: run a
# batch with a wrapper worker that records its pid and parent, then execs
# the real one.
$MAKE_RASTERS "$T/in" utm webmerc
cat >"$T/wrap" <<EOW
#!/bin/sh
echo "\$\$ \$PPID" >>"$T/pids"
exec "$RASTERPOOL_WORKER_BIN" "\$@"
EOW
chmod +x "$T/wrap"
rc=0
RASTERPOOL_WORKER="$T/wrap" "$RASTERPOOL" "$T/in" "$T/out" --workers 2 \
  >"$T/log" 2>&1 || rc=$?
expect_rc 0
[ "$(wc -l <"$T/pids")" = 2 ] || fail "expected two workers: $(cat "$T/pids")"
while read -r pid ppid; do
  [ "$pid" != "$ppid" ] || fail "worker is its parent"
done <"$T/pids"
# With forkserver (auto picks it when workers are replaced) one process is
# exec'd, the zygote; the workers are forked from it and are other processes.
rm "$T/pids"
rc=0
RASTERPOOL_WORKER="$T/wrap" "$RASTERPOOL" "$T/in" "$T/out2" --workers 2 -v \
  --max-tasks-per-worker 1 >"$T/log" 2>&1 || rc=$?
expect_rc 0
[ "$(wc -l <"$T/pids")" = 1 ] || fail "expected one exec, the zygote: $(cat "$T/pids")"
read -r zygote _ <"$T/pids"
grep -o 'ready: pid [0-9]*' "$T/log" | awk '{print $3}' >"$T/workers"
[ "$(sort -u "$T/workers" | wc -l)" = 2 ] || fail "expected two workers: $(cat "$T/log")"
! grep -qx "$zygote" "$T/workers" || fail "the zygote ran tasks"
