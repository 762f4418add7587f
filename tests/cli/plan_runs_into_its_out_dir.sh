# label: gdal
# A plan's outputs are relative to OUT_DIR: `--plan FILE OUT_DIR` writes
# under the OUT_DIR it names, the tree kept, not where the plan was made
# for; a plan output that would leave OUT_DIR, or is named for another
# format than the run's, is refused.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in/sub" utm
$MAKE_RASTERS "$T/in" webmerc
"$RASTERPOOL" plan "$T/in" "$T/planned" --recursive >"$T/plan.jsonl" || fail "plan"
grep -qF '"output":"sub/utm_warped.tif"' "$T/plan.jsonl" || fail "plan outputs not relative: $(cat "$T/plan.jsonl")"
run_rp --plan "$T/plan.jsonl" "$T/out" --workers 1
expect_rc 0
reference "$T/in/sub/utm.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/sub/utm_warped.tif" || fail "not under the command's OUT_DIR"
[ -f "$T/out/webmerc_warped.tif" ] || fail "webmerc"
[ ! -e "$T/planned" ] || fail "wrote where the plan was made for"
expect_in "$T/log" "Completed: $T/out/sub/utm_warped.tif"
# Outputs that would leave OUT_DIR, or hit rasterpool's own files.
for bad in ../escape.tif /etc/escape.tif .rasterpool/journal.jsonl; do
  printf '{"input":"%s","output":"%s","cost":1}\n' "$T/in/webmerc.tif" "$bad" >"$T/bad.jsonl"
  run_rp --plan "$T/bad.jsonl" "$T/out2"
  expect_rc 2
  expect_in "$T/err" "plan line 1: output $bad is not a path inside OUT_DIR $T/out2"
  [ ! -e "$T/out2" ] && [ ! -e "$T/escape.tif" ] || fail "$bad: something written"
done
# A plan of .tif outputs run as PNG would write PNG bytes under .tif names.
run_rp --plan "$T/plan.jsonl" "$T/out3" --format PNG
expect_rc 2
expect_in "$T/err" "plan line 1: output sub/utm_warped.tif does not end in .png"
[ ! -e "$T/out3" ] || fail "something written for a refused plan"
