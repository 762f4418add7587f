#include "tierqueue.h"
#include "vec.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

size_t rp_tierq_tier(struct rp_tierq *q, const char *name,
		     enum rp_tier_class cls, unsigned limit)
{
	for (size_t i = 0; i < q->nr; i++)
		if (!strcmp(q->tiers[i].name, name))
			return i;
	struct rp_tierq_tier *t = realloc(q->tiers, (q->nr + 1) * sizeof(*t));
	if (!t)
		return SIZE_MAX;
	q->tiers = t;
	t = &q->tiers[q->nr];
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->cls = cls;
	t->limit = limit ? limit : 1;
	return q->nr++;
}

int rp_tierq_add(struct rp_tierq *q, size_t tier, size_t task)
{
	struct rp_tierq_tier *t = &q->tiers[tier];
	if (t->head && t->tail == t->alloc) { /* reuse the popped front */
		memmove(t->q, t->q + t->head, (t->tail - t->head) * sizeof(*t->q));
		t->tail -= t->head;
		t->head = 0;
	}
	size_t *p = rp_vec_reserve(t->q, t->tail, &t->alloc, sizeof(*p), 64);
	if (!p)
		return -1;
	t->q = p;
	t->q[t->tail++] = task;
	q->queued++;
	return 0;
}

void rp_tierq_sort(struct rp_tierq *q,
		   int (*cmp)(const void *, const void *, void *), void *arg)
{
	for (size_t i = 0; i < q->nr; i++) {
		struct rp_tierq_tier *t = &q->tiers[i];
		if (t->tail - t->head > 1)
			qsort_r(t->q + t->head, t->tail - t->head, sizeof(*t->q),
				cmp, arg);
	}
}

int rp_tierq_pop(struct rp_tierq *q, size_t *task, size_t *tier)
{
	for (size_t k = 0; k < q->nr; k++) {
		size_t i = (q->next + k) % q->nr;
		struct rp_tierq_tier *t = &q->tiers[i];
		if (t->head == t->tail || t->inflight >= t->limit)
			continue;
		q->next = i + 1;
		q->queued--;
		t->inflight++;
		*task = t->q[t->head++];
		*tier = i;
		return 1;
	}
	return 0;
}

int rp_tierq_peek(const struct rp_tierq *q, size_t *task)
{
	for (size_t i = 0; i < q->nr; i++)
		if (q->tiers[i].head < q->tiers[i].tail) {
			*task = q->tiers[i].q[q->tiers[i].head];
			return 1;
		}
	return 0;
}

void rp_tierq_finished(struct rp_tierq *q, size_t tier)
{
	if (q->tiers[tier].inflight)
		q->tiers[tier].inflight--;
}

void rp_tierq_count(struct rp_tierq *q, size_t tier, long long bytes)
{
	q->tiers[tier].tasks++;
	q->tiers[tier].bytes += bytes > 0 ? bytes : 0;
}

struct json_object *rp_tierq_json(const struct rp_tierq *q, double seconds)
{
	struct json_object *a = json_object_new_array();
	for (size_t i = 0; i < q->nr; i++) {
		const struct rp_tierq_tier *t = &q->tiers[i];
		struct json_object *j = json_object_new_object();
		json_object_object_add(j, "tier", json_object_new_string(t->name));
		json_object_object_add(j, "class", json_object_new_string(
			rp_tier_class_name(t->cls)));
		json_object_object_add(j, "limit", json_object_new_int((int)t->limit));
		json_object_object_add(j, "tasks",
				       json_object_new_int64((long)t->tasks));
		json_object_object_add(j, "bytes", json_object_new_int64(t->bytes));
		json_object_object_add(j, "mb_per_second", json_object_new_double(
			seconds > 0 ? (double)t->bytes / 1e6 / seconds : 0));
		json_object_array_add(a, j);
	}
	return a;
}

void rp_tierq_release(struct rp_tierq *q)
{
	for (size_t i = 0; i < q->nr; i++)
		free(q->tiers[i].q);
	free(q->tiers);
	memset(q, 0, sizeof(*q));
}
