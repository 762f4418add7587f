# label: gdal
# "Byte-identical to gdalwarp" holds at the same GDAL_CACHEMAX: once an
# output outgrows the block cache, the cache decides the order GTiff writes
# its tiles in. Each worker gets --cache-max divided by the workers started,
# here 2 MB / 2 = 1 MB: the outputs are gdalwarp's at --config GDAL_CACHEMAX
# 1, byte for byte; gdalwarp at a large cache writes the same pixels.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" sized:2:6000
run_rp "$T/in" "$T/out" --workers 2 --cache-max 2
expect_rc 0
for i in 0000 0001; do
  reference "$T/in/sized_$i.tif" "$T/ref1.tif" --config GDAL_CACHEMAX 1
  cmp "$T/ref1.tif" "$T/out/sized_${i}_warped.tif" ||
    fail "sized_$i: differs from gdalwarp at the per-worker cache (1 MB)"
done
# At another cache the bytes may differ (GDAL 3.6 writes these tiles in
# another order; 3.10 and 3.13 were measured writing the same bytes), the
# pixels may not.
reference "$T/in/sized_0000.tif" "$T/ref.tif" --config GDAL_CACHEMAX 512
cmp -s "$T/ref.tif" "$T/out/sized_0000_warped.tif" ||
  echo "bytes differ from gdalwarp's at a 512 MB cache (pixels compared below)"
/usr/bin/python3 - "$T/ref.tif" "$T/out/sized_0000_warped.tif" <<'PY' || fail "pixels differ from gdalwarp's at a 512 MB cache"
import sys
import numpy as np
from osgeo import gdal
a, b = (gdal.Open(p) for p in sys.argv[1:])
assert a.RasterCount == b.RasterCount and a.RasterCount > 0
assert a.GetGeoTransform() == b.GetGeoTransform()
for i in range(1, a.RasterCount + 1):
    x, y = a.GetRasterBand(i).ReadAsArray(), b.GetRasterBand(i).ReadAsArray()
    assert x.shape == y.shape and np.array_equal(x, y), f"band {i}"
PY
