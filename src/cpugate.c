#include "cpugate.h"

#include <errno.h>
#include <sys/ipc.h>
#include <sys/sem.h>

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

int rp_cpugate_create(struct rp_cpugate *g, unsigned units)
{
	g->id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	g->units = units;
	if (g->id < 0)
		return -errno;
	union semun arg = {.val = (int)units};
	if (semctl(g->id, 0, SETVAL, arg) < 0) {
		int e = errno;
		rp_cpugate_remove(g);
		return -e;
	}
	return 0;
}

void rp_cpugate_remove(struct rp_cpugate *g)
{
	if (g->id >= 0)
		semctl(g->id, 0, IPC_RMID);
	g->id = -1;
}

/* The units one task takes: its threads, at least one, at most all. */
static int units_of(const struct rp_cpugate *g, unsigned k)
{
	return (int)(k < 1 ? 1 : k > g->units ? g->units : k);
}

static int change(int id, int delta)
{
	struct sembuf op = {.sem_num = 0, .sem_op = (short)delta,
			    .sem_flg = SEM_UNDO};
	while (semop(id, &op, 1) < 0) {
		if (errno == EINTR)
			continue;
		return errno == EIDRM || errno == EINVAL ? 0 : -errno;
	}
	return 0;
}

int rp_cpugate_acquire(const struct rp_cpugate *g, unsigned k)
{
	return g->id < 0 ? 0 : change(g->id, -units_of(g, k));
}

int rp_cpugate_release(const struct rp_cpugate *g, unsigned k)
{
	return g->id < 0 ? 0 : change(g->id, units_of(g, k));
}
