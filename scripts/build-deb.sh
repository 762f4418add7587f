#!/usr/bin/env bash
# Builds the Debian package rasterpool_VERSION_ARCH.deb from the work tree
# with dpkg-buildpackage and debian/ (debhelper, CMake), for the Debian
# release it runs on (inside a chroot of scripts/test-in-chroot.sh for
# another one), and prints its path:
#
#   scripts/build-deb.sh [OUT_DIR]        # default: dist/
#
# Dependencies are computed by dh_shlibdeps (${shlibs:Depends}). Installs
# the build dependencies it misses with apt-get.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$REPO/dist}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

NEEDS=(build-essential debhelper dpkg-dev cmake pkg-config libgdal-dev libjson-c-dev)
missing=()
for p in "${NEEDS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
    || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

# One version: CMake's project() and debian/changelog must agree.
version=$(sed -n 's/^project(rasterpool VERSION \([0-9.]*\).*/\1/p' \
  "$REPO/CMakeLists.txt")
deb_version=$(cd "$REPO" && dpkg-parsechangelog -S Version)
[ "$version" = "$deb_version" ] || {
  echo "build-deb: CMakeLists.txt says $version, debian/changelog $deb_version" >&2
  exit 1
}

# A copy without build trees, so that the build starts clean and the work
# tree is left as it was.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$work/rasterpool-$version
mkdir "$src"
tar -C "$REPO" --exclude='./build*' --exclude=./dist --exclude=./.git \
  --exclude=./demo/in --exclude=./demo/out -cf - . | tar -xf - -C "$src"
(cd "$src" && dpkg-buildpackage -b -us -uc) >"$work/build.log" 2>&1 \
  || { tail -n 40 "$work/build.log" >&2; exit 1; }
deb=$(ls "$work"/rasterpool_"$version"_*.deb)
mv "$deb" "$OUT/"
echo "$OUT/$(basename "$deb")"
