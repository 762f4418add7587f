# label: gdal
# Each kind of bad input fails its own task with a message naming the file
# and the cause, and leaves no output; odd but valid names just work.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" utm corrupt text nocrs
: >"$T/in/zero.tif"
head -c 3000 "$T/in/utm.tif" >"$T/in/truncated.tif"
mkdir "$T/in/dir.tif"
ln -s "$T/in/missing" "$T/in/dangling.tif"
ln -s loop.tif "$T/in/loop.tif"
for name in "with space" "quote'\"s" $'new\nline' "ünïcødé"; do
  cp "$T/in/utm.tif" "$T/in/$name.tif"
done
run_rp "$T/in" "$T/out" --workers 2
expect_rc 1
L="$T/log"
expect_in $L "Failed $T/in/zero.tif: empty file (0 bytes)"
expect_in $L "Failed $T/in/truncated.tif: "
# GDAL 3.6 says "not recognized as a supported file format", 3.9+ "not
# recognized as being in a supported file format": the meaning is the same.
expect_in $L "Failed $T/in/text.tif: \`$T/in/text.tif' not recognized as "
grep -qE "Failed $T/in/text.tif: .* supported file format" $L || fail "text.tif: no format message"
expect_in $L "Failed $T/in/corrupt.tif: "
expect_in $L "Failed $T/in/nocrs.tif: Unable to compute a transformation"
expect_in $L "Failed $T/in/dir.tif: is a directory, not a raster file"
expect_in $L "Failed $T/in/dangling.tif: dangling symbolic link"
expect_in $L "Failed $T/in/loop.tif: symbolic link loop"
expect_in $L "Finished: 5/13 successful."
expect_in $L 'Completed: '"$T"'/out/new\nline_warped.tif'
expect_seed_log_format $L
reference "$T/in/utm.tif" "$T/ref.tif"
for name in utm "with space" "quote'\"s" $'new\nline' "ünïcødé"; do
  cmp "$T/ref.tif" "$T/out/${name}_warped.tif" || fail "'$name' output"
done
[ "$(find "$T/out" -mindepth 1 -maxdepth 1 ! -name .rasterpool -printf . | wc -c)" = 5 ] || fail "outputs for bad inputs: $(ls "$T/out")"
expect_no_temp_files "$T/out"

# An unreadable file (root reads everything, so run as nobody).
mkdir -p "$T/p/in" "$T/p/out"
cp "$T/in/utm.tif" "$T/p/in/secret.tif"
chmod 000 "$T/p/in/secret.tif"
chmod -R a+rwX "$T/p/out"; chmod a+rx "$T" "$T/p" "$T/p/in"
as_user=(); [ "$(id -u)" != 0 ] || as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
rc=0; "${as_user[@]}" "$RASTERPOOL" "$T/p/in" "$T/p/out" >"$L" 2>&1 || rc=$?
expect_rc 1
expect_in $L "Failed $T/p/in/secret.tif: $T/p/in/secret.tif: Permission denied"
[ -z "$(ls "$T/p/out")" ] || fail "output for an unreadable input"

# An OUT_DIR that cannot be created or written: exit 3 before any work.
touch "$T/file"
run_rp "$T/in" "$T/file/sub"
expect_rc 3
expect_in "$T/err" "cannot write output directory $T/file/sub: Not a directory"
chmod 555 "$T/p/out"
rc=0; "${as_user[@]}" "$RASTERPOOL" "$T/in" "$T/p/out" >"$L" 2>"$T/err" || rc=$?
expect_rc 3
expect_in "$T/err" "cannot write output directory $T/p/out: Permission denied"
