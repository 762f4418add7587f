#!/usr/bin/env bash
# Builds the .deb on a Debian release and installs it with apt on a clean
# root of the same release, then runs the demo batch with the installed
# binary:
#
#   scripts/test-deb-in-chroot.sh DIST...        # bookworm, trixie, sid
#
# The package is built in DIST's suite root (scripts/build-deb.sh through
# test-in-chroot.sh --exec), so it links that release's GDAL. The clean
# root is a fresh copy of the pristine debootstrap root, removed afterwards.
# In it: apt installs the package (its dependencies come from
# ${shlibs:Depends}) and gdal-bin, GDAL makes six rasters, `rasterpool
# demo/in demo/out` must exit 0 with six outputs byte-identical to
# gdalwarp's with rasterpool's documented arguments, and the supervisor must
# find its worker in /usr/lib/rasterpool.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
. "$REPO/scripts/chroot-lib.sh"
[ $# -ge 1 ] || { echo "usage: $0 DIST..." >&2; exit 2; }

# Runs inside the clean root.
# shellcheck disable=SC2016
CHECK='
set -euo pipefail
apt-get update -qq
apt-get install -y -qq --no-install-recommends ./rasterpool_*.deb gdal-bin >/dev/null
command -v rasterpool
[ -x /usr/lib/rasterpool/rasterpool-worker ]
[ -f /usr/share/man/man1/rasterpool.1.gz ]
[ -f /usr/share/bash-completion/completions/rasterpool ]
rasterpool --version | tee version.txt
grep -q "/usr/lib/rasterpool/rasterpool-worker: GDAL " version.txt
mkdir -p demo/in
mk() { gdal_create -q -of GTiff "$@"; }
mk -outsize 200 150 -bands 3 -ot Byte -burn 10 -burn 120 -burn 250 \
  -a_srs EPSG:32633 -a_ullr 500000 4500000 506000 4495500 demo/in/byte_rgb.tif
mk -outsize 120 90 -bands 1 -ot Int16 -burn -200 -a_nodata -32768 \
  -a_srs EPSG:32631 -a_ullr 400000 5000000 412000 4991000 demo/in/int16.tif
mk -outsize 100 100 -bands 1 -ot Float32 -burn 3.5 \
  -a_srs EPSG:3857 -a_ullr 1000000 6000000 1010000 5990000 demo/in/float32.tif
for i in 1 2 3; do
  mk -outsize 64 64 -bands 1 -ot Byte -burn $((i * 40)) -a_srs EPSG:32633 \
    -a_ullr $((500000 + i * 1000)) 4500000 $((501920 + i * 1000)) 4498080 \
    demo/in/tiny_$i.tif
done
rc=0; rasterpool demo/in demo/out --workers 2 >log.txt 2>&1 || rc=$?
cat log.txt
[ "$rc" = 0 ] || { echo "FAIL: rasterpool exited $rc"; exit 1; }
grep -q "Finished: 6/6 successful." log.txt
for f in demo/in/*.tif; do
  stem=$(basename "$f" .tif)
  gdalwarp -q -t_srs EPSG:4326 -r bilinear -et 0.125 -of GTiff \
    -co TILED=YES -co COMPRESS=LZW -co BIGTIFF=YES -wo NUM_THREADS=1 \
    "$f" "ref_$stem.tif"
  cmp "ref_$stem.tif" "demo/out/${stem}_warped.tif"
done
echo "deb check: 6/6 outputs identical to gdalwarp"
'

# One function, read whole before it runs (edits during a run change nothing).
main() {
  status=0
  for DIST in "$@"; do
    make_base "$DIST"
    start=$(date +%s)
    "$REPO/scripts/test-in-chroot.sh" --exec "$DIST" scripts/build-deb.sh \
      /build/rasterpool/dist >/dev/null
    deb=$(ls "$CACHE/$DIST"/suite/build/rasterpool/dist/rasterpool_*.deb)
    echo "test-deb: built $(basename "$deb") on $DIST in $(( $(date +%s) - start )) s"
    clean=$CACHE/$DIST/deb-test
    rm -rf "$clean"
    copy_base "$DIST" "$clean"
    configure_root "$clean"
    mkdir -p "$clean/root/deb"
    cp "$deb" "$clean/root/deb/"
    rc=0
    in_root "$clean" /root/deb bash -c "$CHECK" || rc=$?
    rm -rf "$clean"
    echo "test-deb: $DIST: exit $rc after $(( $(date +%s) - start )) s"
    [ "$rc" = 0 ] || status=1
  done
  exit "$status"
}
main "$@"
