/* Command-line parsing and the gdalwarp arguments it maps to. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <json.h>

#include "cli.h"
#include "cli_parse.h"
#include "gdalargs.h"


static const char *args_text(const struct rp_cli *c)
{
	static char buf[1024];
	struct rp_argv a = {0};
	struct json_object *j = json_object_new_array();
	assert_int_equal(rp_cli_gdal_args(c, &a), 0);
	for (size_t i = 0; i < a.n; i++)
		json_object_array_add(j, json_object_new_string(a.v[i]));
	snprintf(buf, sizeof(buf), "%s",
		 json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN |
							   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(j);
	rp_argv_release(&a);
	return buf;
}

static void seed_defaults(void **state)
{
	(void)state;
	struct rp_cli c;
	char err[512];
	assert_int_equal(parse(&c, err, 3, "in", "out"), 0);
	assert_string_equal(c.in_dir, "in");
	assert_string_equal(c.out_dir, "out");
	assert_string_equal(c.suffix, "_warped");
	assert_int_equal(c.workers, rp_cli_available_cpus());
	assert_int_equal(c.retries, 1);
	assert_string_equal(args_text(&c),
		"[\"-t_srs\",\"EPSG:4326\",\"-r\",\"bilinear\",\"-et\",\"0.125\","
		"\"-of\",\"GTiff\",\"-co\",\"TILED=YES\",\"-co\",\"COMPRESS=LZW\","
		"\"-co\",\"BIGTIFF=YES\",\"-wo\",\"NUM_THREADS=1\"]");
	rp_cli_release(&c);
}

static void options_anywhere_and_co_replaces(void **state)
{
	(void)state;
	struct rp_cli c;
	char err[512];
	assert_int_equal(parse(&c, err, 12, "--crs", "EPSG:3857", "in",
			       "--co", "COMPRESS=DEFLATE", "out", "-q",
			       "--resampling", "near", "--error-threshold",
			       "0"), 0);
	assert_int_equal(c.quiet, 1);
	assert_string_equal(c.out_dir, "out");
	assert_string_equal(args_text(&c),
		"[\"-t_srs\",\"EPSG:3857\",\"-r\",\"near\",\"-et\",\"0\","
		"\"-of\",\"GTiff\",\"-co\",\"COMPRESS=DEFLATE\","
		"\"-wo\",\"NUM_THREADS=1\"]");
	rp_cli_release(&c);
}

static void usage_errors(void **state)
{
	(void)state;
	struct rp_cli c;
	char err[512];
	struct {
		int argc;
		char *a, *b, *c, *d;
		const char *says;
	} bad[] = {
		{2, "in", NULL, NULL, NULL, "expected IN_DIR and OUT_DIR"},
		{4, "in", "out", "extra", NULL, "too many arguments"},
		{5, "in", "out", "--workers", "0", "'0' is not a whole number"},
		{5, "in", "out", "--workers", "-2", "'-2' is not a whole number"},
		{5, "in", "out", "--workers", "2x", "'2x' is not a whole number"},
		{5, "in", "out", "--resampling", "fancy", "unknown method 'fancy'"},
		{5, "in", "out", "--error-threshold", "abc", "'abc' is not a number"},
		{5, "in", "out", "--co", "NOEQUALS", "'NOEQUALS' is not KEY=VALUE"},
		{5, "in", "out", "--suffix", "a/b", "invalid value 'a/b'"},
		{5, "in", "out", "--timeout", "0", "must be more than 0"},
		{4, "in", "out", "--bogus", NULL, "unknown option '--bogus'"},
		{4, "in", "out", "--crs", NULL, "missing value for option '--crs'"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		err[0] = '\0';
		assert_int_equal(parse(&c, err, bad[i].argc, bad[i].a, bad[i].b,
				       bad[i].c, bad[i].d), -1);
		if (!strstr(err, bad[i].says))
			fail_msg("case %zu: '%s' lacks '%s'", i, err, bad[i].says);
		rp_cli_release(&c);
	}
}

static void help_needs_no_dirs(void **state)
{
	(void)state;
	struct rp_cli c;
	char err[512];
	assert_int_equal(parse(&c, err, 2, "--help"), 0);
	assert_int_equal(c.help, 1);
	rp_cli_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_defaults),
		cmocka_unit_test(options_anywhere_and_co_replaces),
		cmocka_unit_test(usage_errors),
		cmocka_unit_test(help_needs_no_dirs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
