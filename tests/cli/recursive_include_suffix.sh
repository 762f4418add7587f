# label: gdal
# --recursive mirrors subdirectories, --include and --suffix change the
# names, OUT_DIR inside IN_DIR is never scanned, tasks run largest first
# (ties by name), the same order every run.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in/b/deep" utm
$MAKE_RASTERS "$T/in/a" webmerc
$MAKE_RASTERS "$T/in" rotated
cp "$T/in/a/webmerc.tif" "$T/in/a/other.gtiff"
mkdir "$T/in/.hidden" && cp "$T/in/rotated.tif" "$T/in/.hidden/"
run_rp "$T/in" "$T/in/out" --recursive --include '*.tif' --include '*.gtiff' \
  --suffix _4326 --workers 1
expect_rc 0
for f in a/webmerc a/other b/deep/utm rotated; do
  [ -f "$T/in/out/${f}_4326.tif" ] || fail "missing $f"
done
reference "$T/in/b/deep/utm.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/in/out/b/deep/utm_4326.tif" || fail "differs"
[ ! -e "$T/in/out/.hidden" ] || fail "hidden directory was descended"
grep -o 'Completed: .*' "$T/log" | sed "s|Completed: $T/in/out/||" >"$T/order"
(cd "$T/in" && find . -path ./out -prune -o -path '*/.*' -prune -o -type f \
   -printf '%s %P\n') | LC_ALL=C sort -k1,1nr -k2,2 |
  sed -E 's/^[0-9]+ //; s/\.(tif|gtiff)$/_4326.tif/' >"$T/expected"
diff "$T/expected" "$T/order" || fail "not largest first"
# A second run takes no output for an input.
run_rp "$T/in" "$T/in/out" --recursive --include '*.tif' --include '*.gtiff' \
  --suffix _4326 --overwrite
expect_rc 0
expect_in "$T/log" "Processing 4 rasters"
expect_in "$T/log" "Finished: 4/4 successful."
