# label: gdal
# --worker-memory caps each worker's address space: a task that needs more
# fails instead of inviting the OOM killer, and leaves no output. Where GDAL
# checks the allocation that fails, the task fails with "out of memory";
# some GDAL code (libgeotiff's GTIFKeySet) dereferences a failed allocation
# instead, and the worker then crashes, which rasterpool reports as a crash.
# Which one happens depends on where the limit falls, so several limits are
# tried: every one must fail cleanly, and one at least with "out of memory".
. "$(dirname "$0")/lib.sh"
if sanitizer_build; then
  echo "note: AddressSanitizer reserves terabytes of address space; not run"
  exit 77
fi
$MAKE_RASTERS "$T/in" sized:1:2000
# The task's footprint depends on the GDAL version (3.6: about 177 MB here,
# 3.10 and 3.13 more), so it is measured: the smallest limit under which the
# task succeeds, by bisection. The limits tried lie just under it.
succeeds_at() { # MB
  rm -rf "$T/probe"
  run_rp "$T/in" "$T/probe" --workers 1 --worker-memory "$1"
  [ "$rc" = 0 ]
}
lo=32 hi=4096
succeeds_at $hi || { cat "$T/log" "$T/err" >&2; fail "fails even at $hi MB"; }
while [ $((hi - lo)) -gt 1 ]; do
  mid=$(((lo + hi) / 2))
  if succeeds_at $mid; then hi=$mid; else lo=$mid; fi
done
echo "the task needs $hi MB of address space"
oom=0
for below in 3 5 10 20 30 40; do
  mb=$((hi - below))
  rm -rf "$T/out"
  run_rp "$T/in" "$T/out" --workers 1 --worker-memory $mb
  expect_rc 1
  [ ! -e "$T/out/sized_0000_warped.tif" ] || fail "output despite failure ($mb MB)"
  expect_no_temp_files "$T/out"
  if grep -q "Failed $T/in/sized_0000.tif: out of memory: .*cannot allocate" "$T/log"; then
    oom=$((oom + 1))
  else
    expect_in "$T/log" "Failed $T/in/sized_0000.tif: crashed (SIG"
  fi
done
[ $oom -ge 1 ] || fail "no limit gave an 'out of memory' failure"
echo "limits that failed with 'out of memory': $oom of 6"
rm -rf "$T/out"
run_rp "$T/in" "$T/out" --workers 1 --worker-memory $hi
expect_rc 0
reference "$T/in/sized_0000.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/sized_0000_warped.tif" || fail "differs"
