#!/usr/bin/env bash
# Installs what rasterpool needs from Debian's archive (when something is
# missing) and builds it into build/ (or $1). Used by demo.sh, test.sh and CI.
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES=(cmake gcc make pkg-config binutils libgdal-dev gdal-bin python3-gdal
          python3-numpy libcmocka-dev libjson-c-dev valgrind clang
          libclang-rt-14-dev util-linux)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
    || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
BUILD=${1:-build}
shift || true
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$BUILD" -j"$(nproc)" >/dev/null
echo "setup: built $BUILD/rasterpool and $BUILD/rasterpool-worker"
