/* The per-tier queue: turns, limits, retries, order, the report's JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include <json.h>

#include "tierqueue.h"

static size_t next(struct rp_tierq *q)
{
	size_t task, tier;
	return rp_tierq_pop(q, &task, &tier) ? task : SIZE_MAX;
}

/* Tiers take turns, each up to its limit; a full tier does not block. */
static void tiers_take_turns_within_limits(void **state)
{
	(void)state;
	struct rp_tierq q = {0};
	size_t disk = rp_tierq_tier(&q, "local:8:0", RP_TIER_LOCAL, 8);
	size_t web = rp_tierq_tier(&q, "http:h", RP_TIER_REMOTE, 1);
	assert_int_equal(rp_tierq_tier(&q, "local:8:0", RP_TIER_LOCAL, 2), disk);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(rp_tierq_add(&q, disk, i), 0);
		assert_int_equal(rp_tierq_add(&q, web, 10 + i), 0);
	}
	assert_int_equal(q.queued, 6);
	assert_int_equal(next(&q), 0);
	assert_int_equal(next(&q), 10);
	assert_int_equal(next(&q), 1);  /* http is at its limit of 1 */
	assert_int_equal(next(&q), 2);
	assert_int_equal(next(&q), SIZE_MAX);
	size_t task;
	assert_int_equal(rp_tierq_peek(&q, &task), 1);
	assert_int_equal(task, 11);
	rp_tierq_finished(&q, web);
	assert_int_equal(next(&q), 11);
	assert_int_equal(q.queued, 1);
	rp_tierq_release(&q);
}

/* A retried task goes to the back, even once the array is full. */
static void retries_queue_again(void **state)
{
	(void)state;
	struct rp_tierq q = {0};
	size_t t = rp_tierq_tier(&q, "local:8:0", RP_TIER_LOCAL, 1000);
	for (size_t i = 0; i < 64; i++)
		assert_int_equal(rp_tierq_add(&q, t, i), 0);
	for (size_t i = 0; i < 64; i++)
		assert_int_equal(next(&q), i);
	for (size_t i = 0; i < 200; i++)
		assert_int_equal(rp_tierq_add(&q, t, 1000 + i), 0);
	for (size_t i = 0; i < 200; i++)
		assert_int_equal(next(&q), 1000 + i);
	assert_int_equal(next(&q), SIZE_MAX);
	rp_tierq_release(&q);
}

static int descending(const void *x, const void *y, void *arg)
{
	(void)arg;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return a > b ? -1 : a < b;
}

static void sorted_within_each_tier(void **state)
{
	(void)state;
	struct rp_tierq q = {0};
	size_t t = rp_tierq_tier(&q, "local:8:0", RP_TIER_LOCAL, 4);
	size_t order[] = {3, 9, 1, 7};
	for (size_t i = 0; i < 4; i++)
		rp_tierq_add(&q, t, order[i]);
	rp_tierq_sort(&q, descending, NULL);
	assert_int_equal(next(&q), 9);
	assert_int_equal(next(&q), 7);
	assert_int_equal(next(&q), 3);
	rp_tierq_release(&q);
}

static void report_json(void **state)
{
	(void)state;
	struct rp_tierq q = {0};
	size_t t = rp_tierq_tier(&q, "s3:bucket", RP_TIER_REMOTE, 4);
	rp_tierq_count(&q, t, 3000000);
	rp_tierq_count(&q, t, -1); /* unknown size adds nothing */
	struct json_object *a = rp_tierq_json(&q, 2.0);
	assert_string_equal(json_object_to_json_string_ext(
				    a, JSON_C_TO_STRING_PLAIN),
		"[{\"tier\":\"s3:bucket\",\"class\":\"remote\",\"limit\":4,"
		"\"tasks\":2,\"bytes\":3000000,\"mb_per_second\":1.5}]");
	json_object_put(a);
	rp_tierq_release(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tiers_take_turns_within_limits),
		cmocka_unit_test(retries_queue_again),
		cmocka_unit_test(sorted_within_each_tier),
		cmocka_unit_test(report_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
