/* GDAL's arguments without GDAL: defaults merged with the user's, the
 * grammar walk, the tail thread rule. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "gdalargs.h"

static const char *joined(const struct rp_argv *a)
{
	static char buf[2048];
	buf[0] = '\0';
	for (size_t i = 0; i < a->n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 i ? " " : "", a->v[i]);
	assert_null(a->v[a->n]);
	return buf;
}

static struct rp_argv built; /* the last build's, released by main */

static const char *build(const struct rp_gdalargs_defaults *d, size_t n,
			 char **extra)
{
	rp_argv_release(&built);
	assert_int_equal(rp_gdalargs_build(d, extra, n, &built), 0);
	return joined(&built);
}

static const struct rp_gdalargs_defaults warp = {
	.utility = RP_UTIL_WARP, .crs = "EPSG:4326", .resampling = "bilinear",
	.error_threshold = 0.125, .format = "GTiff"};

static void seed_defaults_unchanged(void **state)
{
	(void)state;
	assert_string_equal(build(&warp, 0, NULL),
		"-t_srs EPSG:4326 -r bilinear -et 0.125 -of GTiff "
		"-co TILED=YES -co COMPRESS=LZW -co BIGTIFF=YES "
		"-wo NUM_THREADS=1");
}

/* Every single-valued option rasterpool sets appears once: the user's. */
static void user_arguments_replace_defaults(void **state)
{
	(void)state;
	char *r[] = {"-r", "cubic"};
	assert_string_equal(build(&warp, 2, r),
		"-t_srs EPSG:4326 -et 0.125 -of GTiff -co TILED=YES "
		"-co COMPRESS=LZW -co BIGTIFF=YES -wo NUM_THREADS=1 -r cubic");
	char *t[] = {"-t_srs", "EPSG:3857", "-et", "0"};
	assert_string_equal(build(&warp, 4, t),
		"-r bilinear -of GTiff -co TILED=YES -co COMPRESS=LZW "
		"-co BIGTIFF=YES -wo NUM_THREADS=1 -t_srs EPSG:3857 -et 0");
	char *wo[] = {"-wo", "NUM_THREADS=ALL_CPUS", "-wo", "INIT_DEST=0"};
	assert_string_equal(build(&warp, 4, wo),
		"-t_srs EPSG:4326 -r bilinear -et 0.125 -of GTiff -co TILED=YES "
		"-co COMPRESS=LZW -co BIGTIFF=YES -wo NUM_THREADS=ALL_CPUS "
		"-wo INIT_DEST=0");
	char *co[] = {"-co", "COMPRESS=DEFLATE"};
	assert_string_equal(build(&warp, 2, co),
		"-t_srs EPSG:4326 -r bilinear -et 0.125 -of GTiff "
		"-wo NUM_THREADS=1 -co COMPRESS=DEFLATE");
}

/* The defaults' creation options are the effective format's: none for a
 * PNG named after "--", COG's for a COG. */
static void creation_options_follow_the_effective_format(void **state)
{
	(void)state;
	char *png[] = {"-of", "PNG"};
	assert_string_equal(build(&warp, 2, png),
		"-t_srs EPSG:4326 -r bilinear -et 0.125 -wo NUM_THREADS=1 "
		"-of PNG");
	struct rp_gdalargs_defaults cog = {
		.utility = RP_UTIL_TRANSLATE, .format = "GTiff"};
	char *to_cog[] = {"-of", "COG", "-r", "average"};
	assert_string_equal(build(&cog, 4, to_cog),
		"-co COMPRESS=LZW -co BIGTIFF=YES -of COG -r average");
	const char *co[] = {"COMPRESS=ZSTD"};
	struct rp_gdalargs_defaults given = warp;
	given.co = co;
	given.nr_co = 1;
	assert_string_equal(build(&given, 2, png),
		"-t_srs EPSG:4326 -r bilinear -et 0.125 -co COMPRESS=ZSTD "
		"-wo NUM_THREADS=1 -of PNG");
}

static void translate_sets_r_only_when_given(void **state)
{
	(void)state;
	struct rp_gdalargs_defaults t = {
		.utility = RP_UTIL_TRANSLATE, .format = "PNG",
		.error_threshold = 0.125};
	assert_string_equal(build(&t, 0, NULL), "-of PNG");
	t.resampling = "cubic";
	char *r[] = {"-r", "near", "-of", "GTiff"};
	assert_string_equal(build(&t, 4, r),
		"-co TILED=YES -co COMPRESS=LZW -co BIGTIFF=YES -r near -of GTiff");
}

/* Values are skipped by arity, so a value that looks like an option is
 * not taken for one; per-band and variable-length forms are known. */
static void grammar_walk(void **state)
{
	(void)state;
	char *w[] = {"-te", "-180", "-r", "180", "90", "-of", "VRT", NULL};
	assert_string_equal(rp_gdalargs_format(RP_UTIL_WARP, w), "VRT");
	assert_null(rp_gdalargs_value(RP_UTIL_WARP, w, "-r"));
	char *s[] = {"-scale_2", "0", "-of", "-scale", "-of", "PNG", NULL};
	assert_string_equal(rp_gdalargs_format(RP_UTIL_TRANSLATE, s), "PNG");
	char *last[] = {"-of", "GTiff", "-of", "COG", NULL};
	assert_string_equal(rp_gdalargs_format(RP_UTIL_TRANSLATE, last), "COG");
	char *none[] = {NULL};
	assert_string_equal(rp_gdalargs_format(RP_UTIL_WARP, none), "GTiff");
	int min, max;
	assert_int_equal(rp_gdalargs_arity(RP_UTIL_TRANSLATE, "-gcp", &min,
					   &max), 0);
	assert_int_equal(min, 4);
	assert_int_equal(max, 5);
	assert_int_equal(rp_gdalargs_arity(RP_UTIL_WARP, "-nonsense", &min,
					   &max), -1);
}

static void plain_warp_lists(void **state)
{
	(void)state;
	char *plain[] = {"-t_srs", "EPSG:4326", "-tr", "10", "10", "-te", "0",
			 "0", "1", "1", "-of", "GTiff", NULL};
	assert_true(rp_gdalargs_plain_warp(plain));
	char *cutline[] = {"-t_srs", "EPSG:4326", "-cutline", "c.shp", NULL};
	assert_false(rp_gdalargs_plain_warp(cutline));
	char *unknown[] = {"-of", "GTiff", "-future_option", NULL};
	assert_false(rp_gdalargs_plain_warp(unknown));
}

static void tail_thread_rule(void **state)
{
	(void)state;
	struct rp_argv a = {0};
	char *args[] = {"-of", "GTiff", "-wo", "NUM_THREADS=1", "-co",
			"TILED=YES", NULL};
	assert_int_equal(rp_gdalargs_threaded(args, 2, &a), 0);
	assert_string_equal(joined(&a), "-of GTiff -wo NUM_THREADS=2 "
			    "-co TILED=YES -co NUM_THREADS=2");
	rp_argv_release(&a);
	char *own_co[] = {"-co", "NUM_THREADS=4", NULL};
	assert_int_equal(rp_gdalargs_threaded(own_co, 3, &a), 0);
	assert_string_equal(joined(&a),
			    "-co NUM_THREADS=4 -wo NUM_THREADS=3");
	rp_argv_release(&a);
	assert_true(rp_gdalargs_threads_safe(args));
	char *vrt[] = {"-of", "GTiff", "-of", "VRT", NULL};
	assert_false(rp_gdalargs_threads_safe(vrt));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_defaults_unchanged),
		cmocka_unit_test(user_arguments_replace_defaults),
		cmocka_unit_test(creation_options_follow_the_effective_format),
		cmocka_unit_test(translate_sets_r_only_when_given),
		cmocka_unit_test(grammar_walk),
		cmocka_unit_test(plain_warp_lists),
		cmocka_unit_test(tail_thread_rule),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	rp_argv_release(&built);
	return rc;
}
