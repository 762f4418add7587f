/*
 * cpugate: the cores of a run as a counting semaphore, so that GDAL work
 * never runs on more threads than there are cores while more tasks than
 * cores are in flight (remote inputs spend most of a task waiting on the
 * network, fetching; see docs/REMOTE.md).
 *
 * Supervisor:
 *   struct rp_cpugate g;
 *   rp_cpugate_create(&g, cores)   one SysV semaphore worth `cores` units;
 *                                  g.id goes to the workers in CONFIG
 *   rp_cpugate_remove(&g)          at the end of the run
 * Worker (id and units from CONFIG; id < 0: no gate, calls do nothing):
 *   rp_cpugate_acquire(&g, k)      blocks until k units are free, takes them
 *   rp_cpugate_release(&g, k)      gives back what acquire took
 *
 * Units are taken with SEM_UNDO: a worker that dies holding them (crash,
 * timeout, kill -9) gives them back through the kernel, so no failure can
 * leak a core. k is taken as 1 to units. A gate removed under a
 * waiting worker (the supervisor is gone) lets it through.
 * Functions return 0 or -errno. A supervisor killed with SIGKILL leaves its
 * semaphore behind (ipcs -s); the gate exists only in runs that have more
 * workers than cores.
 */
#ifndef RP_CPUGATE_H
#define RP_CPUGATE_H

struct rp_cpugate {
	int id; /* -1: none */
	unsigned units;
};

int rp_cpugate_create(struct rp_cpugate *g, unsigned units);
void rp_cpugate_remove(struct rp_cpugate *g);
int rp_cpugate_acquire(const struct rp_cpugate *g, unsigned k);
int rp_cpugate_release(const struct rp_cpugate *g, unsigned k);

#endif
