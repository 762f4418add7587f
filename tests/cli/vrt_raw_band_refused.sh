# label: gdal
# A ".tif" that is really a VRT with a VRTRawRasterBand reads any local
# file as pixels. By default its task fails with a clear error and no
# output is written, directly or through a VRT within a VRT; a plain VRT
# input still works. --allow-vrt-raw (or GDAL_VRT_ENABLE_RAWRASTERBAND=YES
# in the environment) opts in, and then a task does what gdalwarp does.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" utm
mkdir "$T/private"
python3 -c 'import sys; sys.stdout.write("TOPSECRET-" * 410)' >"$T/private/secret"
raw_vrt() { # the VRT XML of a 64x64 raster whose pixels are FILE's bytes
  cat <<XML
<VRTDataset rasterXSize="64" rasterYSize="64">
  <SRS>EPSG:32633</SRS>
  <GeoTransform>500000, 30, 0, 4500000, 0, -30</GeoTransform>
  <VRTRasterBand dataType="Byte" band="1" subClass="VRTRawRasterBand">
    <SourceFilename relativetoVRT="0">$1</SourceFilename>
    <ImageOffset>0</ImageOffset><PixelOffset>1</PixelOffset><LineOffset>64</LineOffset>
  </VRTRasterBand>
</VRTDataset>
XML
}
simple_vrt() { # a VRT whose one band is band 1 of FILE
  cat <<XML
<VRTDataset rasterXSize="64" rasterYSize="64">
  <SRS>EPSG:32633</SRS>
  <GeoTransform>500000, 30, 0, 4500000, 0, -30</GeoTransform>
  <VRTRasterBand dataType="Byte" band="1">
    <SimpleSource><SourceFilename relativeToVRT="0">$1</SourceFilename>
      <SourceBand>1</SourceBand></SimpleSource>
  </VRTRasterBand>
</VRTDataset>
XML
}
raw_vrt "$T/private/secret" >"$T/in/evil.tif"
raw_vrt "$T/private/secret" >"$T/private/inner.vrt"
simple_vrt "$T/private/inner.vrt" >"$T/in/nested.tif"
simple_vrt "$T/in/utm.tif" >"$T/in/plain.tif"

run_rp "$T/in" "$T/out" --workers 2
expect_rc 1
for f in evil nested; do
  expect_in "$T/log" "Failed $T/in/$f.tif: $T/in/$f.tif is a VRT with a VRTRawRasterBand, which reads local files as pixels: refused (--allow-vrt-raw allows it)"
  [ ! -e "$T/out/${f}_warped.tif" ] || fail "$f: output written"
done
expect_in "$T/log" "Finished: 2/4 successful."
reference "$T/in/plain.tif" "$T/ref.tif"
cmp "$T/ref.tif" "$T/out/plain_warped.tif" || fail "a plain VRT input differs from gdalwarp's"
! grep -rl TOPSECRET "$T/out" || fail "the secret is in OUT_DIR"
expect_no_temp_files "$T/out"

for optin in --allow-vrt-raw env; do
  rm -rf "$T/out"
  if [ $optin = env ]; then
    GDAL_VRT_ENABLE_RAWRASTERBAND=YES run_rp "$T/in" "$T/out" --workers 2
  else
    run_rp "$T/in" "$T/out" --workers 2 $optin
  fi
  # Opted in, a task does what gdalwarp does: GDAL >= 3.12 itself refuses
  # a raw source outside the VRT's directory (GDAL_VRT_RAWRASTERBAND_
  # ALLOWED_SOURCE), and then both fail; older GDAL reads it, and then the
  # bytes are gdalwarp's.
  want=0
  for f in evil nested; do
    if reference "$T/in/$f.tif" "$T/ref.tif"; then
      cmp "$T/ref.tif" "$T/out/${f}_warped.tif" || fail "$optin: $f differs from gdalwarp's"
    else
      want=1
      [ ! -e "$T/out/${f}_warped.tif" ] || fail "$optin: $f written where gdalwarp refuses"
      expect_in "$T/log" "Failed $T/in/$f.tif: "
    fi
  done
  expect_rc $want
done
