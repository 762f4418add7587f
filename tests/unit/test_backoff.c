/* backoff: the delays between start attempts and when to give up. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "backoff.h"

static void delays_double_from_zero(void **state)
{
	(void)state;
	const double want[] = {0, 0.1, 0.2, 0.4, 0.8};
	for (unsigned n = 1; n <= 5; n++) {
		double d = -1;
		assert_int_equal(rp_backoff_next(n, &d), 0);
		assert_true(d > want[n - 1] - 1e-9 && d < want[n - 1] + 1e-9);
	}
}

static void gives_up_after_max_failures(void **state)
{
	(void)state;
	double d = 0;
	assert_int_equal(rp_backoff_next(RP_BACKOFF_MAX_FAILURES - 1, &d), 0);
	assert_int_equal(rp_backoff_next(RP_BACKOFF_MAX_FAILURES, &d), -1);
	assert_int_equal(rp_backoff_next(1000, &d), -1);
}

static void never_past_the_cap(void **state)
{
	(void)state;
	double total = 0;
	for (unsigned n = 1; n < RP_BACKOFF_MAX_FAILURES; n++) {
		double d;
		assert_int_equal(rp_backoff_next(n, &d), 0);
		assert_true(d >= 0 && d <= RP_BACKOFF_CAP);
		total += d;
	}
	/* bounded: a worker that cannot start stops the run soon */
	assert_true(total <= RP_BACKOFF_CAP * RP_BACKOFF_MAX_FAILURES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(delays_double_from_zero),
		cmocka_unit_test(gives_up_after_max_failures),
		cmocka_unit_test(never_past_the_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
