#include "fetch.h"

#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_vsi.h>

/* The input's last path component, without a URL's query or fragment: the
 * copy keeps its name (and so its extension) for GDAL. */
static void copy_path(struct rp_fetch *f, const char *input)
{
	const char *base = strrchr(input, '/');
	base = base ? base + 1 : input;
	size_t n = strcspn(base, "?#");
	if (!n) {
		base = "input";
		n = strlen(base);
	}
	snprintf(f->path, sizeof(f->path), "/vsimem/rasterpool-fetch/%d/%.*s",
		 (int)getpid(), (int)(n > 128 ? 128 : n), base);
}

static int read_whole(struct rp_fetch *f, const char *input, char *err,
		      size_t errlen)
{
	GByte *buf = VSIMalloc((size_t)f->size);
	if (!buf)
		return 0;
	VSILFILE *fp = VSIFOpenL(input, "rb");
	size_t got = fp ? VSIFReadL(buf, 1, (size_t)f->size, fp) : 0;
	if (fp)
		VSIFCloseL(fp);
	if (got != (size_t)f->size) {
		VSIFree(buf);
		snprintf(err, errlen, "the transfer of %s ended after %zu of "
			 "%lld bytes", input, got, f->size);
		return -1;
	}
	copy_path(f, input);
	VSILFILE *mem = VSIFileFromMemBuffer(f->path, buf, (vsi_l_offset)f->size,
					     TRUE);
	if (!mem) {
		VSIFree(buf);
		f->path[0] = '\0';
		return 0;
	}
	VSIFCloseL(mem);
	return 1;
}

int rp_fetch_stat(struct rp_fetch *f, const char *input, char *err,
		  size_t errlen)
{
	VSIStatBufL st;
	memset(f, 0, sizeof(*f));
	f->size = -1;
	if (VSIStatExL(input, &st, VSI_STAT_EXISTS_FLAG | VSI_STAT_SIZE_FLAG)) {
		snprintf(err, errlen, "cannot open %s: no such object, or not "
			 "readable", input);
		return -1;
	}
	f->size = (long long)st.st_size;
	f->mtime = (long long)st.st_mtime;
	return 0;
}

int rp_fetch_read(struct rp_fetch *f, const char *input, long long max_bytes,
		  char *err, size_t errlen)
{
	if (f->size <= 0 || f->size > max_bytes)
		return 0;
	return read_whole(f, input, err, errlen);
}

void rp_fetch_release(struct rp_fetch *f)
{
	if (f->path[0])
		VSIUnlink(f->path);
	f->path[0] = '\0';
}
