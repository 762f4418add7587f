/*
 * fetch: a remote input (/vsicurl/, /vsis3/, ...) read whole, in one GET,
 * into GDAL's memory filesystem, so that the network wait of a task
 * happens before it takes a core (cpugate.h) and GDAL then decodes it with
 * no round trip. Small objects only: most of a COG is read by a warp
 * anyway, and one GET costs one round trip where GDAL's own reads cost
 * three (header, then the tiles).
 *
 *   struct rp_fetch f;
 *   rp_fetch_stat(&f, input, err, errlen)   0, or -1: no such object
 *   rc = rp_fetch_read(&f, input, max_bytes, err, errlen);  after the stat
 *     1: fetched: open f.path (under /vsimem/) instead of input
 *     0: not fetched (larger than max_bytes, or no memory for it):
 *        open input itself
 *    -1: the object cannot be read (missing, transfer cut short); err says
 *        why, and GDAL's own errors went to its error handler
 *   rp_fetch_release(&f)   frees the copy; always call it
 *
 *   rc = rp_fetch_get(&f, input, max_bytes);   instead of the two above
 *     1: fetched, f.size and f.mtime set, in ONE request: a plain GET of a
 *        /vsicurl/http(s):// URL (GDAL's CPLHTTPFetch, so GDAL's HTTP
 *        settings apply), abandoned by curl past max_bytes
 *     0: not fetched, for any reason (another kind of path, too large, no
 *        Content-Length, an encoded body, a failed transfer): use
 *        rp_fetch_stat and rp_fetch_read, which say why if it fails
 *   rp_fetch_close()   closes the connection rp_fetch_get keeps open
 *                      between tasks; before the worker exits
 *
 * Through the stat, f.size and f.mtime come from GDAL's stat of the input
 * (one HEAD; the server's Content-Length and Last-Modified) whatever rc
 * is; through the GET, from the same two headers of its response, with
 * the same meaning (a resume compares the two). -1 and 0 when unknown. A transfer that ends before f.size bytes fails: it never
 * becomes a shorter input.
 */
#ifndef RP_FETCH_H
#define RP_FETCH_H

#include <stddef.h>

struct rp_fetch {
	char path[256];     /* "" unless fetched */
	long long size;
	long long mtime;
};

int rp_fetch_stat(struct rp_fetch *f, const char *input, char *err,
		  size_t errlen);
int rp_fetch_read(struct rp_fetch *f, const char *input, long long max_bytes,
		  char *err, size_t errlen);
int rp_fetch_get(struct rp_fetch *f, const char *input, long long max_bytes);
void rp_fetch_release(struct rp_fetch *f);
void rp_fetch_close(void);

#endif
