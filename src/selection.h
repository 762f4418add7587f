/*
 * selection: which inputs of a plan this run does, and why not the others.
 * Shared by a run (batch.c) and --dry-run, so that the dry run says exactly
 * what the run would do.
 *
 * An input is this run's unless another shard has it (--shard K/N: the
 * plan's cost-balanced partition, shard.h) or --retry-failed leaves it out
 * (its latest attempt did not fail). Of this run's inputs, resume (the
 * journal of earlier runs, journal.h) skips those done with the same
 * options, input and output; --overwrite ignores the journal.
 *
 *   struct rp_selection_options o = {.journal = path, .options_key = key};
 *   struct rp_selected *s = calloc(plan->nr, sizeof(*s));
 *   if (rp_selection_make(plan, &o, s, err, sizeof(err)) < 0) ... err
 *   s[i].selected, s[i].resume, rp_selection_why(&plan->items[i], &s[i])
 *
 * Returns 0, or -1 with a message in err (the journal cannot be read, or
 * out of memory). Reads the journal; writes nothing.
 */
#ifndef RP_SELECTION_H
#define RP_SELECTION_H

#include <stddef.h>

#include "journal.h"

struct rp_plan;
struct rp_plan_item;

struct rp_selection_options {
	const char *journal;     /* earlier runs' journal */
	const char *options_key; /* this run's (rp_journal_options_key) */
	int overwrite;           /* ignore the journal */
	int retry_failed;        /* only inputs whose latest attempt failed */
	unsigned shard_k, shard_n; /* this run's part (shard_n 0: all) */
};

struct rp_selected {
	enum rp_resume resume; /* what the journal says of it */
	/* RP_RESUME_VERIFY: the journal's input size and mtime and output
	 * size, for the worker to compare (docs/REMOTE.md) */
	long long was_size, was_mtime_ns, was_output_size;
	int selected;          /* this run is about it */
	int other_shard;       /* another shard's */
};

int rp_selection_make(const struct rp_plan *plan,
		      const struct rp_selection_options *o,
		      struct rp_selected *out, char *err, size_t errlen);

/* What a run does with an input: "run", "skip", "fail" (the plan item is
 * unusable) or "leave" (not this run's), and why, in words. */
const char *rp_selection_action(const struct rp_plan_item *it,
				const struct rp_selected *s);
const char *rp_selection_why(const struct rp_plan_item *it,
			     const struct rp_selected *s);

#endif
