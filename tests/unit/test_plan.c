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

#include "path.h"
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

/* A plan's outputs are relative to OUT_DIR: read by a command naming
 * another OUT_DIR, they go there, the tree kept. */
static void plan_file_reroots(void **state)
{
	(void)state;
	struct rp_plan plan;
	const char *inc[] = {"*.tif"};
	build(&plan, 1, inc, 1);
	char *text = NULL, err[512], out[300], other[300];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	snprintf(out, sizeof(out), "%s/in/./out/", root);
	assert_int_equal(rp_plan_write(&plan, out, f), 0);
	fclose(f);
	assert_non_null(strstr(text, "\"output\":\"a_warped.tif\""));
	assert_non_null(strstr(text, "\"output\":\"sub/z_warped.tif\""));
	assert_null(strstr(text, "\"output\":\"/"));
	size_t nr = plan.nr;
	rp_plan_release(&plan);
	snprintf(other, sizeof(other), "%s/elsewhere", root);
	/* a run of another format would write its bytes under .tif names */
	struct rp_plan_options o = {NULL, other, NULL, 0, 0, "_x", ".png"};
	f = fmemopen(text, len, "r");
	assert_int_equal(rp_plan_read(&plan, &o, f, err, sizeof(err)), -1);
	fclose(f);
	assert_non_null(strstr(err, "does not end in .png"));
	rp_plan_release(&plan);
	o.ext = ".TIF";
	f = fmemopen(text, len, "r");
	assert_int_equal(rp_plan_read(&plan, &o, f, err, sizeof(err)), 0);
	fclose(f);
	assert_int_equal(plan.nr, nr);
	for (size_t i = 0; i < plan.nr; i++)
		assert_non_null(rp_path_under(plan.items[i].output, other));
	assert_string_equal(rel(plan.items[nr - 1].output),
			    "elsewhere/sub/z_warped.tif");
	rp_plan_release(&plan);
	free(text);
}

static int read_one(const char *line, const char *out_dir, char *err,
		    size_t errlen)
{
	struct rp_plan plan;
	struct rp_plan_options o = {NULL, out_dir, NULL, 0, 0, "_w", ".tif"};
	rp_plan_init(&plan);
	FILE *f = fmemopen((void *)line, strlen(line), "r");
	int rc = rp_plan_read(&plan, &o, f, err, errlen);
	fclose(f);
	rp_plan_release(&plan);
	return rc;
}

static void plan_outputs_stay_inside(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"../x.tif", "a/../../x.tif", ".rasterpool/journal.jsonl",
		"a/.rptmp-x.tif", "", "a//b.tif", "a/", "/etc/x.tif", "./x.tif",
	};
	char line[512], err[512], out[300];
	snprintf(out, sizeof(out), "%s/out", root);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		snprintf(line, sizeof(line), "{\"input\":\"/i/a.tif\","
			 "\"output\":\"%s\",\"cost\":1}\n", bad[i]);
		print_message("%s\n", bad[i]);
		assert_int_equal(read_one(line, out, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "plan line 1: output "));
		assert_non_null(strstr(err, "is not a path inside OUT_DIR"));
	}
	/* absolute inside OUT_DIR (an older plan of the same OUT_DIR) */
	snprintf(line, sizeof(line), "{\"input\":\"/i/a.tif\",\"output\":"
		 "\"%s/out/s/a.tif\",\"cost\":1}\n", root);
	assert_int_equal(read_one(line, out, err, sizeof(err)), 0);
	assert_int_equal(read_one("{\"input\":\"/i/a.tif\",\"output\":"
				  "\"s/a.tif\",\"cost\":1}\n", out, err,
				  sizeof(err)), 0);
}

static void list_refuses_plan_lines(void **state)
{
	(void)state;
	static const char list[] = "# retry\n{\"input\":\"/i/a.tif\","
				   "\"output\":\"a.tif\",\"cost\":1}\n";
	char err[512], out[300];
	snprintf(out, sizeof(out), "%s/out", root);
	struct rp_plan plan;
	struct rp_plan_options o = {NULL, out, NULL, 0, 0, "_w", ".tif"};
	rp_plan_init(&plan);
	FILE *f = fmemopen((void *)list, strlen(list), "r");
	assert_int_equal(rp_plan_from_list(&plan, &o, f, err, sizeof(err)), -1);
	fclose(f);
	assert_non_null(strstr(err, "line 2 is a task of a plan"));
	rp_plan_release(&plan);
}

/* List entries are keyed by their canonical directory and their name:
 * ./x and /abs/x give one input, a link to a file keeps its own name. */
static void list_inputs_canonical(void **state)
{
	(void)state;
	char list[1024], err[512], out[300], cwd[300];
	snprintf(out, sizeof(out), "%s/out", root);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(root), 0);
	snprintf(list, sizeof(list), "./in/a.tif\nin//sub/../b.tif\n"
		 "/vsis3/b/k.tif\n");
	struct rp_plan plan;
	struct rp_plan_options o = {NULL, "out/", NULL, 0, 0, "_w", ".tif"};
	rp_plan_init(&plan);
	FILE *f = fmemopen(list, strlen(list), "r");
	assert_int_equal(rp_plan_from_list(&plan, &o, f, err, sizeof(err)), 0);
	fclose(f);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(plan.nr, 3);
	assert_string_equal(rel(plan.items[0].input), "in/a.tif");
	assert_string_equal(rel(plan.items[0].output), "out/a_w.tif");
	assert_string_equal(rel(plan.items[1].input), "in/b.tif");
	assert_string_equal(plan.items[2].input, "/vsis3/b/k.tif");
	assert_int_equal(plan.items[2].size, -1);
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
		cmocka_unit_test(plan_file_reroots),
		cmocka_unit_test(plan_outputs_stay_inside),
		cmocka_unit_test(list_refuses_plan_lines),
		cmocka_unit_test(list_inputs_canonical),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
