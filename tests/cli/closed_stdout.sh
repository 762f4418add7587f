# label: gdal
# A closed stdout (| head) ends neither the run nor any output.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" tiny:20
set +o pipefail
"$RASTERPOOL" "$T/in" "$T/out" --workers 2 2>"$T/err" | head -1 >/dev/null
codes=("${PIPESTATUS[@]}")
set -o pipefail
[ "${codes[0]}" = 0 ] || fail "rasterpool exited ${codes[0]}: $(cat "$T/err")"
[ "$(ls "$T/out" | wc -l)" = 20 ] || fail "outputs missing"
