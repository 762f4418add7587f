/* The list and plan modes of the command line: what they take, and the
 * options they would ignore, refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "cli.h"
#include "cli_parse.h"


static void ignored_options_refused(void **state)
{
	(void)state;
	struct rp_cli c;
	char err[512];
	struct {
		int argc;
		char *a, *b, *c, *d, *e;
		const char *says;
	} bad[] = {
		{5, "--plan", "p", "out", "--recursive", NULL,
		 "--recursive searches IN_DIR; --plan gives the inputs"},
		{6, "--from-list", "l", "out", "--include", "*.tif",
		 "--include searches IN_DIR; --from-list gives the inputs"},
		{6, "--plan", "p", "out", "--suffix", "_x",
		 "with --plan the plan names them"},
		{6, "--plan", "p", "--from-list", "l", "out", "exclude each other"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		err[0] = '\0';
		assert_int_equal(parse(&c, err, bad[i].argc, bad[i].a, bad[i].b,
				       bad[i].c, bad[i].d, bad[i].e), -1);
		if (!strstr(err, bad[i].says))
			fail_msg("case %zu: '%s' lacks '%s'", i, err, bad[i].says);
		rp_cli_release(&c);
	}
}

static void list_modes_take_out_dir(void **state)
{
	(void)state;
	struct rp_cli c;
	char err[512] = "";
	assert_int_equal(parse(&c, err, 6, "--from-list", "-", "out",
			       "--suffix", ""), 0);
	assert_string_equal(c.from_list, "-");
	assert_null(c.in_dir);
	assert_string_equal(c.out_dir, "out");
	assert_string_equal(c.suffix, "");
	rp_cli_release(&c);
	assert_int_equal(parse(&c, err, 5, "plan", "--plan", "-", "out"), 0);
	assert_true(c.plan_only);
	assert_string_equal(c.plan_file, "-");
	rp_cli_release(&c);
	assert_int_equal(parse(&c, err, 4, "plan", "in", "out"), 0);
	assert_string_equal(c.in_dir, "in");
	rp_cli_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ignored_options_refused),
		cmocka_unit_test(list_modes_take_out_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
