/*
 * fdbudget: how many workers fit in the descriptor limit (ulimit -n), so
 * that a run with many workers and few descriptors starts fewer workers
 * instead of starving its own journal and output directories.
 *
 *   unsigned long open_now, limit;
 *   if (rp_fd_usage(&open_now, &limit) == 0)
 *           n = rp_fd_budget_workers(n, limit, open_now, per_worker,
 *                                    RP_FD_HEADROOM);
 *
 * rp_fd_budget_workers is a pure function: of the descriptors left
 * (limit - open_now - headroom), each worker takes per_worker (its socket
 * and what the caller holds for its task; 0 counts as 1). It returns `want` when they all
 * fit, else as many as fit, and never less than 1. The headroom covers
 * what comes and goes (a spawn's socketpair, the journal, the commit
 * thread's fsyncs, the zygote's socket).
 */
#ifndef RP_FDBUDGET_H
#define RP_FDBUDGET_H

#define RP_FD_HEADROOM 8

unsigned rp_fd_budget_workers(unsigned want, unsigned long limit,
			      unsigned long open_now, unsigned per_worker,
			      unsigned headroom);

/* Descriptors open in this process (/proc/self/fd) and the soft
 * RLIMIT_NOFILE; 0, or -errno. */
int rp_fd_usage(unsigned long *open_now, unsigned long *limit);

/* rp_fd_budget_workers with this process's usage now and RP_FD_HEADROOM;
 * `want` when the usage cannot be read. */
unsigned rp_fd_budget_now(unsigned want, unsigned per_worker);

#endif
