/*
 * tier: which storage an input is read from, and how many tasks may read
 * from each at once (the seed's "Scaling & I/O bottlenecks").
 *
 * A tier is named after where the bytes come from:
 *   local:MAJ:MIN   a local block device (st_dev of the file)
 *   network:MAJ:MIN a network or FUSE filesystem (NFS, SMB/CIFS, FUSE,
 *                   Ceph, Lustre, GPFS...), by statfs
 *   KIND:WHERE      a remote input (remote.h decides which are, for the
 *                   worker too): http:HOST for /vsicurl/ and URLs,
 *                   s3:BUCKET, gs:BUCKET, az:CONTAINER, oss:, swift:, hdfs:
 * and belongs to a class: local, network or remote. A member of a local
 * archive (/vsizip//d/x.zip/a.tif) is on the archive's device.
 *
 *   struct rp_tier_limits lim = {0};
 *   rp_tier_limit_parse(&lim, "remote=6", err, n)    per --io-limit
 *   rp_tier_of(input, name, sizeof(name), &class)
 *   n = rp_tier_limit(&lim, name, class, workers)
 *
 * A limit set for a tier's exact name wins over one for its class, which
 * wins over the default: all workers for local disks, 4 for network
 * filesystems (the seed: "cap at 4-8 workers"), and 8 per core for remote
 * stores, whose tasks are in flight beyond the cores: a remote task fetches
 * its input before it takes a core (batch.c, cpugate.h), so its limit is
 * on transfers in flight, not on GDAL work (docs/REMOTE.md).
 */
#ifndef RP_TIER_H
#define RP_TIER_H

#include <stddef.h>

enum rp_tier_class {
	RP_TIER_LOCAL,
	RP_TIER_NETWORK,
	RP_TIER_REMOTE,
};

#define RP_TIER_MAX_LIMITS 32
#define RP_TIER_DEFAULT_SHARED 4
#define RP_TIER_REMOTE_PER_CORE 8

struct rp_tier_limits {
	char name[RP_TIER_MAX_LIMITS][128];
	unsigned value[RP_TIER_MAX_LIMITS];
	size_t nr;
};

void rp_tier_of(const char *input, char *name, size_t namelen,
		enum rp_tier_class *cls);
int rp_tier_limit_parse(struct rp_tier_limits *lim, const char *arg,
			char *err, size_t errlen);
unsigned rp_tier_limit(const struct rp_tier_limits *lim, const char *name,
		       enum rp_tier_class cls, unsigned workers);
const char *rp_tier_class_name(enum rp_tier_class cls);

/* The block device (major, minor) of a local tier's name; 0 for others. */
int rp_tier_device(const char *name, unsigned *major, unsigned *minor);

#endif
