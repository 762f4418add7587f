# label: cli
# The supervisor neither links nor loads GDAL; the worker does.
. "$(dirname "$0")/lib.sh"
! ldd "$RASTERPOOL" | grep -i gdal || fail "rasterpool is linked with GDAL"
! readelf -d "$RASTERPOOL" | grep -i 'NEEDED.*gdal' || fail "NEEDED gdal"
ldd "$RASTERPOOL_WORKER_BIN" | grep -q libgdal || fail "worker lacks GDAL"
# Workers are separate processes started by exec: run a batch with a
# wrapper worker that records its pid and parent, then execs the real one.
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
# The worker's environment settings are in force inside it.
strings "$RASTERPOOL_WORKER_BIN" | grep -q GDAL_DISABLE_READDIR_ON_OPEN || fail
