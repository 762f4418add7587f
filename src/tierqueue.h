/*
 * tierqueue: the tasks waiting to run, one queue per storage tier (tier.h),
 * handed out in turn so that one slow tier does not starve the others, each
 * tier up to its limit of tasks in flight.
 *
 *   struct rp_tierq q = {0};
 *   i = rp_tierq_tier(&q, name, cls, limit);     find or add a tier
 *   rp_tierq_add(&q, i, task);                   queue a task (an index)
 *   rp_tierq_sort(&q, cmp, arg);                 order each queue
 *   while (rp_tierq_pop(&q, &task, &i)) ...      next task, in turn
 *   rp_tierq_finished(&q, i);                    one of i's tasks ended
 *   rp_tierq_count(&q, i, bytes);                for the report
 *   json = rp_tierq_json(&q, seconds);           per tier: tasks, MB/s
 *   rp_tierq_release(&q);
 *
 * Tasks are the caller's indices; the queue never looks at them. A task
 * may be added again after it was popped (a retry): it goes to the back.
 * Functions that allocate return -1 (or SIZE_MAX) when out of memory and
 * leave the queue as it was. The struct is valid when zeroed.
 */
#ifndef RP_TIERQUEUE_H
#define RP_TIERQUEUE_H

#include <stddef.h>

#include "tier.h"

struct json_object;

struct rp_tierq_tier {
	char name[128];
	enum rp_tier_class cls;
	unsigned limit;     /* tasks in flight at most */
	unsigned inflight;
	size_t *q;          /* q[head..tail) wait */
	size_t head, tail, alloc;
	size_t tasks;       /* ended, for the report */
	long long bytes;
};

struct rp_tierq {
	struct rp_tierq_tier *tiers;
	size_t nr;
	size_t next;   /* the tier whose turn it is */
	size_t queued; /* in all queues */
};

size_t rp_tierq_tier(struct rp_tierq *q, const char *name,
		     enum rp_tier_class cls, unsigned limit);
int rp_tierq_add(struct rp_tierq *q, size_t tier, size_t task);
void rp_tierq_sort(struct rp_tierq *q,
		   int (*cmp)(const void *, const void *, void *), void *arg);

/* 1 with the next task and its tier, or 0 when every tier with waiting
 * tasks is at its limit (or nothing waits). */
int rp_tierq_pop(struct rp_tierq *q, size_t *task, size_t *tier);

/* The task the next pop would hand out if no tier were at its limit: the
 * first waiting one, in tier order; 0 when nothing waits. */
int rp_tierq_peek(const struct rp_tierq *q, size_t *task);

void rp_tierq_finished(struct rp_tierq *q, size_t tier);
void rp_tierq_count(struct rp_tierq *q, size_t tier, long long bytes);

/* [{tier, class, limit, tasks, bytes, mb_per_second}], new reference. */
struct json_object *rp_tierq_json(const struct rp_tierq *q, double seconds);

void rp_tierq_release(struct rp_tierq *q);

#endif
