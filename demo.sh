#!/usr/bin/env bash
# Sets everything up, makes a demo batch of GeoTIFFs with GDAL and reprojects
# it with rasterpool: demo/in -> demo/out. Run it again to run it again.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh build
if [ ! -d demo/in ]; then
  /usr/bin/python3 tests/helpers/make_rasters.py demo/in
  /usr/bin/python3 tests/helpers/make_rasters.py demo/in tiny:24
fi
build/rasterpool demo/in demo/out "$@"
