#include "vrt_raw.h"

#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_minixml.h>
#include <cpl_string.h>

#define MAX_DEPTH 8

int rp_vrt_raw_allowed(void)
{
	const char *env = getenv("GDAL_VRT_ENABLE_RAWRASTERBAND");
	return env && CPLTestBool(env);
}

void rp_vrt_raw_forbid(void)
{
	CPLSetConfigOption("GDAL_VRT_ENABLE_RAWRASTERBAND", "NO");
}

static int used(GDALDatasetH ds, int depth);

/* A source of the VRT in vrt_dir: is it a VRT that uses a raw band? */
static int source_uses_raw(const CPLXMLNode *n, const char *vrt_dir,
			   int depth)
{
	const char *name = CPLGetXMLValue(n, NULL, "");
	int relative = CPLTestBool(CPLGetXMLValue(n, "relativeToVRT", "0"));
	char *path = CPLStrdup(relative ? CPLProjectRelativeFilename(vrt_dir,
								     name)
				       : name);
	static const char *const vrt_only[] = {"VRT", NULL};
	GDALDatasetH sub = GDALOpenEx(path, GDAL_OF_RASTER, vrt_only, NULL,
				      NULL);
	CPLFree(path);
	if (!sub)
		return 0; /* not a VRT: no raw band of its own */
	int rc = used(sub, depth + 1);
	GDALClose(sub);
	return rc;
}

static int any_source_uses_raw(const CPLXMLNode *n, const char *vrt_dir,
			       int depth)
{
	for (; n; n = n->psNext) {
		if (n->eType != CXT_Element)
			continue;
		if ((EQUAL(n->pszValue, "SourceFilename") ||
		     EQUAL(n->pszValue, "SourceDataset")) &&
		    source_uses_raw(n, vrt_dir, depth))
			return 1;
		if (any_source_uses_raw(n->psChild, vrt_dir, depth))
			return 1;
	}
	return 0;
}

static int used(GDALDatasetH ds, int depth)
{
	GDALDriverH drv = GDALGetDatasetDriver(ds);
	if (!drv || strcmp(GDALGetDriverShortName(drv), "VRT"))
		return 0;
	char **md = GDALGetMetadata(ds, "xml:VRT");
	if (!md || !md[0] || depth >= MAX_DEPTH ||
	    strstr(md[0], "VRTRawRasterBand"))
		return 1;
	CPLXMLNode *root = CPLParseXMLString(md[0]);
	if (!root)
		return 1;
	char *dir = CPLStrdup(CPLGetPath(GDALGetDescription(ds)));
	int rc = any_source_uses_raw(root, dir, depth);
	CPLFree(dir);
	CPLDestroyXMLNode(root);
	return rc;
}

int rp_vrt_raw_used(GDALDatasetH src)
{
	CPLPushErrorHandler(CPLQuietErrorHandler);
	int rc = used(src, 0);
	CPLPopErrorHandler();
	CPLErrorReset();
	return rc;
}
