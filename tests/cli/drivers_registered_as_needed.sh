# label: gdal
# A warp to GTiff registers GTiff, HFA and MEM only; an input GTiff cannot
# open (here a georeferenced PNG named .tif) brings in every driver and is
# then warped exactly as gdalwarp warps it; arguments that name another file
# (-cutline) get every driver from the start.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in" utm
gdal_translate -q -of PNG "$T/in/utm.tif" "$T/png.png"
mv "$T/png.png" "$T/in/png_as.tif"
mv "$T/png.png.aux.xml" "$T/in/png_as.tif.aux.xml"
gdalinfo "$T/in/png_as.tif" | grep -q "Driver: PNG/" || fail "not a PNG"
run_rp "$T/in" "$T/out" --workers 1 -v
expect_rc 0
# ready_drivers: the driver counts each worker's READY gave, one a line.
ready_drivers() {
  sed -n 's/.*Worker-[0-9]*: Ready: GDAL .*, \([0-9]*\) drivers registered$/\1/p' "$T/log"
}
n=$(ready_drivers | sort -u)
[ -n "$n" ] || { cat "$T/log" >&2; fail "no driver count in the log"; }
[ "$(echo "$n" | wc -l)" = 1 ] && [ "$n" -ge 3 ] && [ "$n" -le 5 ] ||
  fail "a GTiff warp registered $n drivers, wanted GTiff, HFA, MEM"
for k in utm png_as; do
  reference "$T/in/$k.tif" "$T/ref_$k.tif"
  cmp "$T/ref_$k.tif" "$T/out/${k}_warped.tif" || fail "$k differs from gdalwarp"
done
# -cutline reads a vector file: every driver at once, same bytes as gdalwarp.
ulx=$(gdalinfo -json "$T/in/utm.tif" | /usr/bin/python3 -c \
  'import json,sys; g=json.load(sys.stdin)["geoTransform"]; print(g[0], g[3], g[1], g[5])')
read -r x0 y0 dx dy <<<"$ulx"
/usr/bin/python3 - "$x0" "$y0" "$dx" "$dy" >"$T/cut.geojson" <<'PY'
import json, sys
x0, y0, dx, dy = map(float, sys.argv[1:])
x1, y1 = x0 + 40 * dx, y0 + 40 * dy
ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
print(json.dumps({"type": "FeatureCollection",
                  "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32633"}},
                  "features": [{"type": "Feature", "properties": {},
                                "geometry": {"type": "Polygon", "coordinates": [ring]}}]}))
PY
rm "$T/in/png_as.tif" "$T/in/png_as.tif.aux.xml"
run_rp "$T/in" "$T/out2" --workers 1 -v -- -cutline "$T/cut.geojson"
expect_rc 0
all=$(ready_drivers | sort -u)
[ -n "$all" ] && [ "$all" -ge 50 ] ||
  fail "-cutline registered $all drivers, wanted all of GDAL's"
reference "$T/in/utm.tif" "$T/ref_cut.tif" -cutline "$T/cut.geojson"
cmp "$T/ref_cut.tif" "$T/out2/utm_warped.tif" || fail "cutline output differs from gdalwarp"
! cmp -s "$T/ref_utm.tif" "$T/ref_cut.tif" || fail "the cutline changed nothing"
