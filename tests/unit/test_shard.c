/* Sharding: every task in exactly one shard, the same partition every
 * time, balanced by cost; --shard and the schedulers' variables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "shard.h"

static void exact_deterministic_balanced(void **state)
{
	(void)state;
	static const size_t sizes[] = {0, 1, 2, 7, 63, 64, 65, 1000, 10000};
	long long *cost = malloc(10000 * sizeof(*cost));
	unsigned *a = malloc(10000 * sizeof(*a)), *b = malloc(10000 * sizeof(*b));
	srand(7);
	for (size_t i = 0; i < 10000; i++)
		cost[i] = 1 + rand() % 5000000;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(*sizes); s++) {
		size_t nr = sizes[s];
		for (unsigned n = 1; n <= 64; n++) {
			assert_int_equal(rp_shard_assign(cost, nr, n, a), 0);
			assert_int_equal(rp_shard_assign(cost, nr, n, b), 0);
			assert_memory_equal(a, b, nr * sizeof(*a));
			long long load[64] = {0}, max_cost = 0;
			size_t count[64] = {0};
			for (size_t i = 0; i < nr; i++) {
				assert_true(a[i] < n); /* in exactly one shard */
				load[a[i]] += cost[i];
				count[a[i]]++;
				max_cost = cost[i] > max_cost ? cost[i] : max_cost;
			}
			size_t total = 0;
			long long lo = load[0], hi = load[0];
			for (unsigned k = 0; k < n; k++) {
				total += count[k];
				lo = load[k] < lo ? load[k] : lo;
				hi = load[k] > hi ? load[k] : hi;
			}
			assert_int_equal(total, nr);
			assert_true(hi - lo <= max_cost);
		}
	}
	free(cost);
	free(a);
	free(b);
}

static void parse(void **state)
{
	(void)state;
	unsigned k, n;
	char err[128];
	assert_int_equal(rp_shard_parse("2/4", &k, &n, err, sizeof(err)), 0);
	assert_int_equal(k, 2);
	assert_int_equal(n, 4);
	const char *bad[] = {"4/4", "1", "/4", "1/", "-1/4", "1/0", "a/b", "1/4x"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_int_equal(rp_shard_parse(bad[i], &k, &n, err, sizeof(err)), -1);
}

static void from_environment(void **state)
{
	(void)state;
	unsigned k = 99, n = 99;
	char how[256];
	unsetenv("SLURM_ARRAY_TASK_ID");
	unsetenv("JOB_COMPLETION_INDEX");
	unsetenv("AWS_BATCH_JOB_ARRAY_INDEX");
	assert_int_equal(rp_shard_from_env(0, &k, &n, how, sizeof(how)), 0);
	setenv("SLURM_ARRAY_TASK_ID", "12", 1);
	setenv("SLURM_ARRAY_TASK_COUNT", "4", 1);
	setenv("SLURM_ARRAY_TASK_MIN", "10", 1);   /* --array=10-13 */
	assert_int_equal(rp_shard_from_env(0, &k, &n, how, sizeof(how)), 1);
	assert_int_equal(k, 2);
	assert_int_equal(n, 4);
	assert_non_null(strstr(how, "SLURM_ARRAY_TASK_ID=12"));
	setenv("SLURM_ARRAY_TASK_ID", "14", 1);
	assert_int_equal(rp_shard_from_env(0, &k, &n, how, sizeof(how)), -1);
	unsetenv("SLURM_ARRAY_TASK_ID");
	setenv("JOB_COMPLETION_INDEX", "3", 1);
	assert_int_equal(rp_shard_from_env(0, &k, &n, how, sizeof(how)), -1);
	assert_int_equal(rp_shard_from_env(5, &k, &n, how, sizeof(how)), 1);
	assert_int_equal(k, 3);
	assert_int_equal(n, 5);
	unsetenv("JOB_COMPLETION_INDEX");
	setenv("AWS_BATCH_JOB_ARRAY_INDEX", "0", 1);
	assert_int_equal(rp_shard_from_env(2, &k, &n, how, sizeof(how)), 1);
	assert_non_null(strstr(how, "AWS_BATCH_JOB_ARRAY_INDEX=0"));
	unsetenv("AWS_BATCH_JOB_ARRAY_INDEX");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_deterministic_balanced),
		cmocka_unit_test(parse),
		cmocka_unit_test(from_environment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
