/*
 * vrt_raw: keeps an untrusted input from copying local files into outputs.
 *
 * A VRT (under any file name, a ".tif" too) whose band is a
 * VRTRawRasterBand reads the bytes of any file the worker can read as
 * pixels, so a hostile input can turn /home/you/.ssh/id_rsa into an output
 * (gdalwarp does the same). Unless the job allows it (rasterpool's
 * --allow-vrt-raw, or GDAL_VRT_ENABLE_RAWRASTERBAND=YES in the
 * environment):
 *
 *   rp_vrt_raw_forbid()          once per worker: sets
 *                                GDAL_VRT_ENABLE_RAWRASTERBAND=NO, which
 *                                GDAL versions that know it honour;
 *   rp_vrt_raw_used(src)         per input, right after it is opened and
 *                                before any pixel is read: 1 when it is a
 *                                VRT with a VRTRawRasterBand, or a VRT
 *                                whose sources lead (VRT within VRT, up to
 *                                8 deep; deeper counts as used) to one.
 *                                Those GDAL versions that do not know the
 *                                option (3.6 does not) are covered by it.
 *
 * rp_vrt_raw_allowed() says whether the environment opts in. Sources are
 * opened with the VRT driver only and GDAL's errors silenced, so that the
 * check itself reads no pixel and fails no task.
 */
#ifndef RP_VRT_RAW_H
#define RP_VRT_RAW_H

#include <gdal.h>

int rp_vrt_raw_allowed(void);
void rp_vrt_raw_forbid(void);
int rp_vrt_raw_used(GDALDatasetH src);

#endif
