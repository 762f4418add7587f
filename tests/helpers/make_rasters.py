#!/usr/bin/python3
"""Writes the test rasters with GDAL itself: one of each kind the core must
warp byte-identically to gdalwarp, plus broken ones.

usage: make_rasters.py DIR [kinds...]   (default: every good kind)
kinds: byte_rgb int16_nodata float32_nan utm webmerc rotated
       corrupt (valid header, broken tile data) text (not a TIFF)
       nocrs (no georeferencing) tiny:N (N small UTM rasters)
       sized:N:S (N UTM rasters of S x S)
"""
import os
import sys

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()


def field(w, h, bands, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    base = 100 + 80 * np.sin(x / 17.0) * np.cos(y / 23.0)
    return [base + rng.normal(0, 5, (h, w)) + 10 * b for b in range(bands)]


def write(path, w, h, bands, dtype, epsg, gt, nodata=None, seed=0,
          nan_holes=False, options=("TILED=YES", "COMPRESS=DEFLATE")):
    drv = gdal.GetDriverByName("GTiff")
    ds = drv.Create(path, w, h, bands, dtype, list(options))
    if epsg:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
        ds.SetProjection(srs.ExportToWkt())
        ds.SetGeoTransform(gt)
    for b, data in enumerate(field(w, h, bands, seed)):
        band = ds.GetRasterBand(b + 1)
        if nan_holes:
            data[10:20, 10:30] = np.nan
        if nodata is not None:
            band.SetNoDataValue(nodata)
            data[5:15, 40:60] = nodata
        band.WriteArray(data)
    ds = None


UTM = (500000.0, 30.0, 0.0, 4500000.0, 0.0, -30.0)


def make(d, kind):
    p = lambda name: os.path.join(d, name)
    if kind == "byte_rgb":
        write(p("byte_rgb.tif"), 200, 150, 3, gdal.GDT_Byte, 32633, UTM)
    elif kind == "int16_nodata":
        write(p("int16_nodata.tif"), 180, 120, 1, gdal.GDT_Int16, 32633,
              UTM, nodata=-9999, seed=1)
    elif kind == "float32_nan":
        write(p("float32_nan.tif"), 160, 160, 1, gdal.GDT_Float32, 32633,
              UTM, nodata=float("nan"), seed=2, nan_holes=True)
    elif kind == "utm":
        write(p("utm.tif"), 256, 256, 1, gdal.GDT_UInt16, 32618,
              (300000.0, 10.0, 0.0, 4100000.0, 0.0, -10.0), seed=3)
    elif kind == "webmerc":
        write(p("webmerc.tif"), 200, 200, 1, gdal.GDT_Byte, 3857,
              (1000000.0, 50.0, 0.0, 6000000.0, 0.0, -50.0), seed=4)
    elif kind == "rotated":
        write(p("rotated.tif"), 150, 150, 1, gdal.GDT_Byte, 32633,
              (500000.0, 28.0, 8.0, 4500000.0, 7.0, -28.0), seed=5)
    elif kind == "corrupt":
        path = p("corrupt.tif")
        write(path, 256, 256, 1, gdal.GDT_Byte, 32633, UTM, seed=6,
              options=("TILED=YES", "COMPRESS=DEFLATE", "BLOCKXSIZE=64",
                       "BLOCKYSIZE=64"))
        ds = gdal.Open(path)
        offset = int(ds.GetRasterBand(1).GetMetadataItem(
            "BLOCK_OFFSET_0_0", "TIFF"))
        ds = None
        with open(path, "r+b") as f:  # garbage over the first tiles
            f.seek(offset)
            f.write(os.urandom(4000))
    elif kind == "text":
        with open(p("text.tif"), "w") as f:
            f.write("this is not a TIFF\n")
    elif kind == "nocrs":
        write(p("nocrs.tif"), 64, 64, 1, gdal.GDT_Byte, None, None)
    elif kind.startswith("tiny:") or kind.startswith("sized:"):
        parts = kind.split(":")
        size = int(parts[2]) if len(parts) > 2 else 64
        for i in range(int(parts[1])):
            write(p("%s_%04d.tif" % (parts[0], i)), size, size, 1,
                  gdal.GDT_Byte, 32633,
                  (500000.0 + 3000 * i, 30.0, 0.0, 4500000.0, 0.0, -30.0),
                  seed=100 + i)
    else:
        sys.exit("unknown kind " + kind)


GOOD = ["byte_rgb", "int16_nodata", "float32_nan", "utm", "webmerc", "rotated"]

if __name__ == "__main__":
    os.makedirs(sys.argv[1], exist_ok=True)
    for k in sys.argv[2:] or GOOD:
        make(sys.argv[1], k)
