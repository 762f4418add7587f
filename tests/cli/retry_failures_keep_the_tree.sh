# label: gdal
# The documented way to redo failures keeps the tree: after a --recursive
# run where sub/b.tif failed and the top b.tif succeeded, `status --failed`
# piped into `--plan -` redoes sub/b.tif into sub/ and leaves the good
# b_warped.tif untouched; status is then clean. The old recipe
# (`--from-list -`, which flattened names) is refused.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/make" utm webmerc corrupt
mkdir -p "$T/in/sub"
cp "$T/make/utm.tif" "$T/in/b.tif"
cp "$T/make/corrupt.tif" "$T/in/sub/b.tif"
run_rp "$T/in" "$T/out" --recursive --workers 1
expect_rc 1
[ -f "$T/out/b_warped.tif" ] || fail "top b.tif not done"
[ ! -e "$T/out/sub/b_warped.tif" ] || fail "failed output left"
cp -a "$T/out/b_warped.tif" "$T/good.tif"
rc=0; "$RASTERPOOL" status "$T/out" --failed >"$T/failed" 2>"$T/err" || rc=$?
expect_rc 1
printf '{"input":"%s","output":"sub/b_warped.tif","cost":%s}\n' \
  "$T/in/sub/b.tif" "$(stat -c %s "$T/in/sub/b.tif")" >"$T/want"
diff "$T/want" "$T/failed" || fail "status --failed is not the failed plan"
# The input is repaired; the recipe redoes it where it belongs.
cp "$T/make/webmerc.tif" "$T/in/sub/b.tif"
rc=0
set +o pipefail # status exits 1 while there are failures; the run's code counts
"$RASTERPOOL" status "$T/out" --failed |
  "$RASTERPOOL" --plan - "$T/out" >"$T/log" 2>"$T/err" || rc=$?
set -o pipefail
expect_rc 0
expect_in "$T/log" "Finished: 1/1 successful."
cmp "$T/good.tif" "$T/out/b_warped.tif" || fail "the good output was overwritten"
reference "$T/in/sub/b.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/sub/b_warped.tif" || fail "sub/b.tif not redone into sub/"
rc=0; "$RASTERPOOL" status "$T/out" >"$T/status" || rc=$?
expect_rc 0
expect_in "$T/status" "total: 2 done, 0 failed, 0 missing"
# A plan line given to --from-list is refused, not taken for a file name.
printf '{"input":"%s","output":"sub/b_warped.tif","cost":1}\n' \
  "$T/in/sub/b.tif" >"$T/plan"
run_rp --from-list "$T/plan" "$T/out"
expect_rc 2
expect_in "$T/err" "input list line 1 is a task of a plan"
cmp "$T/good.tif" "$T/out/b_warped.tif" || fail "the good output was overwritten"
