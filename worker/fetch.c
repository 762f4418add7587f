#include "fetch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_http.h>
#include <cpl_string.h>
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

/* Hands buf (f->size bytes, VSIMalloc'ed) to /vsimem/ as the input's copy. */
static int keep_copy(struct rp_fetch *f, const char *input, GByte *buf)
{
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
	return keep_copy(f, input, buf);
}

#define PERSISTENT_ID "rasterpool-fetch"
static int persistent_open;

/* The URL of a plain /vsicurl/http(s):// path; NULL for any other form
 * (the "?url=" form carries options only /vsicurl/ understands). */
static const char *plain_http_url(const char *input)
{
	if (strncasecmp(input, "/vsicurl/", 9))
		return NULL;
	const char *url = input + 9;
	return !strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8)
		       ? url
		       : NULL;
}

/* A response header's value; the last one sent (a redirect's headers come
 * first in the list). */
static const char *last_header(char **headers, const char *name)
{
	const char *v = NULL;
	size_t n = strlen(name);
	for (; headers && *headers; headers++)
		if (!strncasecmp(*headers, name, n) &&
		    ((*headers)[n] == '=' || (*headers)[n] == ':')) {
			v = *headers + n + 1;
			while (*v == ' ')
				v++;
		}
	return v;
}

/* An HTTP date in RFC 7231's IMF-fixdate, the form servers send, in Unix
 * seconds; -1 when not one (GDAL's stat, through curl, reads the older
 * forms too: take_date leaves those to it). */
static long long http_date(const char *v)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	const char *end = v ? strptime(v, "%a, %d %b %Y %H:%M:%S", &tm) : NULL;
	if (!end || strncmp(end, " GMT", 4))
		return -1;
	return (long long)timegm(&tm);
}

/* The response is the whole object, as it is stored: a success, of the
 * length announced, not encoded for the transfer. */
static int whole_body(const CPLHTTPResult *res)
{
	const char *len = last_header(res->papszHeaders, "Content-Length");
	return res->nStatus == 0 && !res->pszErrBuf && len &&
	       !last_header(res->papszHeaders, "Content-Encoding") &&
	       res->nDataLen > 0 &&
	       strtoll(len, NULL, 10) == (long long)res->nDataLen;
}

/* f->mtime from the GET's Last-Modified. A date in another form than the
 * one above, or a redirect (whose own headers are in the list too), is left
 * to GDAL's stat, which a rerun compares with: 0 if that stat fails or
 * disagrees on the size. */
static int take_date(struct rp_fetch *f, const char *input, char **headers)
{
	const char *lm = last_header(headers, "Last-Modified");
	f->mtime = lm ? http_date(lm) : 0;
	if (f->mtime >= 0 && !last_header(headers, "Location"))
		return 1;
	VSIStatBufL st;
	if (VSIStatExL(input, &st, VSI_STAT_SIZE_FLAG) != 0 ||
	    (long long)st.st_size != f->size)
		return 0;
	f->mtime = (long long)st.st_mtime;
	return 1;
}

int rp_fetch_get(struct rp_fetch *f, const char *input, long long max_bytes)
{
	memset(f, 0, sizeof(*f));
	f->size = f->mtime = -1;
	const char *url = plain_http_url(input);
	if (!url || max_bytes <= 0 || max_bytes > 0x7fffffffLL)
		return 0;
	char max[32];
	snprintf(max, sizeof(max), "MAX_FILE_SIZE=%lld", max_bytes);
	/* One connection kept for the worker's life: a new one costs a
	 * round trip more (the handshake's) for every object. */
	const char *options[] = {max, "PERSISTENT=" PERSISTENT_ID, NULL};
	persistent_open = 1;
	/* Any failure is the stat's and ranged read's to explain: quiet. */
	CPLPushErrorHandler(CPLQuietErrorHandler);
	CPLHTTPResult *res = CPLHTTPFetch(url, (char **)options);
	CPLPopErrorHandler();
	CPLErrorReset();
	int rc = 0;
	if (res && whole_body(res)) {
		f->size = res->nDataLen;
		if (take_date(f, input, res->papszHeaders)) {
			GByte *buf = res->pabyData;
			res->pabyData = NULL;
			rc = keep_copy(f, input, buf);
		}
	}
	CPLHTTPDestroyResult(res);
	if (rc != 1) {
		f->size = f->mtime = -1;
		f->path[0] = '\0';
	}
	return rc;
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

void rp_fetch_close(void)
{
	if (!persistent_open)
		return;
	const char *options[] = {"CLOSE_PERSISTENT=" PERSISTENT_ID, NULL};
	CPLHTTPDestroyResult(CPLHTTPFetch("", (char **)options));
	persistent_open = 0;
}

void rp_fetch_release(struct rp_fetch *f)
{
	if (f->path[0])
		VSIUnlink(f->path);
	f->path[0] = '\0';
}
