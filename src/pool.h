/*
 * pool: runs tasks on a pool of worker processes and never waits forever.
 *
 * Shaped like git's run_processes_parallel(): an options struct with
 * callbacks and a void *cookie. Unlike git's, every worker is long-lived and
 * takes one task at a time, each task may have a deadline, and every task
 * ends with a result record that says how it ended (a RESULT frame, a crash
 * with its signal or exit code, a timeout, a protocol error, an
 * interruption).
 *
 * Calling sequence:
 *   struct rp_pool_options o = {0};
 *   o.argv = worker_argv; o.workers = n; o.next_task = ...; o.cookie = me;
 *   status = rp_pool_run(&o, &outcome);
 *
 * The options are valid when zeroed but for argv and next_task, which must
 * be set: every other callback is optional, every number has a default.
 * rp_pool_run() checks this and aborts with a message (check.h) when it is
 * broken, rather than crashing later.
 *
 * rp_pool_run() starts the workers (spawn.h, or forkserver.h with
 * o.forkserver), sends each the CONFIG frame o.config first and waits for
 * READY, then hands out tasks. The run ends when next_task() returns 0 and
 * no task is in flight. No more workers start than tasks_hint, when given,
 * says are needed. The first on_tick() call comes before the first task is
 * handed out.
 *
 * Workers: one that exits or is killed while busy yields a result with
 * got_result == 0; it is replaced when more tasks come. One that finished
 * max_tasks_per_worker tasks is retired and replaced. Idle workers are
 * retired as soon as there is nothing to hand out.
 *
 * Starting: a worker must answer CONFIG within start_timeout seconds (0:
 * $RASTERPOOL_START_TIMEOUT when set, else 60 s), or it is killed. A start
 * that fails (spawn error, a dead zygote, death or silence before READY) is
 * tried again after a delay that grows with the failures in a row, and the
 * run gives up after RP_BACKOFF_MAX_FAILURES of them (backoff.h).
 *
 * Descriptors: no more workers start than the descriptor limit leaves room
 * for, each costing its socket and task_fds (fdbudget.h); and out of
 * descriptors (EMFILE, ENFILE) while some workers are up, the pool goes on
 * with those. Either way outcome->fewer_workers says how many ran at most,
 * outcome->error why, and the status is not an error.
 *
 * SIGINT or SIGTERM stops dispatching, sends TERM to every worker and KILL
 * after kill_grace (at once on a second signal); tasks in flight end with
 * interrupted set. SIGCHLD and the others arrive through sig.h.
 *
 * Returns RP_POOL_DONE, RP_POOL_REFUSED (a worker rejected CONFIG; its text
 * is in outcome->error), RP_POOL_START_FAILED (workers cannot be started or
 * die before they are ready; outcome->error says why) or
 * RP_POOL_INTERRUPTED (outcome->signo says which signal). Only the caller
 * turns these into exit codes.
 *
 * Callbacks: all are called by rp_pool_run() in the calling thread, one at a
 * time, never from a signal handler, and get o.cookie first. None may call
 * rp_pool_run() again or wait for long: workers are not served meanwhile.
 */
#ifndef RP_POOL_H
#define RP_POOL_H

#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

#define RP_POOL_WAIT 2

struct rp_pool_result {
	int worker_id;       /* 1, 2, ... in the order workers were started */
	pid_t pid;
	int got_result;      /* a RESULT frame arrived for this task */
	const char *payload; /* its payload, NUL-terminated, if got_result */
	size_t length;
	int exit_code;       /* worker exited with this code mid-task, or -1 */
	int signo;           /* worker was killed by this signal mid-task, or 0 */
	int timed_out;       /* the pool killed it at the task's deadline */
	int protocol_error;  /* it sent a malformed or unexpected frame */
	int interrupted;     /* the run was interrupted while it ran */
	double started;      /* rp_now() at dispatch and at the end */
	double finished;
};

struct rp_pool_options {
	unsigned workers;              /* 0 means 1 */
	unsigned tasks_hint;           /* tasks expected; 0: unknown */
	char *const *argv;             /* worker command, argv[0] a path;
					  required */
	const char *config;            /* CONFIG payload for each worker */
	size_t config_len;
	double task_timeout;           /* seconds per task; 0: none */
	double start_timeout;          /* seconds to answer CONFIG; 0: see
					  above (60 s) */
	double kill_grace;             /* TERM to KILL; 0: 2 seconds */
	unsigned max_tasks_per_worker; /* 0: no limit */
	unsigned task_fds;             /* descriptors the caller holds for a
					  task in flight (fdbudget.h) */
	int forkserver;                /* start workers from a zygote
					  (forkserver.h); 0: posix_spawn */

	/*
	 * Required. Called whenever a worker could take a task: at start,
	 * after each task_done(), and after each wake-up while it last
	 * returned RP_POOL_WAIT. It returns 1 and sets *task (the caller's
	 * pointer, given back in task_done) and *payload and *len (a malloc'd
	 * TASK payload, which the pool frees); 0 when it has nothing to hand
	 * out (it may return tasks again later: retries from task_done); or
	 * RP_POOL_WAIT when it holds tasks back for now (a storage tier at
	 * its limit, outputs waiting for the commit thread), which keeps idle
	 * workers up instead of retiring them. The run does not end while it
	 * says RP_POOL_WAIT, even with no worker alive: something must wake
	 * the pool to ask again (a task's end, on_watch, on_tick).
	 * A task taken is always ended by task_done, even if it is never sent
	 * (an interrupted run).
	 */
	int (*next_task)(void *cookie, void **task, char **payload,
			 size_t *len);

	/*
	 * Optional. Called exactly once for every task next_task() handed
	 * out, when it ends in any way, with its result record; r->payload is
	 * only valid during the call. It may queue the task again (next_task
	 * will be asked).
	 */
	void (*task_done)(void *cookie, void *task,
			  const struct rp_pool_result *r);

	/* Optional. Each LOG frame of a worker, as it arrives. */
	void (*message)(void *cookie, int worker_id, const char *payload,
			size_t len);

	/* Optional. A worker accepted CONFIG: READY's payload, once per
	 * worker, before it gets a task. */
	void (*worker_ready)(void *cookie, int worker_id, const char *payload,
			     size_t len);

	/* Optional. A worker was reaped, with its wait status and resource
	 * usage (wait4); for a busy worker, before its task's task_done(). */
	void (*worker_exit)(void *cookie, int worker_id, pid_t pid,
			    int status, const struct rusage *usage);

	/* Optional. Called every `tick` seconds (0: 0.1 s) while the pool
	 * runs, the first time before any task is handed out (the progress
	 * bar, the I/O controller); the poll timeout includes the next tick.
	 */
	double tick;
	void (*on_tick)(void *cookie);

	/* Optional. When on_watch is set, the loop also polls watch_fd and
	 * calls on_watch when it is readable (the committer's wake-ups,
	 * commit.h); on_watch must drain what made it readable. */
	int watch_fd;
	void (*on_watch)(void *cookie);

	void *cookie;
};

enum rp_pool_status {
	RP_POOL_DONE = 0,
	RP_POOL_REFUSED,
	RP_POOL_START_FAILED,
	RP_POOL_INTERRUPTED,
};

struct rp_pool_outcome {
	int signo;
	unsigned workers_started;
	unsigned fewer_workers; /* > 0: ran with at most this many (EMFILE) */
	char error[2048];
};

enum rp_pool_status rp_pool_run(const struct rp_pool_options *o,
				struct rp_pool_outcome *outcome);

#endif
