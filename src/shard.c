#include "shard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rp_shard_parse(const char *arg, unsigned *k, unsigned *n, char *err,
		   size_t errlen)
{
	char *end;
	errno = 0;
	unsigned long a = strtoul(arg, &end, 10), b = 0;
	if (*end == '/' && end > arg && end[1])
		b = strtoul(end + 1, &end, 10);
	if (errno || *end || arg[0] == '-' || b < 1 || b > 100000 || a >= b) {
		snprintf(err, errlen, "--shard: '%s' is not K/N with 0 <= K < N",
			 arg);
		return -1;
	}
	*k = (unsigned)a;
	*n = (unsigned)b;
	return 0;
}

static int env_number(const char *name, long *out)
{
	const char *v = getenv(name);
	char *end;
	if (!v || !*v)
		return 0;
	errno = 0;
	*out = strtol(v, &end, 10);
	return !errno && !*end ? 1 : -1;
}

int rp_shard_from_env(unsigned shards, unsigned *k, unsigned *n, char *how,
		      size_t howlen)
{
	long id, count, min = 0;
	int rc;
	if ((rc = env_number("SLURM_ARRAY_TASK_ID", &id)) != 0) {
		if (rc < 0 || env_number("SLURM_ARRAY_TASK_COUNT", &count) != 1 ||
		    env_number("SLURM_ARRAY_TASK_MIN", &min) < 0)
			goto bad;
		snprintf(how, howlen, "SLURM_ARRAY_TASK_ID=%ld, "
			 "SLURM_ARRAY_TASK_COUNT=%ld, SLURM_ARRAY_TASK_MIN=%ld",
			 id, count, min);
		id -= min;
	} else if ((rc = env_number("JOB_COMPLETION_INDEX", &id)) != 0 ||
		   (rc = env_number("AWS_BATCH_JOB_ARRAY_INDEX", &id)) != 0) {
		if (rc < 0 || !shards)
			goto bad;
		count = shards;
		snprintf(how, howlen, "%s=%ld and --shards %u",
			 getenv("JOB_COMPLETION_INDEX") ? "JOB_COMPLETION_INDEX"
							: "AWS_BATCH_JOB_ARRAY_INDEX",
			 id, shards);
	} else {
		return 0;
	}
	if (id < 0 || count < 1 || id >= count)
		goto bad;
	*k = (unsigned)id;
	*n = (unsigned)count;
	return 1;
bad:
	snprintf(how, howlen, "the scheduler's array variables name no shard "
		 "(Kubernetes and AWS Batch need --shards N)");
	return -1;
}

struct order {
	const long long *cost;
};

static int by_cost(const void *x, const void *y, void *ctx)
{
	const long long *cost = ((struct order *)ctx)->cost;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	if (cost[a] != cost[b])
		return cost[a] > cost[b] ? -1 : 1;
	return a < b ? -1 : a > b;
}

int rp_shard_assign(const long long *cost, size_t nr, unsigned n,
		    unsigned *shard_of)
{
	size_t *idx = malloc((nr ? nr : 1) * sizeof(*idx));
	long long *load = calloc(n, sizeof(*load));
	if (!idx || !load) {
		free(idx);
		free(load);
		return -1;
	}
	for (size_t i = 0; i < nr; i++)
		idx[i] = i;
	struct order o = {cost};
	qsort_r(idx, nr, sizeof(*idx), by_cost, &o);
	for (size_t i = 0; i < nr; i++) {
		unsigned best = 0;
		for (unsigned s = 1; s < n; s++)
			if (load[s] < load[best])
				best = s;
		shard_of[idx[i]] = best;
		load[best] += cost[idx[i]] > 0 ? cost[idx[i]] : 1;
	}
	free(idx);
	free(load);
	return 0;
}
