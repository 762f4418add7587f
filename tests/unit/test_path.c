/* Canonical paths: every spelling of a directory is one string. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"
#include "tmpdir.h"

static char real[128];

static void mk(const char *rel, int is_dir)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", real, rel);
	if (is_dir)
		assert_int_equal(mkdir(p, 0755), 0);
	else
		assert_int_equal(close(open(p, O_CREAT | O_WRONLY, 0644)), 0);
}

static void check(char *got, const char *want_rel)
{
	char want[256];
	snprintf(want, sizeof(want), "%s%s%s", real, *want_rel ? "/" : "",
		 want_rel);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void spellings_are_one(void **state)
{
	(void)state;
	char *r = realpath(dir, NULL); /* /tmp may itself be a link */
	snprintf(real, sizeof(real), "%s", r);
	free(r);
	mk("in", 1);
	mk("in/a.tif", 0);
	char p[256], cwd[256];
	snprintf(p, sizeof(p), "%s/link", real);
	assert_int_equal(symlink("in", p), 0);
	snprintf(p, sizeof(p), "%s/a-link.tif", real);
	assert_int_equal(symlink("in/a.tif", p), 0);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(real), 0);
	check(rp_path_canonical("in"), "in");
	check(rp_path_canonical("./in/"), "in");
	check(rp_path_canonical("in//./"), "in");
	check(rp_path_canonical("link"), "in");
	check(rp_path_canonical("link/../in"), "in");
	snprintf(p, sizeof(p), "%s/in/", real);
	check(rp_path_canonical(p), "in");
	/* missing parts: resolved up to them, then lexical */
	check(rp_path_canonical("./out/"), "out");
	check(rp_path_canonical("link/new/deeper/../x"), "in/new/x");
	check(rp_path_canonical("."), "");
	/* the parent resolved, the name kept */
	check(rp_path_canonical_parent("link/a.tif"), "in/a.tif");
	check(rp_path_canonical_parent("a-link.tif"), "a-link.tif");
	check(rp_path_canonical("a-link.tif"), "in/a.tif");
	check(rp_path_canonical_parent("./in/missing.tif"), "in/missing.tif");
	check(rp_path_canonical_parent("in/.."), "");
	assert_int_equal(chdir(cwd), 0);
}

static void under(void **state)
{
	(void)state;
	assert_string_equal(rp_path_under("/o/s/a.tif", "/o"), "s/a.tif");
	assert_string_equal(rp_path_under("/o", "/o"), "");
	assert_null(rp_path_under("/other/a.tif", "/o"));
	assert_null(rp_path_under("/ox/a.tif", "/o"));
	assert_string_equal(rp_path_under("/a", "/"), "a");
}

static void stat_prefix(void **state)
{
	(void)state;
	char *r = realpath(dir, NULL);
	snprintf(real, sizeof(real), "%s", r);
	free(r);
	mk("x.zip", 0);
	char p[256];
	struct stat st;
	snprintf(p, sizeof(p), "%s/x.zip/inner/a.tif", real);
	assert_int_equal(rp_path_stat_prefix(p, &st),
			 (long)strlen(real) + 6);
	snprintf(p, sizeof(p), "%s/missing.tif", real);
	assert_int_equal(rp_path_stat_prefix(p, &st), -1);
	assert_int_equal(rp_path_stat_prefix(real, &st), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(spellings_are_one, setup,
						teardown),
		cmocka_unit_test(under),
		cmocka_unit_test_setup_teardown(stat_prefix, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
