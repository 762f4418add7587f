/*
 * tail: the end of a batch, where cores would sit idle. Two decisions,
 * both pure functions of what the caller passes in (the clock included),
 * so that they are tested on recorded scenarios (tests/unit/test_tail.c):
 *
 *   rp_tail_threads(): how many GDAL threads a task gets. One while other
 *   tasks wait; the last task to hand out gets the cores no busy task uses,
 *   so that the batch does not end on one core. Busy threads never exceed
 *   the target (--workers, or the --workers auto controller's figure).
 *
 *   rp_tail_hold(): whether the last task waits for busy cores predicted to
 *   free soon, to start on more threads. Decided once per last task and
 *   attempt (a retry that makes a task last again is decided anew): start now on the
 *   free cores, or wait for the j busy tasks predicted to end first and
 *   start on their cores too, whichever is predicted to end sooner (by 10%
 *   and 50 ms at least). Waiting has a deadline in case the prediction is
 *   wrong: as long as the busy tasks end before it, waiting ends no later
 *   than starting at once would have (now + the task's time on the free
 *   cores - its time on all the cores it waits for). The thread budget
 *   holds: the task starts only on cores that are free.
 *
 * Predictions come from the one-thread tasks done so far (rp_tail_learn):
 * seconds per input byte, two threads ~1.5x faster than one (measured on a
 * 6000x6000 warp). Nothing is held while nothing is known.
 *
 *   struct rp_tail t = {0};
 *   rp_tail_learn(&t, seconds, bytes)              after each 1-thread task
 *   if (rp_tail_hold(&t, &now_state)) wait;        before handing out
 *   threads = rp_tail_threads(queued, busy, target)
 */
#ifndef RP_TAIL_H
#define RP_TAIL_H

#include <stddef.h>

#define RP_TAIL_MAX_BUSY 256

struct rp_tail {
	double rate_seconds, rate_bytes; /* one-thread tasks so far */
	size_t decided_for;              /* the last task decided, + 1, */
	unsigned decided_attempt;        /* and its attempt */
	unsigned hold_busy;              /* wait while more are busy... */
	double hold_until;               /* ...until then; 0: no hold */
};

/* A task in flight: when it started (the caller's clock), its input's
 * bytes and its threads. */
struct rp_tail_busy {
	double started;
	long long bytes;
	unsigned threads;
};

/* What the caller knows when a core could take the last task. */
struct rp_tail_state {
	double now;
	size_t queued;     /* tasks waiting */
	size_t last;       /* the waiting task, when queued == 1, */
	unsigned last_attempt; /* and how many times it ran before */
	long long last_bytes;
	unsigned target;   /* tasks (cores) at once */
	const struct rp_tail_busy *busy;
	unsigned nr_busy;
};

unsigned rp_tail_threads(size_t queued, unsigned busy, unsigned target);
void rp_tail_learn(struct rp_tail *t, double seconds, long long bytes);

/* Predicted seconds of a task of `bytes` on k threads; -1 while unknown. */
double rp_tail_predict(const struct rp_tail *t, long long bytes, unsigned k);

/* 1: hold the last task back for now. */
int rp_tail_hold(struct rp_tail *t, const struct rp_tail_state *s);

#endif
