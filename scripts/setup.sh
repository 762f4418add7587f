#!/usr/bin/env bash
# Installs what rasterpool needs from Debian's archive (when something is
# missing) and builds it into build/ (or $1). Used by demo.sh, test.sh and CI.
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES=(cmake gcc make pkg-config binutils libgdal-dev gdal-bin python3-gdal
          python3-numpy libcmocka-dev libjson-c-dev valgrind clang
          libclang-rt-dev util-linux nginx-light chromium munge slurmctld
          slurmd slurm-client bash-completion)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
    || missing+=("$p")
done
# The object-storage tests run s3rver from npm (tests/helpers/s3rver.sh);
# NodeSource's nodejs carries its own npm, Debian's comes apart.
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  # Packages must not start services (nginx): the tests start their own.
  # The guard goes away however apt-get ends (a failed install included).
  guard=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    guard=1
    trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
  if [ -n "$guard" ]; then
    $SUDO rm -f /usr/sbin/policy-rc.d
    trap - EXIT
  fi
fi
BUILD=${1:-build}
shift || true
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$BUILD" -j"$(nproc)" >/dev/null
echo "setup: built $BUILD/rasterpool and $BUILD/rasterpool-worker"
