/*
 * forkserver: starts workers by forking a zygote instead of executing the
 * worker binary each time (--start-method forkserver).
 *
 * The zygote is the worker executable started once (spawn.h) with the
 * argument --forkserver: the dynamic loader has mapped GDAL and its
 * libraries, but the zygote calls nothing in GDAL, so every worker forked
 * from it starts with GDAL loaded and not initialised, as an exec'd worker
 * does, minus the exec and the relocation of ~100 libraries.
 *
 * Supervisor side:
 *   struct rp_forkserver fs;
 *   rp_forkserver_start(&fs, argv, err, n)   zygote up; the caller becomes a
 *                                            child subreaper
 *   rp_forkserver_spawn(&fs, &child, err, n) a worker, as rp_spawn gives one
 *   rp_forkserver_stop(&fs)                  zygote told to exit and reaped
 * fs.zygote.fd is -1 while no zygote runs (before start, after stop).
 * Each request passes the worker's end of a new socketpair to the zygote
 * (SCM_RIGHTS); the zygote forks, its child forks the worker and exits, so
 * the worker is re-parented to the supervisor (PR_SET_CHILD_SUBREAPER) and
 * the caller reaps it like an exec'd worker: waitpid, wait4's rusage,
 * SIGCHLD. The reply is the worker's pid.
 *
 * Worker side: a worker's main() calls rp_forkserver_serve() when started
 * with --forkserver. It returns only in a new worker, with the worker's
 * socket on descriptor 3 and the supervisor as its parent; the zygote itself
 * exits when the supervisor closes the control socket, or dies with it.
 * The zygote is named RP_FORKSERVER_NAME (PR_SET_NAME); its workers keep
 * the executable's name.
 *
 * Functions return 0 or -errno, with text in err.
 */
#ifndef RP_FORKSERVER_H
#define RP_FORKSERVER_H

#include <stddef.h>

#include "spawn.h"

#define RP_FORKSERVER_ARG "--forkserver"
/* The zygote's process name (/proc/PID/comm, what ps and pgrep show). */
#define RP_FORKSERVER_NAME "rp-forkserver"

struct rp_forkserver {
	struct rp_child zygote;
};

int rp_forkserver_start(struct rp_forkserver *fs, char *const argv[],
			char *err, size_t errlen);
int rp_forkserver_spawn(struct rp_forkserver *fs, struct rp_child *child,
			char *err, size_t errlen);
void rp_forkserver_stop(struct rp_forkserver *fs);
/* The caller reaped the zygote (its wait4(-1) got fs->zygote.pid): the
 * control socket is closed and stop() will not wait for a pid that may be
 * reused by then. A later rp_forkserver_start() begins a new zygote. */
void rp_forkserver_reaped(struct rp_forkserver *fs);

int rp_forkserver_serve(void);

#endif
