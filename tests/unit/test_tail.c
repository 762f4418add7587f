/* The tail policy on recorded scenarios: the clock is an argument. Times
 * and sizes below are those of the bench's 'three' shape scaled down: one
 * byte takes one second on one thread. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tail.h"

/* Two workers; A and B started at `b_started` and 0 on 10-byte inputs, A
 * ended at 10 s (learnt); C (10 bytes) is the last task to hand out. */
static struct rp_tail_state three_equal(struct rp_tail *t,
					struct rp_tail_busy *b,
					double b_started, double now)
{
	rp_tail_learn(t, 10, 10);
	b->started = b_started;
	b->bytes = 10;
	b->threads = 1;
	struct rp_tail_state s = {.now = now, .queued = 1, .last = 2,
				  .last_bytes = 10, .target = 2, .busy = b,
				  .nr_busy = 1};
	return s;
}

static void threads_only_for_the_last_task(void **state)
{
	(void)state;
	assert_int_equal(rp_tail_threads(5, 0, 4), 1); /* others wait */
	assert_int_equal(rp_tail_threads(0, 1, 4), 3); /* the free cores */
	assert_int_equal(rp_tail_threads(0, 0, 2), 2);
	assert_int_equal(rp_tail_threads(0, 4, 4), 1); /* never 0, never over */
	assert_int_equal(rp_tail_threads(0, 6, 4), 1);
}

static void prediction(void **state)
{
	(void)state;
	struct rp_tail t = {0};
	assert_true(rp_tail_predict(&t, 10, 1) < 0); /* nothing known */
	rp_tail_learn(&t, 4, 2);
	rp_tail_learn(&t, 6, 0);   /* size unknown: not learnt */
	rp_tail_learn(&t, 16, 8);
	assert_float_equal(rp_tail_predict(&t, 10, 1), 20, 1e-9);
	assert_float_equal(rp_tail_predict(&t, 10, 2), 20 * 0.665, 1e-9);
}

/* B ends when A does: wait for it and run C on both cores. */
static void equal_tasks_ending_together(void **state)
{
	(void)state;
	struct rp_tail t = {0};
	struct rp_tail_busy b;
	struct rp_tail_state s = three_equal(&t, &b, 0, 10);
	assert_int_equal(rp_tail_hold(&t, &s), 1);
	/* the deadline: now + 10 s alone - 6.65 s on two threads */
	assert_float_equal(t.hold_until, 10 + 10 - 6.65, 1e-9);
	s.now = 10.4;
	assert_int_equal(rp_tail_hold(&t, &s), 1);
	s.nr_busy = 0; /* B ended: C goes, on two threads */
	assert_int_equal(rp_tail_hold(&t, &s), 0);
	assert_int_equal(rp_tail_threads(0, 0, 2), 2);
}

/* B started 5 s after A: it ends 5 s from now; waiting would end later
 * (5 + 6.65) than starting now on one core (10): go now. */
static void tasks_ending_apart(void **state)
{
	(void)state;
	struct rp_tail t = {0};
	struct rp_tail_busy b;
	struct rp_tail_state s = three_equal(&t, &b, 5, 10);
	assert_int_equal(rp_tail_hold(&t, &s), 0);
	s.now = 10.5; /* decided once: still no */
	assert_int_equal(rp_tail_hold(&t, &s), 0);
}

/* B was predicted to end at once but runs on: at the deadline C goes on
 * the free core, and is not held again. */
static void misprediction_past_the_deadline(void **state)
{
	(void)state;
	struct rp_tail t = {0};
	struct rp_tail_busy b;
	struct rp_tail_state s = three_equal(&t, &b, 0, 10);
	assert_int_equal(rp_tail_hold(&t, &s), 1);
	s.now = 13.34;
	assert_int_equal(rp_tail_hold(&t, &s), 1);
	s.now = 13.36;
	assert_int_equal(rp_tail_hold(&t, &s), 0);
	s.now = 13.0;
	assert_int_equal(rp_tail_hold(&t, &s), 0);
}

/* C went out after a hold, crashed, and is queued again (attempt 2) while
 * B' runs: that is a new decision, not the old expired one. */
static void retry_makes_a_task_last_again(void **state)
{
	(void)state;
	struct rp_tail t = {0};
	struct rp_tail_busy b;
	struct rp_tail_state s = three_equal(&t, &b, 0, 10);
	assert_int_equal(rp_tail_hold(&t, &s), 1);
	s.nr_busy = 0;
	assert_int_equal(rp_tail_hold(&t, &s), 0);
	/* later: C is back, another task (started at 20) is busy */
	b.started = 20;
	s.now = 30;
	s.nr_busy = 1;
	s.last_attempt = 1;
	assert_int_equal(rp_tail_hold(&t, &s), 1);
	assert_float_equal(t.hold_until, 30 + 10 - 6.65, 1e-9);
}

/* No hold without a prediction, with every core busy, with one worker,
 * or with more than one task waiting. */
static void no_hold_outside_the_tail(void **state)
{
	(void)state;
	struct rp_tail t = {0};
	struct rp_tail_busy b = {0, 10, 1};
	struct rp_tail_state s = {.now = 10, .queued = 1, .last_bytes = 10,
				  .target = 2, .busy = &b, .nr_busy = 1};
	assert_int_equal(rp_tail_hold(&t, &s), 0); /* nothing learnt */
	rp_tail_learn(&t, 10, 10);
	s.queued = 2;
	assert_int_equal(rp_tail_hold(&t, &s), 0);
	s.queued = 1;
	s.target = 1;
	assert_int_equal(rp_tail_hold(&t, &s), 0);
	s.target = 2;
	s.nr_busy = 2;
	assert_int_equal(rp_tail_hold(&t, &s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(threads_only_for_the_last_task),
		cmocka_unit_test(prediction),
		cmocka_unit_test(equal_tasks_ending_together),
		cmocka_unit_test(tasks_ending_apart),
		cmocka_unit_test(misprediction_past_the_deadline),
		cmocka_unit_test(retry_makes_a_task_last_again),
		cmocka_unit_test(no_hold_outside_the_tail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
