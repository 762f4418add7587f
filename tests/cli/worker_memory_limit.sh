# label: gdal
# --worker-memory caps each worker's address space: a task that needs more
# fails with "out of memory" instead of inviting the OOM killer.
. "$(dirname "$0")/lib.sh"
if sanitizer_build; then
  echo "note: AddressSanitizer reserves terabytes of address space; not run"
  exit 77
fi
$MAKE_RASTERS "$T/in" sized:1:2000
run_rp "$T/in" "$T/out" --workers 1 --worker-memory 120
expect_rc 1
expect_in "$T/log" "Failed $T/in/sized_0000.tif: out of memory: "
expect_in "$T/log" "cannot allocate"
[ ! -e "$T/out/sized_0000_warped.tif" ] || fail "output despite failure"
expect_no_temp_files "$T/out"
run_rp "$T/in" "$T/out" --workers 1 --worker-memory 2048
expect_rc 0
reference "$T/in/sized_0000.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/sized_0000_warped.tif" || fail "differs"
