# label: gdal
# Resume does not depend on how IN_DIR and OUT_DIR are spelled: after
# `rasterpool in out`, `./in ./out/`, absolute paths and links to both
# directories skip everything; so do list entries spelled otherwise.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" utm webmerc
cd "$T"
run_rp in out --workers 1
expect_rc 0
expect_in "$T/log" "Completed: $T/out/utm_warped.tif"
ln -s in in-link
ln -s out out-link
for spelling in "./in ./out/" "$T/in $T/out" "in-link out-link" "$T//in/../in/ out/."; do
  # shellcheck disable=SC2086 # two words on purpose
  run_rp $spelling --workers 1
  expect_rc 0
  expect_in "$T/log" "Skipping 2 rasters done by an earlier run"
  ! grep -q "Completed:" "$T/log" || fail "redone with '$spelling'"
done
# --from-list: one input however its line spells it.
printf '%s\n' in/utm.tif >"$T/list1"
printf '%s\n' "./in-link/utm.tif" >"$T/list2"
run_rp --from-list "$T/list1" listed --workers 1
expect_rc 0
run_rp --from-list "$T/list2" ./listed/ --workers 1
expect_rc 0
expect_in "$T/log" "Skipping 1 rasters done by an earlier run"
