/*
 * anchor: the worker's way into the private directory the supervisor made
 * for its task (atomic.h), which nothing done to the path afterwards can
 * redirect.
 *
 * GDAL opens files by name. Another user who can write OUT_DIR could rename
 * a task's private directory away and plant a link under its name between
 * the supervisor's mkdirat and GDAL's open. So the worker opens the
 * directory itself, without following a link, checks that it is the one
 * the supervisor made (st_dev, st_ino from the TASK frame), and hands GDAL
 * a name through the open descriptor:
 *
 *   struct rp_anchor a;
 *   rp_anchor_open(&a, temp, dev, ino, err, n)  0, or -1 with err: the
 *                                               directory is gone, a link,
 *                                               or another one
 *   GDAL writes a.path   "/proc/self/fd/N/<basename>" (temp itself, after
 *                        the check, where /proc is not mounted)
 *   rp_anchor_unmask(&a, msg, out, n, output)   GDAL's message with the
 *                        /proc/self/fd/N/ names made the output's own
 *   rp_anchor_close(&a)
 */
#ifndef RP_ANCHOR_H
#define RP_ANCHOR_H

#include <stddef.h>

struct rp_anchor {
	int fd;
	char prefix[64]; /* "/proc/self/fd/N/", or "" */
	char path[4096];
};

int rp_anchor_open(struct rp_anchor *a, const char *temp,
		   unsigned long long dev, unsigned long long ino, char *err,
		   size_t errlen);
void rp_anchor_unmask(const struct rp_anchor *a, const char *msg, char *out,
		      size_t outlen, const char *output);
void rp_anchor_close(struct rp_anchor *a);

#endif
