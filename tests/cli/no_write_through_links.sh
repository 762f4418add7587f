# label: gdal
# Another user with write access to OUT_DIR plants links where rasterpool
# will write: at an output's final name and its sidecar's, at the journal,
# at .rasterpool, at a subdirectory of a --recursive run. No file is ever
# written through one: an output replaces the link at its name (rename does
# not follow), the journal refuses to start (exit 3, naming it), a linked
# subdirectory fails its tasks. Private directories are 0700 and never left.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" byte_rgb utm
echo precious >"$T/victim"
mkdir "$T/victimdir"

mkdir "$T/out"
ln -s "$T/victim" "$T/out/byte_rgb_warped.tif"
ln -s "$T/victim" "$T/out/utm_warped.tif.aux.xml"
run_rp "$T/in" "$T/out" --workers 2
expect_rc 0
[ "$(cat "$T/victim")" = precious ] || fail "wrote through the link at the output"
[ -f "$T/out/byte_rgb_warped.tif" ] && [ ! -L "$T/out/byte_rgb_warped.tif" ] || fail "output is not a file"
reference "$T/in/byte_rgb.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/byte_rgb_warped.tif" || fail "output differs from gdalwarp's"
expect_no_temp_files "$T/out"

# The journal, or its directory, planted as a link: refused before any task.
rm -rf "$T/out"; mkdir -p "$T/out/.rasterpool"
ln -s "$T/victim" "$T/out/.rasterpool/journal.jsonl"
run_rp "$T/in" "$T/out"
expect_rc 3
expect_in "$T/err" "cannot write journal $T/out/.rasterpool/journal.jsonl: it or its directory is a symbolic link"
[ "$(cat "$T/victim")" = precious ] || fail "wrote through the journal link"
[ ! -e "$T/out/byte_rgb_warped.tif" ] || fail "ran tasks with a journal it cannot write"
rm -rf "$T/out"; mkdir "$T/out"
ln -s "$T/victimdir" "$T/out/.rasterpool"
run_rp "$T/in" "$T/out"
expect_rc 3
expect_in "$T/err" "it or its directory is a symbolic link"
[ -z "$(ls -A "$T/victimdir")" ] || fail "wrote into the linked .rasterpool"
# Another user's .rasterpool (one only root can make here): refused too.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
  rm -rf "$T/out"; mkdir -p "$T/out/.rasterpool"; chown nobody "$T/out/.rasterpool"
  run_rp "$T/in" "$T/out"
  expect_rc 3
  expect_in "$T/err" "it or its directory belongs to another user"
  [ -z "$(ls -A "$T/out/.rasterpool")" ] || fail "wrote into another user's .rasterpool"
fi

# A subdirectory of a --recursive run planted as a link: its task fails,
# nothing lands in the link's target, the others are done.
rm -rf "$T/out" "$T/rin"; mkdir -p "$T/rin/sub" "$T/out"
cp "$T/in/byte_rgb.tif" "$T/rin/"; cp "$T/in/utm.tif" "$T/rin/sub/"
ln -s "$T/victimdir" "$T/out/sub"
run_rp "$T/rin" "$T/out" --recursive
expect_rc 1
expect_in "$T/log" "Failed $T/rin/sub/utm.tif: cannot create $T/out/sub: not a directory (links are not followed)"
expect_in "$T/log" "Completed: $T/out/byte_rgb_warped.tif"
[ -z "$(ls -A "$T/victimdir")" ] || fail "wrote through the linked subdirectory"
expect_no_temp_files "$T/out"
