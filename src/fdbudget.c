#include "fdbudget.h"

#include <dirent.h>
#include <errno.h>
#include <sys/resource.h>

unsigned rp_fd_budget_workers(unsigned want, unsigned long limit,
			      unsigned long open_now, unsigned per_worker,
			      unsigned headroom)
{
	unsigned long used = open_now + headroom;
	unsigned long fit = limit > used
		? (limit - used) / (per_worker ? per_worker : 1) : 0;
	if (fit < 1)
		fit = 1;
	return fit < want ? (unsigned)fit : want;
}

unsigned rp_fd_budget_now(unsigned want, unsigned per_worker)
{
	unsigned long open_now, limit;
	if (rp_fd_usage(&open_now, &limit) < 0)
		return want;
	return rp_fd_budget_workers(want, limit, open_now, per_worker,
				    RP_FD_HEADROOM);
}

int rp_fd_usage(unsigned long *open_now, unsigned long *limit)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -errno;
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return -errno;
	unsigned long n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	*open_now = n ? n - 1 : 0; /* opendir's own */
	*limit = rl.rlim_cur == RLIM_INFINITY ? (unsigned long)-1
					      : (unsigned long)rl.rlim_cur;
	return 0;
}
