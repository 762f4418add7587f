/* No output over an input, nor over another output: by identity, by
 * canonical path, and ignoring case. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collision.h"
#include "plan.h"
#include "tmpdir.h"

static char real[128];

static void at(char *p, size_t n, const char *rel)
{
	snprintf(p, n, "%s/%s", real, rel);
}

static void touch(const char *rel)
{
	char p[256];
	at(p, sizeof(p), rel);
	assert_int_equal(close(open(p, O_CREAT | O_WRONLY, 0644)), 0);
}

static int set_up(void **state)
{
	if (setup(state))
		return -1;
	char *r = realpath(dir, NULL), p[256];
	snprintf(real, sizeof(real), "%s", r);
	free(r);
	at(p, sizeof(p), "in");
	return mkdir(p, 0755);
}

/* The plan of IN_DIR (or, with list, of that list) into out. */
static struct rp_collision_file files[2];

static int check(const char *list, const char *out, const char *suffix,
		 const char *include, char *err, size_t errlen)
{
	char in[256], o[256];
	at(in, sizeof(in), "in");
	at(o, sizeof(o), out);
	const char *inc[] = {include};
	struct rp_plan_options opt = {in, o, inc, include ? 1 : 0, 1, suffix,
				      ".tif"};
	struct rp_plan plan;
	rp_plan_init(&plan);
	if (list) {
		FILE *f = fmemopen((void *)list, strlen(list), "r");
		assert_int_equal(rp_plan_from_list(&plan, &opt, f, err, errlen), 0);
		fclose(f);
	} else {
		assert_int_equal(rp_plan_build(&plan, &opt, err, errlen), 0);
	}
	int rc = rp_collision_check(&plan, files, 2, err, errlen);
	rp_plan_release(&plan);
	return rc;
}

static void two_outputs_one_name(void **state)
{
	(void)state;
	char err[1024];
	touch("in/a.tif");
	touch("in/a.tiff");
	assert_int_equal(check(NULL, "out", "_w", "a.tif*", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/in/a.tif and "));
	assert_non_null(strstr(err, "/in/a.tiff would both write "));
	assert_non_null(strstr(err, "/out/a_w.tif"));
	assert_int_equal(check(NULL, "out", "_w", "*.tif", err, sizeof(err)), 0);
}

static void names_differing_in_case(void **state)
{
	(void)state;
	char err[1024];
	touch("in/A.tif");
	touch("in/a.tif");
	assert_int_equal(check(NULL, "out", "_w", NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/out/A_w.tif and "));
	assert_non_null(strstr(err, "differ only in case"));
}

static void list_output_is_its_input(void **state)
{
	(void)state;
	char err[1024], list[512];
	touch("in/a.tif");
	at(list, sizeof(list), "in/a.tif\n");
	/* OUT_DIR the input's directory and no suffix: a.tif over a.tif */
	assert_int_equal(check(list, "in", "", NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "is the input "));
	assert_non_null(strstr(err, "/in/a.tif"));
	assert_int_equal(check(list, "in", "_w", NULL, err, sizeof(err)), 0);
	/* the same through a link to the directory, the input spelled
	 * another way */
	char p[256];
	at(p, sizeof(p), "link");
	assert_int_equal(symlink("in", p), 0);
	snprintf(list, sizeof(list), "%s/in/../in/./a.tif\n", real);
	assert_int_equal(check(list, "link", "", NULL, err, sizeof(err)), -1);
}

static void output_of_one_is_input_of_another(void **state)
{
	(void)state;
	char err[1024], list[512];
	touch("in/a.tif");
	touch("in/a_w.tif");
	snprintf(list, sizeof(list), "%s/in/a.tif\n%s/in/a_w.tif\n", real, real);
	assert_int_equal(check(list, "in", "_w", NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "the output of "));
}

static void same_file_by_identity(void **state)
{
	(void)state;
	char err[1024], list[512], from[256], to[256];
	touch("in/a.tif");
	at(to, sizeof(to), "out");
	assert_int_equal(mkdir(to, 0755), 0);
	snprintf(list, sizeof(list), "%s/in/a.tif\n", real);
	/* an output that exists as a hard link to the input */
	at(from, sizeof(from), "in/a.tif");
	at(to, sizeof(to), "out/a.tif");
	assert_int_equal(link(from, to), 0);
	assert_int_equal(check(list, "out", "", NULL, err, sizeof(err)), -1);
	/* ... or as a symbolic link to it */
	assert_int_equal(unlink(to), 0);
	assert_int_equal(symlink(from, to), 0);
	assert_int_equal(check(list, "out", "", NULL, err, sizeof(err)), -1);
	assert_int_equal(unlink(to), 0);
	assert_int_equal(check(list, "out", "", NULL, err, sizeof(err)), 0);
}

static void archive_member_and_remote(void **state)
{
	(void)state;
	char err[1024], list[512];
	touch("in/x.tif"); /* a "zip" named .tif, read as an archive */
	snprintf(list, sizeof(list), "/vsizip/%s/in/x.tif/inner/x.tif\n"
		 "/vsicurl/https://h.example/in/y.tif\n", real);
	assert_int_equal(check(list, "in", "", NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/vsizip/"));
	snprintf(list, sizeof(list), "/vsicurl/https://h.example%s/in/x.tif\n",
		 real);
	assert_int_equal(check(list, "in", "", NULL, err, sizeof(err)), 0);
}

static void twice_and_directories(void **state)
{
	(void)state;
	char err[1024], list[512], p[256];
	touch("in/a.tif");
	snprintf(list, sizeof(list), "%s/in/a.tif\n%s/in/../in/a.tif\n", real,
		 real);
	assert_int_equal(check(list, "out", "_w", NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/in/a.tif is listed twice (output "));
	/* --recursive: in/a.tif gives out/a_w.tif, in/a_w.tif/b.tif gives
	 * out/a_w.tif/b_w.tif */
	at(p, sizeof(p), "in/A_w.tif");
	assert_int_equal(mkdir(p, 0755), 0);
	touch("in/A_w.tif/b.tif");
	assert_int_equal(check(NULL, "out", "_w", NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/out/a_w.tif, is the directory of the "
				    "output of "));
	assert_non_null(strstr(err, "/out/A_w.tif/b_w.tif"));
}

/* The journal, the report and the list are the run's files too. */
static void run_files(void **state)
{
	(void)state;
	char err[1024], list[512], journal[256], report[256];
	touch("in/a.tif");
	snprintf(list, sizeof(list), "%s/in/a.tif\n", real);
	at(journal, sizeof(journal), "in/a.tif");
	files[0] = (struct rp_collision_file){"--journal", journal};
	assert_int_equal(check(list, "out", "_w", NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--journal "));
	assert_non_null(strstr(err, "is the input "));
	at(report, sizeof(report), "out/./a_w.tif");
	files[0] = (struct rp_collision_file){"--journal", "-"};
	files[1] = (struct rp_collision_file){"--report", report};
	assert_int_equal(check(list, "out", "_w", NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--report "));
	assert_non_null(strstr(err, "is the output of "));
	at(report, sizeof(report), "out/report.json");
	assert_int_equal(check(list, "out", "_w", NULL, err, sizeof(err)), 0);
	files[1].path = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(two_outputs_one_name, set_up,
						teardown),
		cmocka_unit_test_setup_teardown(names_differing_in_case, set_up,
						teardown),
		cmocka_unit_test_setup_teardown(list_output_is_its_input,
						set_up, teardown),
		cmocka_unit_test_setup_teardown(
			output_of_one_is_input_of_another, set_up, teardown),
		cmocka_unit_test_setup_teardown(same_file_by_identity, set_up,
						teardown),
		cmocka_unit_test_setup_teardown(archive_member_and_remote,
						set_up, teardown),
		cmocka_unit_test_setup_teardown(run_files, set_up, teardown),
		cmocka_unit_test_setup_teardown(twice_and_directories, set_up,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
