# label: cli
# Usage errors: exit 2, a message naming the cause, no work and no OUT_DIR.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" utm
check() { # EXPECTED-TEXT ARGS...
  local text=$1; shift
  run_rp "$@"
  expect_rc 2
  expect_in "$T/err" "$text"
  [ ! -e "$T/out" ] || fail "OUT_DIR created for: $*"
}
check "input directory $T/missing: No such file or directory" "$T/missing" "$T/out"
check "invalid options: " "$T/in" "$T/out" --crs NOT-A-CRS
check "NOT-A-CRS" "$T/in" "$T/out" --crs NOT-A-CRS
check "--workers: '0' is not a whole number" "$T/in" "$T/out" --workers 0
check "--workers: 'two' is not a whole number" "$T/in" "$T/out" --workers two
check "--resampling: unknown method 'fancy'" "$T/in" "$T/out" --resampling fancy
check "unknown option '--frobnicate'" "$T/in" "$T/out" --frobnicate
check "--start-method: unknown value 'fork'" "$T/in" "$T/out" --start-method fork
check "expected IN_DIR and OUT_DIR" "$T/in"
check "no driver that can write the format 'NOPE'" "$T/in" "$T/out" --format NOPE
check "is IN_DIR" "$T/in" "$T/in/../in"
cp "$T/in/utm.tif" "$T/in/utm.TIF"
check "utm.TIF and $T/in/utm.tif would both write $T/out/utm_warped.tif" \
  "$T/in" "$T/out" --include '*.tif' --include '*.TIF'
[ ! -e "$T/in/utm_warped.tif" ] || fail "work was done"
# A CRS refused with an OUT_DIR that already existed leaves it in place.
mkdir "$T/out"
run_rp "$T/in" "$T/out" --crs NOT-A-CRS
expect_rc 2
[ -d "$T/out" ] && [ -z "$(ls -A "$T/out")" ] || fail "existing OUT_DIR changed"
