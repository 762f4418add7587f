# label: gdal
# Write errors (file size limit, full disk) fail the task with the
# operating system's message; nothing appears under the final name and the
# temporary file is removed.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" utm tiny:2
# RLIMIT_FSIZE, inherited by the workers: 40 KiB, the UTM output is ~70 KB.
rc=0
(ulimit -f 40; exec "$RASTERPOOL" "$T/in" "$T/out" --workers 1) >"$T/log" 2>&1 || rc=$?
expect_rc 1
expect_in "$T/log" "Failed $T/in/utm.tif: "
expect_in "$T/log" "File too large"
expect_in "$T/log" "Finished: 2/3 successful."
[ ! -e "$T/out/utm_warped.tif" ] || fail "partial output under the final name"
expect_no_temp_files "$T/out"

# A full filesystem: a 100 KiB tmpfs, where the test may mount one.
mkdir "$T/mnt"
if mount -t tmpfs -o size=100k tmpfs "$T/mnt" 2>/dev/null; then
  trap 'umount "$T/mnt"; rm -rf "$T"' EXIT
  cp "$T/in/utm.tif" "$T/in/utm2.tif"
  run_rp "$T/in" "$T/mnt/out" --workers 1 --include 'utm*.tif'
  expect_rc 1
  expect_in "$T/log" "Completed: $T/mnt/out/utm_warped.tif"
  expect_in "$T/log" "No space left on device"
  expect_in "$T/log" "Failed $T/in/utm2.tif: "
  [ ! -e "$T/mnt/out/utm2_warped.tif" ] || fail "partial output under the final name"
  expect_no_temp_files "$T/mnt/out"
else
  echo "note: cannot mount a tmpfs here; full-disk case not run"
fi
