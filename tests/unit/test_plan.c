/* Input discovery, output names, sorting and collisions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plan.h"

static char root[256];

static void touch(const char *rel)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	int fd = open(p, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	close(fd);
}

static void mkd(const char *rel)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	assert_int_equal(mkdir(p, 0755), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/rp-plan-XXXXXX");
	assert_non_null(mkdtemp(root));
	mkd("in");
	touch("in/b.tif");
	touch("in/a.tif");
	touch("in/c.b.tif");
	touch("in/.hidden.tif");
	touch("in/.rptmp-1-1-a_warped.tif");
	touch("in/notes.txt");
	touch("in/upper.TIF");
	mkd("in/dir.tif");
	mkd("in/sub");
	touch("in/sub/z.tif");
	mkd("in/out");
	touch("in/out/a_warped.tif");
	char p[512], t[512];
	snprintf(p, sizeof(p), "%s/in/dangling.tif", root);
	snprintf(t, sizeof(t), "%s/in/missing", root);
	assert_int_equal(symlink(t, p), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

static void build(struct rp_plan *plan, int recursive, const char *const *inc,
		  size_t nr_inc)
{
	char in[300], out[300], err[512];
	snprintf(in, sizeof(in), "%s/in/", root); /* trailing slash on purpose */
	snprintf(out, sizeof(out), "%s/in/out", root);
	struct rp_plan_options o = {in, out, inc, nr_inc, recursive,
				    "_warped", ".tif"};
	rp_plan_init(plan);
	assert_int_equal(rp_plan_build(plan, &o, err, sizeof(err)), 0);
}

static const char *rel(const char *path)
{
	return path + strlen(root) + 1;
}

static void seed_pattern_sorted(void **state)
{
	(void)state;
	struct rp_plan plan;
	build(&plan, 0, NULL, 0);
	const char *want[][3] = {
		{"in/a.tif", "in/out/a_warped.tif", NULL},
		{"in/b.tif", "in/out/b_warped.tif", NULL},
		{"in/c.b.tif", "in/out/c.b_warped.tif", NULL},
		{"in/dangling.tif", "in/out/dangling_warped.tif",
		 "dangling symbolic link"},
		{"in/dir.tif", "in/out/dir_warped.tif",
		 "is a directory, not a raster file"},
	};
	assert_int_equal(plan.nr, 5);
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(rel(plan.items[i].input), want[i][0]);
		assert_string_equal(rel(plan.items[i].output), want[i][1]);
		if (want[i][2])
			assert_string_equal(plan.items[i].error, want[i][2]);
		else
			assert_null(plan.items[i].error);
	}
	rp_plan_release(&plan);
}

static void recursive_mirrors_and_skips_out_dir(void **state)
{
	(void)state;
	struct rp_plan plan;
	const char *inc[] = {"*.tif", "*.TIF"};
	build(&plan, 1, inc, 2);
	assert_int_equal(plan.nr, 6);
	assert_string_equal(rel(plan.items[4].input), "in/sub/z.tif");
	assert_string_equal(rel(plan.items[4].output), "in/out/sub/z_warped.tif");
	assert_string_equal(rel(plan.items[5].input), "in/upper.TIF");
	for (size_t i = 0; i < plan.nr; i++)
		assert_null(strstr(plan.items[i].input, "/out/"));
	rp_plan_release(&plan);
}

static void missing_dir_is_an_error(void **state)
{
	(void)state;
	struct rp_plan plan;
	char err[512];
	struct rp_plan_options o = {"/nonexistent/rp", "/tmp/x", NULL, 0, 0,
				    "_w", ".tif"};
	rp_plan_init(&plan);
	assert_int_equal(rp_plan_build(&plan, &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/rp"));
	rp_plan_release(&plan);
}

static void stems(void **state)
{
	(void)state;
	assert_int_equal(rp_plan_stem_len("a.tif"), 1);
	assert_int_equal(rp_plan_stem_len("a.b.tif"), 3);
	assert_int_equal(rp_plan_stem_len("noext"), 5);
	assert_int_equal(rp_plan_stem_len(".tif"), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_pattern_sorted),
		cmocka_unit_test(recursive_mirrors_and_skips_out_dir),
		cmocka_unit_test(missing_dir_is_an_error),
		cmocka_unit_test(stems),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
