/* What a run does of each input: resume, --retry-failed, shards. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "journal.h"
#include "plan.h"
#include "selection.h"

#include "tmpdir.h"

static char journal_path[128], out_a[128], out_b[128];
static struct rp_plan_item items[3];
static const struct rp_plan plan = {items, 3, 3};

/* a done (its output in place), b failed, c never ran. */
static void earlier_run(void)
{
	snprintf(journal_path, sizeof(journal_path), "%s/j.jsonl", dir);
	snprintf(out_a, sizeof(out_a), "%s/a_out", dir);
	snprintf(out_b, sizeof(out_b), "%s/b_out", dir);
	FILE *f = fopen(out_a, "w");
	fputs("12345", f);
	fclose(f);
	char *names[3][2] = {{"in/a", out_a}, {"in/b", out_b}, {"in/c", "x"}};
	for (size_t i = 0; i < 3; i++)
		items[i] = (struct rp_plan_item){names[i][0], names[i][1], NULL,
						 10, 99, 10 + (long long)i};
	struct rp_journal j;
	rp_journal_init(&j, journal_path);
	const char *status[] = {"ok", "failed"};
	for (size_t i = 0; i < 2; i++) {
		struct rp_journal_record r = {
			.input = items[i].input, .output = items[i].output,
			.status = status[i], .options = "k1",
			.bytes_out = i ? 0 : 5, .input_size = 10,
			.input_mtime_ns = 99, .attempts = 1};
		char err[256];
		assert_int_equal(rp_journal_append(&j, &r, err, sizeof(err)), 0);
	}
	rp_journal_close(&j);
}

static void resume_skips_what_is_done(void **state)
{
	(void)state;
	earlier_run();
	struct rp_selection_options o = {.journal = journal_path,
					 .options_key = "k1"};
	struct rp_selected s[3];
	char err[256];
	assert_int_equal(rp_selection_make(&plan, &o, s, err, sizeof(err)), 0);
	assert_string_equal(rp_selection_action(&items[0], &s[0]), "skip");
	assert_string_equal(rp_selection_action(&items[1], &s[1]), "run");
	assert_string_equal(rp_selection_why(&items[1], &s[1]),
			    rp_resume_reason(RP_RESUME_FAILED));
	assert_string_equal(rp_selection_action(&items[2], &s[2]), "run");
	o.options_key = "k2"; /* other options: everything again */
	assert_int_equal(rp_selection_make(&plan, &o, s, err, sizeof(err)), 0);
	assert_string_equal(rp_selection_action(&items[0], &s[0]), "run");
	o.options_key = "k1";
	o.overwrite = 1;
	assert_int_equal(rp_selection_make(&plan, &o, s, err, sizeof(err)), 0);
	assert_string_equal(rp_selection_action(&items[0], &s[0]), "run");
}

static void retry_failed_leaves_out_the_rest(void **state)
{
	(void)state;
	earlier_run();
	struct rp_selection_options o = {.journal = journal_path,
					 .options_key = "k1",
					 .retry_failed = 1};
	struct rp_selected s[3];
	char err[256];
	assert_int_equal(rp_selection_make(&plan, &o, s, err, sizeof(err)), 0);
	assert_string_equal(rp_selection_action(&items[0], &s[0]), "skip");
	assert_string_equal(rp_selection_action(&items[1], &s[1]), "run");
	assert_string_equal(rp_selection_action(&items[2], &s[2]), "leave");
	assert_string_equal(rp_selection_why(&items[2], &s[2]),
			    "did not fail before");
}

/* Every input is exactly one shard's, and a shard leaves the others'. */
static void shards_partition_the_plan(void **state)
{
	(void)state;
	earlier_run();
	struct rp_selection_options o = {.journal = journal_path,
					 .options_key = "k1", .shard_n = 2};
	struct rp_selected s0[3], s1[3];
	char err[256];
	o.shard_k = 0;
	assert_int_equal(rp_selection_make(&plan, &o, s0, err, sizeof(err)), 0);
	o.shard_k = 1;
	assert_int_equal(rp_selection_make(&plan, &o, s1, err, sizeof(err)), 0);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(s0[i].other_shard + s1[i].other_shard, 1);
		const struct rp_selected *mine = s0[i].other_shard ? s1 : s0;
		const struct rp_selected *other = s0[i].other_shard ? s0 : s1;
		assert_true(mine[i].selected);
		assert_false(other[i].selected);
		assert_string_equal(rp_selection_why(&items[i], &other[i]),
				    "another shard's");
	}
}

static void unusable_items_fail(void **state)
{
	(void)state;
	earlier_run();
	items[2].error = "no usable name";
	struct rp_selection_options o = {.journal = journal_path,
					 .options_key = "k1"};
	struct rp_selected s[3];
	char err[256];
	assert_int_equal(rp_selection_make(&plan, &o, s, err, sizeof(err)), 0);
	assert_string_equal(rp_selection_action(&items[2], &s[2]), "fail");
	assert_string_equal(rp_selection_why(&items[2], &s[2]), "no usable name");
	items[2].error = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(resume_skips_what_is_done,
						setup, teardown),
		cmocka_unit_test_setup_teardown(retry_failed_leaves_out_the_rest,
						setup, teardown),
		cmocka_unit_test_setup_teardown(shards_partition_the_plan,
						setup, teardown),
		cmocka_unit_test_setup_teardown(unusable_items_fail, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
