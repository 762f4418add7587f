/*
 * outdir: OUT_DIR, held open for the whole run, so that a run never writes
 * into a directory that replaced it, or recreates one that was deleted.
 *
 *   struct rp_outdir o;
 *   rp_outdir_open(&o, cli->out_dir, err, n)   once OUT_DIR exists: opens it
 *                                              and remembers what it is
 *   rp_outdir_check(&o, err, n)                is OUT_DIR, by its name, still
 *                                              that directory?
 *   fd = rp_outdir_parent(&o, output, err, n)  the directory output goes in,
 *                                              open (created if missing)
 *   rp_outdir_close(&o)
 *
 * OUT_DIR itself may be a link (the user's choice); everything rasterpool
 * creates inside it is made with mkdirat and opened with O_NOFOLLOW relative
 * to the held descriptor, so no link planted inside OUT_DIR is followed and
 * a deleted OUT_DIR is never recreated. An output whose path does not start
 * with OUT_DIR (a plan written for another directory) gets its directory by
 * path, as mkdir -p would.
 *
 * rp_outdir_check() fails when OUT_DIR was removed, renamed away or
 * replaced (its name no longer leads to the same st_dev and st_ino), with a
 * message naming it. Functions return 0 (parent: a descriptor the caller
 * closes) or -1 with the message in err.
 */
#ifndef RP_OUTDIR_H
#define RP_OUTDIR_H

#include <stddef.h>
#include <sys/types.h>

struct rp_outdir {
	int fd;
	dev_t dev;
	ino_t ino;
	char path[4096]; /* as given, without trailing slashes */
};

int rp_outdir_open(struct rp_outdir *o, const char *path, char *err,
		   size_t errlen);
int rp_outdir_check(const struct rp_outdir *o, char *err, size_t errlen);
int rp_outdir_parent(const struct rp_outdir *o, const char *output, char *err,
		     size_t errlen);
void rp_outdir_close(struct rp_outdir *o);

#endif
