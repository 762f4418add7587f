#include "selection.h"

#include <stdio.h>
#include <stdlib.h>

#include "plan.h"
#include "shard.h"

/* Which part of N each item of the plan belongs to; NULL when out of
 * memory. */
static unsigned *shard_plan(const struct rp_plan *plan, unsigned n)
{
	size_t nr = plan->nr ? plan->nr : 1;
	long long *cost = malloc(nr * sizeof(*cost));
	unsigned *shard_of = malloc(nr * sizeof(*shard_of));
	for (size_t i = 0; cost && i < plan->nr; i++)
		cost[i] = plan->items[i].cost;
	if (!cost || !shard_of ||
	    rp_shard_assign(cost, plan->nr, n, shard_of) < 0) {
		free(shard_of);
		shard_of = NULL;
	}
	free(cost);
	return shard_of;
}

static int selected(const struct rp_selection_options *o, enum rp_resume r)
{
	return !o->retry_failed || r == RP_RESUME_FAILED || r == RP_RESUME_DONE;
}

int rp_selection_make(const struct rp_plan *plan,
		      const struct rp_selection_options *o,
		      struct rp_selected *out, char *err, size_t errlen)
{
	struct rp_journal_index ix = {0};
	unsigned *shard_of = NULL;
	if (!o->overwrite && rp_journal_load(&ix, o->journal, err, errlen) < 0)
		return -1;
	if (o->shard_n && !(shard_of = shard_plan(plan, o->shard_n))) {
		snprintf(err, errlen, "out of memory");
		rp_journal_index_release(&ix);
		return -1;
	}
	for (size_t i = 0; i < plan->nr; i++) {
		const struct rp_plan_item *it = &plan->items[i];
		struct rp_selected *s = &out[i];
		const struct rp_journal_entry *e = rp_journal_find(&ix, it->input);
		s->resume = rp_journal_decide(e, it->output, o->options_key,
					      it->size, it->mtime_ns);
		if (s->resume == RP_RESUME_VERIFY && o->retry_failed)
			s->resume = RP_RESUME_DONE; /* no failure to retry */
		if (s->resume == RP_RESUME_VERIFY) {
			s->was_size = e->input_size;
			s->was_mtime_ns = e->input_mtime_ns;
			s->was_output_size = e->bytes_out;
		}
		s->other_shard = shard_of && shard_of[i] != o->shard_k;
		s->selected = !s->other_shard && selected(o, s->resume);
	}
	free(shard_of);
	rp_journal_index_release(&ix);
	return 0;
}

const char *rp_selection_action(const struct rp_plan_item *it,
				const struct rp_selected *s)
{
	if (!s->selected)
		return "leave";
	if (it->error)
		return "fail";
	return s->resume == RP_RESUME_DONE ? "skip" : "run";
}

const char *rp_selection_why(const struct rp_plan_item *it,
			     const struct rp_selected *s)
{
	if (it->error)
		return it->error;
	if (s->other_shard)
		return "another shard's";
	if (!s->selected)
		return "did not fail before";
	return rp_resume_reason(s->resume);
}
