/*
 * commit: makes finished outputs durable and visible (atomic.h's commit)
 * on a thread of its own, so that a worker never waits for a disk flush.
 *
 * A worker closes its output in its private directory (atomic.h) and
 * reports it; the supervisor hands the pair (private directory, final name)
 * to the committer and the
 * worker takes its next task at once. The commit thread takes every job
 * waiting, makes their data durable (one syncfs per filesystem), renames
 * each (rp_atomic_publish), then fsyncs each directory concerned once
 * (rp_atomic_sync_dir); only then is a job done:
 * its output is durable under its final name, and the caller may journal it.
 *
 * Calling sequence (all calls from one thread, the supervisor's):
 *   struct rp_committer *c = rp_committer_new();   NULL: out of memory
 *   poll rp_committer_fd(c) for POLLIN; then
 *   rp_committer_submit(c, cookie, &temp, final)   takes temp over (it is
 *                                  left to the caller on failure); final is
 *                                  copied
 *   job = rp_committer_take(c, 0)  finished jobs, a list in submission order;
 *                                  with wait=1, waits for every job first
 *   rp_commit_job_free(job)        frees the list
 *   rp_committer_free(c)           waits for the jobs still running
 *
 * A failed job has rc < 0 (-errno) and the operating system's message in
 * error; its private directory is removed already. When the
 * thread cannot be started, jobs are committed inside submit, the same way.
 * The thread blocks every signal: they stay with the supervisor's loop.
 */
#ifndef RP_COMMIT_H
#define RP_COMMIT_H

#include "atomic.h"

struct rp_commit_job {
	struct rp_commit_job *next;
	void *cookie;       /* the caller's, given to submit */
	struct rp_atomic_tmp temp; /* ended by the commit */
	char *final;
	int rc;             /* 0, or -errno */
	double seconds;     /* fsync and rename, plus its share of the
			       directory's fsync */
	char error[1024];
	int dir_synced;     /* the commit thread's own */
};

struct rp_committer;

struct rp_committer *rp_committer_new(void);
int rp_committer_fd(const struct rp_committer *c);
int rp_committer_submit(struct rp_committer *c, void *cookie,
			struct rp_atomic_tmp *temp, const char *final);
struct rp_commit_job *rp_committer_take(struct rp_committer *c, int wait);
void rp_commit_job_free(struct rp_commit_job *job);
void rp_committer_free(struct rp_committer *c);

#endif
