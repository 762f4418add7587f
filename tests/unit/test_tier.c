/* Storage tiers, their limits, and the --workers auto controller on
 * recorded sequences of disk samples. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iocontrol.h"
#include "tier.h"

static void tiers_by_source(void **state)
{
	(void)state;
	char name[128];
	enum rp_tier_class cls;
	rp_tier_of("/vsicurl/https://data.example.org:8443/a/b.tif?x=1", name,
		   sizeof(name), &cls);
	assert_string_equal(name, "http:data.example.org");
	assert_int_equal(cls, RP_TIER_REMOTE);
	rp_tier_of("/vsis3/my-bucket/k/x.tif", name, sizeof(name), &cls);
	assert_string_equal(name, "s3:my-bucket");
	rp_tier_of("https://h/x.tif", name, sizeof(name), &cls);
	assert_string_equal(name, "http:h");
	/* the worker's remote inputs are the tiers' remote inputs */
	rp_tier_of("/vsis3_streaming/b/x.tif", name, sizeof(name), &cls);
	assert_string_equal(name, "s3:b");
	assert_int_equal(cls, RP_TIER_REMOTE);
	rp_tier_of("/vsizip//vsicurl/http://z/x.zip/a.tif", name, sizeof(name),
		   &cls);
	assert_string_equal(name, "http:z");
	assert_int_equal(cls, RP_TIER_REMOTE);
	/* a member of a local archive: the archive's device */
	rp_tier_of("/vsizip//proc/self/stat/a.tif", name, sizeof(name), &cls);
	assert_int_equal(cls, RP_TIER_LOCAL);
	assert_int_equal(strncmp(name, "local:", 6), 0);
	assert_string_not_equal(name, "local:unknown");
	rp_tier_of("/proc/self/stat", name, sizeof(name), &cls);
	assert_int_equal(cls, RP_TIER_LOCAL);
	assert_int_equal(strncmp(name, "local:", 6), 0);
	rp_tier_of("/nonexistent/x.tif", name, sizeof(name), &cls);
	assert_string_equal(name, "local:unknown");
}

static void limits(void **state)
{
	(void)state;
	struct rp_tier_limits lim = {0};
	char err[256];
	assert_int_equal(rp_tier_limit(&lim, "http:h", RP_TIER_REMOTE, 16), 128);
	assert_int_equal(rp_tier_limit(&lim, "s3:b", RP_TIER_REMOTE, 2), 16);
	assert_int_equal(rp_tier_limit(&lim, "nfs", RP_TIER_NETWORK, 16), 4);
	assert_int_equal(rp_tier_limit(&lim, "local:8:1", RP_TIER_LOCAL, 16), 16);
	assert_int_equal(rp_tier_limit_parse(&lim, "remote=6", err, 256), 0);
	assert_int_equal(rp_tier_limit_parse(&lim, "http:slow.example=1", err, 256), 0);
	assert_int_equal(rp_tier_limit(&lim, "http:h", RP_TIER_REMOTE, 16), 6);
	assert_int_equal(rp_tier_limit(&lim, "http:slow.example", RP_TIER_REMOTE, 16), 1);
	assert_int_equal(rp_tier_limit_parse(&lim, "remote=0", err, 256), -1);
	assert_int_equal(rp_tier_limit_parse(&lim, "=3", err, 256), -1);
	assert_int_equal(rp_tier_limit_parse(&lim, "local", err, 256), -1);
	assert_non_null(strstr(err, "is not TIER=N"));
}

/* Feeds (utilisation, MB/s) per second; returns the targets. */
static void replay(unsigned max, const double (*seq)[2], size_t n,
		   unsigned *targets)
{
	struct rp_io_control c;
	rp_io_control_init(&c, max);
	struct rp_io_sample s = {0};
	rp_io_control_step(&c, &s);
	for (size_t i = 0; i < n; i++) {
		s.t += 1.0;
		s.busy_ms += (unsigned long long)(seq[i][0] * 1000);
		s.sectors += (unsigned long long)(seq[i][1] * 1e6 / 512);
		targets[i] = rp_io_control_step(&c, &s);
	}
}

static void saturated_disk_sheds(void **state)
{
	(void)state;
	double seq[8][2];
	unsigned t[8];
	for (int i = 0; i < 8; i++) {
		seq[i][0] = 0.97;
		seq[i][1] = 180;
	}
	replay(4, (const double (*)[2])seq, 8, t);
	unsigned want[8] = {4, 3, 3, 2, 2, 1, 1, 1};
	assert_memory_equal(t, want, sizeof(want));
}

static void idle_disk_keeps_every_core(void **state)
{
	(void)state;
	double seq[6][2];
	unsigned t[6];
	for (int i = 0; i < 6; i++) {
		seq[i][0] = 0.05;
		seq[i][1] = 2;
	}
	replay(4, (const double (*)[2])seq, 6, t);
	for (int i = 0; i < 6; i++)
		assert_int_equal(t[i], 4);
}

static void noisy_disk_does_not_collapse(void **state)
{
	(void)state;
	double seq[10][2];
	unsigned t[10];
	for (int i = 0; i < 10; i++) {
		seq[i][0] = i % 2 ? 0.35 : 0.95; /* never two high in a row */
		seq[i][1] = 100 + (i % 3) * 40;
	}
	replay(4, (const double (*)[2])seq, 10, t);
	for (int i = 0; i < 10; i++)
		assert_int_equal(t[i], 4);
}

static void busy_but_growing_holds_then_recovers(void **state)
{
	(void)state;
	double seq[10][2] = {
		{0.9, 100}, {0.9, 120}, {0.9, 140}, {0.9, 160}, /* still growing */
		{0.9, 160}, {0.9, 160},                         /* flat: shed */
		{0.4, 80}, {0.4, 80}, {0.7, 90}, {0.3, 60},     /* idle: grow back */
	};
	unsigned t[10];
	replay(4, (const double (*)[2])seq, 10, t);
	unsigned want[10] = {4, 4, 4, 4, 3, 3, 4, 4, 4, 4};
	assert_memory_equal(t, want, sizeof(want));
}

static void diskstats_parsing(void **state)
{
	(void)state;
	char path[] = "/tmp/rp-diskstats-XXXXXX";
	FILE *f = fdopen(mkstemp(path), "w");
	fputs(" 254       0 vda 100 0 2000 50 30 0 400 20 0 700 70 0 0 0 0\n"
	      " 254       1 vda1 90 0 1800 45 30 0 400 20 0 650 65 0 0 0 0\n"
	      "   7       0 loop0 5 0 10 1 0 0 0 0 0 9 1 0 0 0 0\n", f);
	fclose(f);
	const unsigned devs[][2] = {{254, 1}, {7, 0}};
	struct rp_io_sample s;
	assert_int_equal(rp_io_sample_read(path, devs, 2, 5.0, &s), 0);
	assert_int_equal(s.sectors, 1800 + 400 + 10);
	assert_int_equal(s.busy_ms, 650 + 9);
	assert_true(s.t == 5.0);
	remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tiers_by_source),
		cmocka_unit_test(limits),
		cmocka_unit_test(saturated_disk_sheds),
		cmocka_unit_test(idle_disk_keeps_every_core),
		cmocka_unit_test(noisy_disk_does_not_collapse),
		cmocka_unit_test(busy_but_growing_holds_then_recovers),
		cmocka_unit_test(diskstats_parsing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
