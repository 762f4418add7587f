#include "upload.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#define CHUNK (1 << 20)

static int copy(VSILFILE *in, VSILFILE *out)
{
	char *buf = CPLMalloc(CHUNK);
	size_t n;
	int rc = 0;
	while (!rc && (n = VSIFReadL(buf, 1, CHUNK, in)) > 0)
		if (VSIFWriteL(buf, 1, n, out) != n)
			rc = -1;
	CPLFree(buf);
	return rc;
}

int rp_upload(const char *local, const char *key, char *err, size_t errlen)
{
	VSILFILE *in = VSIFOpenL(local, "rb");
	VSILFILE *out = in ? VSIFOpenL(key, "wb") : NULL;
	int rc = in && out ? copy(in, out) : -1;
	if (out && VSIFCloseL(out) != 0)
		rc = -1;
	if (in)
		VSIFCloseL(in);
	if (rc) {
		/* GDAL 3.6 leaves a multipart upload whose part failed open:
		 * invisible, but stored and billed. */
		VSIAbortPendingUploads(key);
		snprintf(err, errlen, "upload to %s failed", key);
	}
	return rc;
}

int rp_upload_sidecars(const char *local, const char *key, char *err,
		       size_t errlen)
{
	const char *ls = strrchr(local, '/'), *ks = strrchr(key, '/');
	if (!ls || !ks)
		return 0;
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%.*s", (int)(ls - local), local);
	char **names = VSIReadDir(dir);
	int rc = 0;
	for (char **n = names; n && *n && !rc; n++) {
		char src[PATH_MAX + NAME_MAX + 2], dst[4096];
		struct stat st;
		if (!strcmp(*n, ls + 1) || !strcmp(*n, ".") || !strcmp(*n, ".."))
			continue;
		snprintf(src, sizeof(src), "%s/%s", dir, *n);
		if (lstat(src, &st) != 0 || !S_ISREG(st.st_mode))
			continue; /* never read through a link */
		if ((size_t)snprintf(dst, sizeof(dst), "%.*s/%s", (int)(ks - key),
				     key, *n) >= sizeof(dst)) {
			snprintf(err, errlen, "%s: the key of its sidecar %s is "
				 "too long", key, *n);
			rc = -1;
			break;
		}
		rc = rp_upload(src, dst, err, errlen);
	}
	CSLDestroy(names);
	return rc;
}

/* "/vsis3/bucket/a/b" -> "/vsis3/bucket/" */
static void bucket_of(const char *dir, char *out, size_t n)
{
	const char *p = strchr(dir + 1, '/');
	const char *end = p ? strchr(p + 1, '/') : NULL;
	size_t len = end ? (size_t)(end - dir) + 1 : strlen(dir);
	snprintf(out, n, "%.*s%s", (int)len, dir, end ? "" : "/");
}

int rp_upload_check(const char *dir, char *err, size_t errlen)
{
	char bucket[1024];
	VSIStatBufL st;
	bucket_of(dir, bucket, sizeof(bucket));
	if (VSIStatL(bucket, &st) == 0)
		return 0;
	snprintf(err, errlen, "cannot write to %s: the bucket %s does not "
		 "exist or refuses these credentials", dir, bucket);
	return -1;
}
