/* fdbudget: workers that fit in the descriptor limit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <unistd.h>

#include "fdbudget.h"

static void all_fit(void **state)
{
	(void)state;
	assert_int_equal(rp_fd_budget_workers(30, 1024, 10, 3, 8), 30);
}

static void as_many_as_fit(void **state)
{
	(void)state;
	/* 24 - 7 open - 8 headroom = 9 left, 3 each */
	assert_int_equal(rp_fd_budget_workers(30, 24, 7, 3, 8), 3);
	assert_int_equal(rp_fd_budget_workers(30, 26, 7, 3, 8), 3);
	assert_int_equal(rp_fd_budget_workers(30, 27, 7, 3, 8), 4);
}

static void never_none(void **state)
{
	(void)state;
	assert_int_equal(rp_fd_budget_workers(30, 10, 9, 3, 8), 1);
	assert_int_equal(rp_fd_budget_workers(30, 5, 9, 3, 8), 1);
	assert_int_equal(rp_fd_budget_workers(4, 100, 9, 0, 8), 4);
}

static void usage_counts_descriptors(void **state)
{
	(void)state;
	unsigned long before, after, limit;
	assert_int_equal(rp_fd_usage(&before, &limit), 0);
	int fd = open("/dev/null", O_RDONLY);
	assert_int_equal(rp_fd_usage(&after, &limit), 0);
	close(fd);
	assert_int_equal(after, before + 1);
	assert_true(limit >= after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_fit),
		cmocka_unit_test(as_many_as_fit),
		cmocka_unit_test(never_none),
		cmocka_unit_test(usage_counts_descriptors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
