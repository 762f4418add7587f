#include "tail.h"

#include <stdlib.h>

unsigned rp_tail_threads(size_t queued, unsigned busy, unsigned target)
{
	if (queued || busy >= target)
		return 1;
	return target - busy;
}

void rp_tail_learn(struct rp_tail *t, double seconds, long long bytes)
{
	if (bytes <= 0 || seconds < 0)
		return;
	t->rate_seconds += seconds;
	t->rate_bytes += (double)bytes;
}

double rp_tail_predict(const struct rp_tail *t, long long bytes, unsigned k)
{
	if (t->rate_bytes <= 0 || bytes <= 0 || !k)
		return -1;
	return (double)bytes * t->rate_seconds / t->rate_bytes *
	       (0.33 + 0.67 / k);
}

static int by_value(const void *x, const void *y)
{
	double a = *(const double *)x, c = *(const double *)y;
	return a < c ? -1 : a > c;
}

/* Seconds from now until each busy task is predicted to end, sorted. */
static unsigned predicted_ends(const struct rp_tail *t,
			       const struct rp_tail_state *s, double *ends)
{
	unsigned n = 0;
	for (unsigned i = 0; i < s->nr_busy; i++) {
		const struct rp_tail_busy *u = &s->busy[i];
		double d = rp_tail_predict(t, u->bytes, u->threads);
		if (d >= 0)
			ends[n++] = u->started + d - s->now > 0
				? u->started + d - s->now : 0;
	}
	qsort(ends, n, sizeof(*ends), by_value);
	return n;
}

static void decide(struct rp_tail *t, const struct rp_tail_state *s)
{
	unsigned free = s->target - s->nr_busy;
	double now_best = rp_tail_predict(t, s->last_bytes, free);
	double best = now_best, then_alone = 0, ends[RP_TAIL_MAX_BUSY];
	t->decided_for = s->last + 1;
	t->decided_attempt = s->last_attempt;
	t->hold_until = 0;
	if (now_best < 0 || s->nr_busy > RP_TAIL_MAX_BUSY)
		return;
	unsigned n = predicted_ends(t, s, ends), wait_for = 0;
	for (unsigned j = 1; j <= n; j++) {
		unsigned k = free + j < s->target ? free + j : s->target;
		double alone = rp_tail_predict(t, s->last_bytes, k);
		double f = ends[j - 1] + alone;
		if (f < best && f < now_best * 0.9 && now_best - f > 0.05) {
			best = f;
			wait_for = j;
			then_alone = alone;
		}
	}
	if (!wait_for)
		return;
	t->hold_busy = s->nr_busy - wait_for;
	t->hold_until = s->now + now_best - then_alone;
}

int rp_tail_hold(struct rp_tail *t, const struct rp_tail_state *s)
{
	if (s->queued != 1 || !s->nr_busy || s->nr_busy >= s->target ||
	    s->target < 2)
		return 0;
	if (t->decided_for != s->last + 1 ||
	    t->decided_attempt != s->last_attempt)
		decide(t, s);
	if (t->hold_until <= 0)
		return 0;
	if (s->nr_busy > t->hold_busy && s->now < t->hold_until)
		return 1;
	t->hold_until = 0;
	return 0;
}
