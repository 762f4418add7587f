/* The one remote-input predicate: every GDAL network handler, URLs,
 * nested chains, and what is local. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "remote.h"

struct want {
	const char *path;
	enum rp_remote_kind kind;
	const char *where;
};

static void kinds_and_places(void **state)
{
	(void)state;
	static const struct want cases[] = {
		{"/vsicurl/https://data.example.org:8443/a/b.tif?x=1",
		 RP_REMOTE_HTTP, "data.example.org"},
		{"/vsicurl_streaming/http://u:p@h.org/x.tif", RP_REMOTE_HTTP,
		 "h.org"},
		{"/vsicurl?url=https%3A%2F%2Fq.example%2Fx.tif&use_head=no",
		 RP_REMOTE_HTTP, "q.example"},
		{"https://h/x.tif", RP_REMOTE_HTTP, "h"},
		{"HTTP://H/x.tif", RP_REMOTE_HTTP, "H"},
		{"ftp://f.example/x.tif", RP_REMOTE_HTTP, "f.example"},
		{"/vsis3/my-bucket/k/x.tif", RP_REMOTE_S3, "my-bucket"},
		{"/vsis3_streaming/b2/x.tif", RP_REMOTE_S3, "b2"},
		{"/vsigs/g/x.tif", RP_REMOTE_GS, "g"},
		{"/vsigs_streaming/g/x.tif", RP_REMOTE_GS, "g"},
		{"/vsiaz/c/x.tif", RP_REMOTE_AZ, "c"},
		{"/vsiaz_streaming/c/x.tif", RP_REMOTE_AZ, "c"},
		{"/vsiadls/fs/x.tif", RP_REMOTE_AZ, "fs"},
		{"/vsioss/o/x.tif", RP_REMOTE_OSS, "o"},
		{"/vsiswift/s/x.tif", RP_REMOTE_SWIFT, "s"},
		{"/vsiwebhdfs/http://nn:9870/webhdfs/v1/x.tif", RP_REMOTE_HDFS,
		 "nn"},
		{"/vsihdfs/hdfs://nn:8020/x.tif", RP_REMOTE_HDFS, "nn"},
		{"/vsizip//vsicurl/https://z.example/a.zip/a.tif",
		 RP_REMOTE_HTTP, "z.example"},
		{"/vsizip/{/vsis3/zb/a.zip}/a.tif", RP_REMOTE_S3, "zb"},
		{"/vsigzip//vsitar//vsigs/gb/a.tar.gz/a.tif", RP_REMOTE_GS, "gb"},
		{"/vsisubfile/100_2000,/vsicurl/http://sub.example/big",
		 RP_REMOTE_HTTP, "sub.example"},
		{"/vsis3/", RP_REMOTE_S3, "unknown"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char where[64] = "";
		enum rp_remote_kind k = rp_remote_locate(cases[i].path, where,
							 sizeof(where));
		print_message("%s\n", cases[i].path);
		assert_int_equal(k, cases[i].kind);
		assert_string_equal(where, cases[i].where);
		assert_int_equal(rp_remote_kind(cases[i].path), k);
	}
	assert_string_equal(rp_remote_kind_name(RP_REMOTE_S3), "s3");
	assert_string_equal(rp_remote_kind_name(RP_REMOTE_HTTP), "http");
}

static void local_paths(void **state)
{
	(void)state;
	static const char *const local[] = {
		"/data/a.tif", "a.tif", "/vsizip//data/a.zip/a.tif",
		"/vsimem/x.tif", "/vsis3x/not-a-handler", "/vsicurlx/y",
		"/data/https/x.tif", "/data/vsis3/x.tif", "",
	};
	for (size_t i = 0; i < sizeof(local) / sizeof(*local); i++) {
		print_message("%s\n", local[i]);
		assert_int_equal(rp_remote_kind(local[i]), RP_REMOTE_NONE);
	}
}

static void innermost(void **state)
{
	(void)state;
	assert_string_equal(rp_remote_innermost("/d/a.tif"), "/d/a.tif");
	assert_string_equal(rp_remote_innermost("/vsizip//d/a.zip/a.tif"),
			    "/d/a.zip/a.tif");
	assert_string_equal(rp_remote_innermost("/vsigzip//vsitar//d/t.tgz/x"),
			    "/d/t.tgz/x");
	assert_string_equal(rp_remote_innermost("/vsisubfile/1_2,/d/f"), "/d/f");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds_and_places),
		cmocka_unit_test(local_paths),
		cmocka_unit_test(innermost),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
