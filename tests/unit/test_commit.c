/* The commit thread: renames land, order and cookies kept, failures named. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
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
	file_put(p, text);
}

static const char *read_file(const char *name)
{
	char p[256];
	path(p, sizeof(p), name);
	return file_get(p);
}

/* A private directory for final (in dir) holding text as the output. */
static struct rp_atomic_tmp staged(const char *final, const char *text)
{
	struct rp_atomic_tmp t;
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_int_equal(rp_atomic_begin(fd, final, &t), 0);
	close(fd);
	FILE *f = fopen(t.path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return t;
}

static int private_dirs_left(void)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "test -z \"$(find %s -name '.rasterpool-*')\"",
		 dir);
	return system(cmd) != 0;
}

static void many_jobs_in_order(void **state)
{
	(void)state;
	struct rp_committer *c = rp_committer_new();
	assert_non_null(c);
	int cookies[100];
	for (int i = 0; i < 100; i++) {
		char final[256], name[32], text[32];
		snprintf(text, sizeof(text), "output %d", i);
		snprintf(name, sizeof(name), "out-%d.tif", i);
		path(final, sizeof(final), name);
		struct rp_atomic_tmp temp = staged(final, text);
		cookies[i] = i;
		assert_int_equal(rp_committer_submit(c, &cookies[i], &temp, final), 0);
		assert_null(temp.path); /* the committer has it */
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
	}
	assert_false(private_dirs_left());
	rp_committer_free(c);
}

static void failures_are_named_and_others_land(void **state)
{
	(void)state;
	struct rp_committer *c = rp_committer_new();
	assert_non_null(c);
	char final[256], isdir[256];
	write_file("keep.tif", "old");
	path(final, sizeof(final), "keep.tif");
	struct rp_atomic_tmp missing = staged(final, "new");
	unlink(missing.path); /* the worker wrote nothing */
	assert_int_equal(rp_committer_submit(c, NULL, &missing, final), 0);
	path(isdir, sizeof(isdir), "a.tif");
	struct rp_atomic_tmp a = staged(isdir, "a");
	mkdir(isdir, 0755); /* a directory with something in it at the name */
	path(isdir, sizeof(isdir), "a.tif/x");
	write_file("a.tif/x", "x");
	path(isdir, sizeof(isdir), "a.tif");
	assert_int_equal(rp_committer_submit(c, NULL, &a, isdir), 0);
	path(final, sizeof(final), "b.tif");
	struct rp_atomic_tmp b = staged(final, "b");
	assert_int_equal(rp_committer_submit(c, NULL, &b, final), 0);
	struct rp_commit_job *jobs = rp_committer_take(c, 1);
	assert_non_null(jobs);
	assert_true(jobs->rc < 0);
	assert_non_null(strstr(jobs->error, "keep.tif"));
	assert_non_null(jobs->next);
	assert_true(jobs->next->rc < 0);
	assert_non_null(strstr(jobs->next->error, "a.tif"));
	assert_non_null(jobs->next->next);
	assert_int_equal(jobs->next->next->rc, 0);
	assert_null(jobs->next->next->next);
	rp_commit_job_free(jobs);
	assert_string_equal(read_file("keep.tif"), "old"); /* not damaged */
	assert_string_equal(read_file("b.tif"), "b");
	assert_string_equal(read_file("a.tif/x"), "x");
	assert_false(private_dirs_left()); /* failures removed too */
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
