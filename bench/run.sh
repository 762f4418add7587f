#!/usr/bin/env bash
# The benchmark in one command: installs its peers (GNU parallel, Debian's
# python3-gdal for the seed's script), builds rasterpool, generates its
# batches once (bench/cache/), runs every method side by side and writes
# bench/results/<date>.md and .json. Arguments go to bench/bench.py
# (--reps N, --shapes tiny,small,three,one,mixed). Takes ~10-15 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
if ! command -v parallel >/dev/null; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq parallel >/dev/null
fi
exec /usr/bin/python3 bench/bench.py "$@"
