# label: slow
# timeout: 1200
# One worker warps 500 rasters under valgrind: no leak whose stack passes
# through rasterpool's code, no more descriptors open at exit than after 5
# rasters; the supervisor is clean under valgrind too. It takes 2 minutes
# on 2 idle cores and several times that on a loaded machine: the limit
# above leaves room.
. "$(dirname "$0")/lib.sh"
if sanitizer_build; then
  echo "note: valgrind does not run sanitizer builds; not run"; exit 77
fi
$MAKE_RASTERS "$T/in" tiny:500
cat >"$T/vg-worker" <<EOW
#!/bin/sh
exec valgrind --leak-check=full --show-leak-kinds=definite --track-fds=yes \
  --num-callers=40 --log-file="$T/vg.\$\$.log" "$RASTERPOOL_WORKER_BIN" "\$@"
EOW
chmod +x "$T/vg-worker"
fds_at_exit() { grep -ho 'FILE DESCRIPTORS: [0-9]* open' "$T"/vg.*.log | awk '{print $3}'; }
# 5 rasters, then 500, each with one worker.
mkdir "$T/five"; cp "$T"/in/tiny_000[0-4].tif "$T/five/"
rc=0; RASTERPOOL_WORKER="$T/vg-worker" "$RASTERPOOL" "$T/five" "$T/out5" \
  --workers 1 -q >"$T/log" 2>&1 || rc=$?
expect_rc 0
few=$(fds_at_exit); [ -n "$few" ] || fail "no valgrind report: $(cat "$T"/vg.*.log)"
rm "$T"/vg.*.log
rc=0; RASTERPOOL_WORKER="$T/vg-worker" valgrind -q --error-exitcode=99 \
  --leak-check=full --errors-for-leak-kinds=definite \
  "$RASTERPOOL" "$T/in" "$T/out" --workers 1 --timeout 600 -q >"$T/log" 2>&1 || rc=$?
expect_rc 0
[ "$(ls "$T/out" | wc -l)" = 500 ] || fail "outputs missing"
many=$(fds_at_exit)
[ "$many" = "$few" ] || fail "descriptors grew: $few open after 5 rasters, $many after 500"
grep -q "ERROR SUMMARY: 0 errors" "$T"/vg.*.log || { cat "$T"/vg.*.log; fail "memory errors in the worker"; }
if grep -A40 "definitely lost in" "$T"/vg.*.log | grep -E "worker_main.c|gdal_ops.c|proto.c|atomic.c"; then
  fail "a leak through rasterpool's code"
fi
echo "worker: $many descriptors open at exit after 500 rasters (same as after 5)"
grep -h "definitely lost:" "$T"/vg.*.log || true
