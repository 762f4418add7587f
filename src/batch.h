/*
 * batch: one run of the warp operation over a plan, on the pool. It owns the
 * policy the pool leaves to its caller: which inputs an earlier run already
 * did (the journal, resume), what a task's TASK frame says, where its
 * temporary output goes, how each ending is logged (in the seed's words:
 * "Completed: OUT", "Failed IN: reason"), journaled and counted for the
 * report and the progress bar, which failures are retried (a crash, a
 * timeout, a broken stream; never a GDAL error, which would only fail
 * again), and cleaning up after a worker that died mid-task.
 *
 *   struct rp_batch_outcome out;
 *   rp_batch_run(&cli, &plan, worker_path, &log, &out);
 *   exit code from out.status, out.ok, ...  (main decides)
 * or, for --dry-run, rp_batch_dry_run(&cli, &plan, &log): prints the plan
 * and what resume would skip, starts nothing, writes nothing.
 *
 * Plan items that carry an error are reported as failed without running.
 * The CONFIG every worker receives holds gdalwarp's own arguments for the
 * options (rp_cli_gdal_args, gdalargs.h), so that a worker's output is what gdalwarp
 * writes with the same arguments; their text is the journal's options key.
 */
#ifndef RP_BATCH_H
#define RP_BATCH_H

#include <stddef.h>

#include "pool.h"

struct rp_cli;
struct rp_plan;
struct rp_log;

struct rp_batch_outcome {
	enum rp_pool_status status;
	struct rp_pool_outcome pool;
	size_t total;    /* inputs this run is about (not --retry-failed's others) */
	size_t ok;       /* done now, or skipped as done before */
	size_t skipped;
	size_t failed;
	size_t not_done; /* interrupted before they finished */
	unsigned workers;
	char error[4096 + 256]; /* journal or report trouble (exit 3) */
};

/* Returns 0, or -1 when the run could not start (out->error says why). */
int rp_batch_run(const struct rp_cli *cli, const struct rp_plan *plan,
		 const char *worker_path, struct rp_log *log,
		 struct rp_batch_outcome *out);
int rp_batch_dry_run(const struct rp_cli *cli, const struct rp_plan *plan,
		     char *err, size_t errlen);

#endif
