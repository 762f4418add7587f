# label: gdal
# No mode writes over one of its own inputs or over another input's
# output: refused before any task runs (exit 2, both files named), nothing
# written, the inputs' bytes unchanged.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" utm webmerc
cp -a "$T/in" "$T/orig"
untouched() {
  diff -r "$T/orig" "$T/in" >/dev/null || fail "an input changed: $1"
  [ ! -e "$T/in/.rasterpool" ] || fail "a journal was started: $1"
}
# --from-list into the inputs' own directory without a suffix.
printf '%s\n' "$T/in/utm.tif" >"$T/list"
run_rp --from-list "$T/list" "$T/in" --suffix ''
expect_rc 2
expect_in "$T/err" "the output of $T/in/utm.tif, $T/in/utm.tif, is the input $T/in/utm.tif"
untouched "from-list"
# ... the same file spelled otherwise: another path, a link to the directory.
ln -s in "$T/link"
printf '%s\n' "$T/link/../in/./utm.tif" >"$T/list"
run_rp --from-list - "$T/link/" --suffix '' <"$T/list"
expect_rc 2
expect_in "$T/err" "is the input $T/in/utm.tif"
untouched "from-list through a link"
# ... an output that is a hard link to the input.
mkdir "$T/out" && ln "$T/in/utm.tif" "$T/out/utm.tif"
run_rp --from-list "$T/list" "$T/out" --suffix ''
expect_rc 2
expect_in "$T/err" "the output of $T/in/utm.tif, $T/out/utm.tif, is the input"
rm "$T/out/utm.tif"
untouched "hard link"
# One input's output is another input.
printf '%s\n' "$T/in/utm.tif" "$T/in/webmerc.tif" >"$T/list"
run_rp --from-list "$T/list" "$T/in" --suffix ''
expect_rc 2
untouched "list of two"
cp "$T/in/utm.tif" "$T/in/utm_warped.tif"
cp -a "$T/in/utm_warped.tif" "$T/orig/"
printf '%s\n' "$T/in/utm.tif" "$T/in/utm_warped.tif" >"$T/list"
run_rp --from-list "$T/list" "$T/in"
expect_rc 2
expect_in "$T/err" "is the input $T/in/utm_warped.tif"
untouched "output is another input"
# Directory mode: OUT_DIR a hard-linked copy of IN_DIR (cp -al) and no
# suffix: every output path is, by device and inode, an input.
cp -al "$T/in" "$T/hl"
run_rp "$T/in" "$T/hl" --suffix ''
expect_rc 2
expect_in "$T/err" "is the input $T/in/"
rm -r "$T/hl"
untouched "hard-linked OUT_DIR"
# Directory mode, --recursive: OUT_DIR above IN_DIR, so in/in/x.tif would
# become in/x.tif, an input.
mkdir "$T/in/in" && cp "$T/in/utm.tif" "$T/in/in/utm.tif"
cp -a "$T/in/in" "$T/orig/"
run_rp "$T/in" "$T" --recursive --suffix ''
expect_rc 2
expect_in "$T/err" "the output of $T/in/in/utm.tif, $T/in/utm.tif, is the input $T/in/utm.tif"
untouched "recursive"
# Two outputs whose names differ only in case.
cp "$T/in/utm.tif" "$T/in/UTM.tif" && cp -a "$T/in/UTM.tif" "$T/orig/"
run_rp "$T/in" "$T/out2"
expect_rc 2
expect_in "$T/err" "differ only in case"
[ ! -e "$T/out2" ] || fail "OUT_DIR created for a refused plan"
rm "$T/in/UTM.tif" "$T/orig/UTM.tif"
# --plan (and `rasterpool plan`) with an output that is an input.
printf '{"input":"%s","output":"utm.tif","cost":1}\n' "$T/in/utm.tif" >"$T/plan"
run_rp --plan "$T/plan" "$T/in"
expect_rc 2
expect_in "$T/err" "is the input $T/in/utm.tif"
untouched "--plan"
run_rp plan --from-list "$T/list" "$T/in"
expect_rc 2
[ ! -s "$T/log" ] || fail "plan printed for a refused plan"
# The run's own files: a journal or report over an input or an output.
run_rp "$T/in" "$T/out4" --journal "$T/in/utm.tif"
expect_rc 2
expect_in "$T/err" "--journal $T/in/utm.tif is the input $T/in/utm.tif"
run_rp "$T/in" "$T/out4" --report "$T/out4/utm_warped.tif"
expect_rc 2
expect_in "$T/err" "--report $T/out4/utm_warped.tif is the output of $T/in/utm.tif"
untouched "journal and report"
# OUT_DIR that is a file (an input, here) is a usage error in every mode.
run_rp "$T/in" "$T/in/utm.tif"
expect_rc 2
expect_in "$T/err" "OUT_DIR $T/in/utm.tif is not a directory"
run_rp --from-list "$T/list" "$T/in/utm.tif"
expect_rc 2
untouched "OUT_DIR a file"
# The same inputs into a fresh OUT_DIR are fine.
run_rp --from-list "$T/list" "$T/out3" --workers 1
expect_rc 0
[ -f "$T/out3/utm_warped.tif" ] && [ -f "$T/out3/utm_warped_warped.tif" ] || fail "outputs"
untouched "fresh OUT_DIR"
