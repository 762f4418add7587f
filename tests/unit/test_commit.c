/* The commit thread: renames land, order and cookies kept, failures named. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commit.h"

#include "tmpdir.h"

static void path(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", dir, name);
}

static void write_file(const char *name, const char *text)
{
	char p[256];
	path(p, sizeof(p), name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *read_file(const char *name)
{
	static char buf[256];
	char p[256];
	path(p, sizeof(p), name);
	FILE *f = fopen(p, "r");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void many_jobs_in_order(void **state)
{
	(void)state;
	struct rp_committer *c = rp_committer_new();
	assert_non_null(c);
	int cookies[100];
	for (int i = 0; i < 100; i++) {
		char temp[256], final[256], name[32], text[32];
		snprintf(name, sizeof(name), ".tmp-%d", i);
		snprintf(text, sizeof(text), "output %d", i);
		write_file(name, text);
		path(temp, sizeof(temp), name);
		snprintf(name, sizeof(name), "out-%d.tif", i);
		path(final, sizeof(final), name);
		cookies[i] = i;
		assert_int_equal(rp_committer_submit(c, &cookies[i], temp, final), 0);
	}
	int seen = 0;
	/* The descriptor wakes the caller: take without waiting until all came. */
	while (seen < 100) {
		struct pollfd p = {.fd = rp_committer_fd(c), .events = POLLIN};
		assert_int_equal(poll(&p, 1, 10000), 1);
		struct rp_commit_job *jobs = rp_committer_take(c, 0);
		for (struct rp_commit_job *j = jobs; j; j = j->next) {
			assert_int_equal(j->rc, 0);
			assert_int_equal(*(int *)j->cookie, seen);
			assert_true(j->seconds > 0);
			seen++;
		}
		rp_commit_job_free(jobs);
	}
	for (int i = 0; i < 100; i++) {
		char name[32], text[32];
		snprintf(name, sizeof(name), "out-%d.tif", i);
		snprintf(text, sizeof(text), "output %d", i);
		assert_non_null(read_file(name));
		assert_string_equal(read_file(name), text);
		snprintf(name, sizeof(name), ".tmp-%d", i);
		assert_null(read_file(name));
	}
	rp_committer_free(c);
}

static void failures_are_named_and_others_land(void **state)
{
	(void)state;
	struct rp_committer *c = rp_committer_new();
	assert_non_null(c);
	char temp[256], final[256], missing[256], nodir[256];
	write_file(".tmp-a", "a");
	write_file(".tmp-b", "b");
	write_file("keep.tif", "old");
	path(missing, sizeof(missing), ".tmp-missing");
	path(final, sizeof(final), "keep.tif");
	assert_int_equal(rp_committer_submit(c, NULL, missing, final), 0);
	path(temp, sizeof(temp), ".tmp-a");
	path(nodir, sizeof(nodir), "no/such/dir/a.tif");
	assert_int_equal(rp_committer_submit(c, NULL, temp, nodir), 0);
	path(temp, sizeof(temp), ".tmp-b");
	path(final, sizeof(final), "b.tif");
	assert_int_equal(rp_committer_submit(c, NULL, temp, final), 0);
	struct rp_commit_job *jobs = rp_committer_take(c, 1);
	assert_non_null(jobs);
	assert_true(jobs->rc < 0);
	assert_non_null(strstr(jobs->error, ".tmp-missing"));
	assert_non_null(jobs->next);
	assert_true(jobs->next->rc < 0);
	assert_non_null(strstr(jobs->next->error, "no/such/dir/a.tif"));
	assert_non_null(jobs->next->next);
	assert_int_equal(jobs->next->next->rc, 0);
	assert_null(jobs->next->next->next);
	rp_commit_job_free(jobs);
	assert_string_equal(read_file("keep.tif"), "old"); /* not damaged */
	assert_string_equal(read_file("b.tif"), "b");
	assert_string_equal(read_file(".tmp-a"), "a"); /* the caller discards */
	assert_null(rp_committer_take(c, 1));
	rp_committer_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(many_jobs_in_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(failures_are_named_and_others_land,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
