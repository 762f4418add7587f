/*
 * shard: one batch over many machines. The task list is cut into N parts
 * balanced by cost (input bytes), the same on every node given the same
 * list, and each array task of a scheduler runs one part.
 *
 *   unsigned k, n;
 *   rp_shard_parse("2/4", &k, &n, err, len)        --shard K/N
 *   rp_shard_from_env(shards, &k, &n, how, len)    Slurm, Kubernetes, AWS
 *   rp_shard_assign(costs, nr, n, shard_of)        every task to one part
 *
 * The partition is the longest-processing-time rule: tasks by cost, largest
 * first (ties in list order), each to the part with the least cost so far
 * (ties to the lowest part). It depends only on the costs and their order.
 * rp_shard_from_env() returns 1 and says in `how` which variables it used,
 * 0 when none is set, -1 (message in how) when they make no sense.
 */
#ifndef RP_SHARD_H
#define RP_SHARD_H

#include <stddef.h>

int rp_shard_parse(const char *arg, unsigned *k, unsigned *n, char *err,
		   size_t errlen);
int rp_shard_from_env(unsigned shards, unsigned *k, unsigned *n, char *how,
		      size_t howlen);
int rp_shard_assign(const long long *cost, size_t nr, unsigned n,
		    unsigned *shard_of);

#endif
