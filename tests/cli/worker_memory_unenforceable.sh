# label: gdal
# A --worker-memory limit the worker cannot set (above a hard limit it may
# not raise) stops the run before any task, with exit 2 and the reason,
# instead of running without the limit the user asked for.
. "$(dirname "$0")/lib.sh"
if sanitizer_build; then
  echo "note: AddressSanitizer reserves terabytes of address space; not run"
  exit 77
fi
$MAKE_RASTERS "$T/in" tiny:2
# Root may raise a hard limit (CAP_SYS_RESOURCE): drop it for this run.
nocap=()
if [ "$(id -u)" = 0 ]; then
  command -v setpriv >/dev/null || { echo "note: no setpriv"; exit 77; }
  nocap=(setpriv --bounding-set=-sys_resource)
fi
rc=0
(ulimit -v 3000000; exec "${nocap[@]}" "$RASTERPOOL" "$T/in" "$T/out" \
  --workers 1 --worker-memory 4096) >"$T/log" 2>"$T/err" || rc=$?
expect_rc 2
expect_in "$T/err" "invalid options: --worker-memory 4096: cannot set the worker's address-space limit: Operation not permitted (hard limit: 2929 MB)"
[ ! -e "$T/out" ] || fail "output directory left behind"
# Under the hard limit, the same run works.
rc=0
(ulimit -v 3000000; exec "${nocap[@]}" "$RASTERPOOL" "$T/in" "$T/out" \
  --workers 1 --worker-memory 2048) >"$T/log" 2>"$T/err" || rc=$?
expect_rc 0
expect_in "$T/log" "Finished: 2/2 successful."
