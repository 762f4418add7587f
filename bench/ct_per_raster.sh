#!/usr/bin/env bash
# An experiment on the per-raster cost of coordinate transformation, kept so
# that its numbers can be checked: instructions per tiny raster (callgrind,
# the 50-raster batch minus the 10-raster batch, over 40) of rasterpool with
# its default arguments and with `-- -ct PIPELINE`, the one operation PROJ
# proposes from the rasters' CRS to EPSG:4326 (projinfo's PROJ string, axis
# swap included), and whether every output stays byte-identical.
#
#   bench/ct_per_raster.sh            # here, or in a chroot:
#   scripts/test-in-chroot.sh --exec sid bench/ct_per_raster.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/rasterpool ] || scripts/setup.sh build >/dev/null
command -v projinfo >/dev/null \
  || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends proj-bin >/dev/null
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
/usr/bin/python3 tests/helpers/make_rasters.py "$W/in50" tiny:50 >/dev/null
mkdir "$W/in10"
for f in $(printf "%s\n" "$W"/in50/*.tif | head -10); do cp "$f" "$W/in10/"; done
src=$(gdalsrsinfo -o epsg "$(ls "$W"/in10/*.tif | head -1)" | grep EPSG | head -1)
[ "$(projinfo -s "$src" -t EPSG:4326 -o PROJ -q --single-line | grep -c .)" = 1 ] \
  || { echo "more than one operation from $src: no single pipeline" >&2; exit 1; }
pipe=$(projinfo -s "$src" -t EPSG:4326 -o PROJ -q --single-line)
total() { # callgrind output files -> their instructions summed
  local s=0 v f
  for f in "$@"; do
    v=$(grep -E "^(summary|totals):" "$f" | head -1 | awk '{print $2}')
    s=$((s + v))
  done
  echo "$s"
}
run() { # N OUT [-- GDAL ARGS]
  local n=$1 out=$2; shift 2
  rm -rf "$W/cg" && mkdir "$W/cg"
  valgrind --tool=callgrind --trace-children=yes \
    --callgrind-out-file="$W/cg/cg.%p" build/rasterpool warp "$W/in$n" \
    "$out" --workers 1 -q --progress=never "$@" >/dev/null 2>&1
  total "$W"/cg/*
}
a10=$(run 10 "$W/a10"); a50=$(run 50 "$W/plain")
b10=$(run 10 "$W/b10" -- -ct "$pipe"); b50=$(run 50 "$W/ct" -- -ct "$pipe")
same=0 differ=0
for f in "$W"/plain/*.tif; do
  if cmp -s "$f" "$W/ct/$(basename "$f")"; then same=$((same + 1)); else differ=$((differ + 1)); fi
done
echo "$(gdalinfo --version | cut -d, -f1), source $src, pipeline: $pipe"
echo "default arguments: $(( (a50 - a10) / 40 )) instructions per raster"
echo "with -ct:          $(( (b50 - b10) / 40 )) instructions per raster"
echo "outputs: $same identical, $differ different"
