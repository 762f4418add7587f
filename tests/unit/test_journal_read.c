/* The journal reader: typed, defaulted records from any bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal_read.h"

struct seen {
	size_t runs, tasks;
	struct rp_journal_header h;       /* the last header's numbers */
	struct rp_journal_record t[16];   /* numbers only: strings die */
	char input[16][64], status[16][16], output[16][16];
	int error_null[16];
	size_t number[16];
};

static int collect(void *cookie, const struct rp_journal_line *l)
{
	struct seen *s = cookie;
	if (l->kind == RP_JOURNAL_RUN) {
		s->runs++;
		s->h = l->header;
		s->h.cwd = NULL;
		s->h.json = NULL;
		return 0;
	}
	size_t i = s->tasks++;
	assert_true(i < 16);
	s->t[i] = l->task;
	snprintf(s->input[i], sizeof(s->input[i]), "%s", l->task.input);
	snprintf(s->status[i], sizeof(s->status[i]), "%s", l->task.status);
	snprintf(s->output[i], sizeof(s->output[i]), "%s", l->task.output);
	s->error_null[i] = l->task.error == NULL;
	s->number[i] = l->number;
	return 0;
}

static struct seen read_bytes(const char *bytes, size_t len)
{
	struct seen s;
	memset(&s, 0, sizeof(s));
	FILE *f = fmemopen((void *)bytes, len, "r");
	assert_non_null(f);
	assert_int_equal(rp_journal_read(f, collect, &s), 0);
	fclose(f);
	return s;
}

#define READ(lit) read_bytes(lit, sizeof(lit) - 1)

static void null_and_mistyped_fields_take_defaults(void **state)
{
	(void)state;
	struct seen s = READ(
		"{\"type\":\"run\",\"tasks\":null,\"shard\":\"2\",\"shards\":[1]}\n"
		"{\"input\":null,\"status\":\"ok\"}\n"
		"{\"input\":\"a\",\"status\":null}\n"
		"{\"input\":\"b\",\"status\":5}\n"
		"{\"input\":\"\",\"status\":\"ok\"}\n"
		"{\"input\":\"c\",\"status\":\"ok\",\"output\":7,\"error\":{},"
		"\"worker\":\"3\",\"start\":\"x\",\"end\":true,\"stages\":5,"
		"\"bytes_out\":null,\"attempts\":-4,\"options\":[]}\n"
		"{\"type\":\"other\",\"input\":\"d\",\"status\":\"ok\"}\n"
		"[1,2]\n\"str\"\n\n");
	assert_int_equal(s.runs, 1);
	assert_int_equal(s.h.tasks, -1);
	assert_int_equal(s.h.shard, -1);
	assert_int_equal(s.h.shards, -1);
	assert_int_equal(s.tasks, 1);
	assert_string_equal(s.input[0], "c");
	assert_string_equal(s.output[0], "");
	assert_true(s.error_null[0]);
	assert_string_equal(s.t[0].options, "");  /* still valid: a literal */
	assert_int_equal(s.t[0].worker, 0);
	assert_true(s.t[0].start == 0 && s.t[0].end == 0 && s.t[0].t_total == 0);
	assert_int_equal(s.t[0].bytes_out, -1);
	assert_int_equal(s.t[0].attempts, 0);
	assert_int_equal(s.number[0], 6);
}

static void huge_and_odd_numbers_are_clamped(void **state)
{
	(void)state;
	struct seen s = READ(
		"{\"type\":\"run\",\"tasks\":1e300,\"shard\":-5,\"shards\":4.9}\n"
		"{\"input\":\"a\",\"status\":\"ok\",\"worker\":99999999999999999999,"
		"\"pid\":-3,\"start\":1e308,\"end\":-1e308,\"attempts\":1e30,"
		"\"bytes_in\":-99999999999999999999,\"cpl_errno\":4e9,"
		"\"stages\":{\"total\":NaN,\"open\":Infinity,\"warp\":2.5}}\n");
	assert_int_equal(s.h.tasks, LLONG_MAX);
	assert_int_equal(s.h.shard, -1);
	assert_int_equal(s.h.shards, 4);
	assert_int_equal(s.tasks, 1);
	assert_int_equal(s.t[0].worker, INT_MAX);
	assert_int_equal(s.t[0].pid, 0);
	assert_true(s.t[0].start == 0 && s.t[0].end == 0);
	assert_int_equal(s.t[0].attempts, UINT_MAX);
	assert_true(s.t[0].bytes_in <= 0);
	assert_int_equal(s.t[0].cpl_errno, INT_MAX);
	assert_true(s.t[0].t_total == 0 && s.t[0].t_open == 0);
	assert_true(s.t[0].t_warp == 2.5);
}

static void cut_nul_and_glued_lines_are_skipped(void **state)
{
	(void)state;
	static const char bytes[] =
		"{\"input\":\"a\",\"status\":\"ok\"}\n"
		"{\"input\":\"b\",\"status\":\"ok\"}\0{\"x\":1}\n"   /* NUL */
		"{\"input\":\"g\",\"status\":\"ok\"}\0\n"
		"{\"input\":\"h\0x\",\"status\":\"ok\"}\n"
		"{\"input\":\"c\",\"sta{\"type\":\"run\",\"tasks\":3}\n" /* glued */
		"{\"input\":\"d\",\"status\":\"ok\"} trailing\n"
		"{\"input\":\"e\",\"status\":\"failed\"}\n"
		"{\"input\":\"f\",\"status\":\"o";               /* cut */
	struct seen s = read_bytes(bytes, sizeof(bytes) - 1);
	assert_int_equal(s.runs, 0);
	assert_int_equal(s.tasks, 2);
	assert_string_equal(s.input[0], "a");
	assert_string_equal(s.input[1], "e");
	assert_string_equal(s.status[1], "failed");
	assert_int_equal(s.number[1], 7);
}

static void bytes_pass_through_and_last_line_may_lack_newline(void **state)
{
	(void)state;
	struct seen s = READ(
		"{\"input\":\"caf\xe9\xff.tif\",\"status\":\"ok\","
		"\"error\":\"\\u0000x\"}\n"
		"{\"input\":\"z\",\"status\":\"timeout\"}");
	assert_int_equal(s.tasks, 2);
	assert_string_equal(s.input[0], "caf\xe9\xff.tif");
	assert_false(s.error_null[0]);
	assert_string_equal(s.input[1], "z");
	assert_string_equal(s.status[1], "timeout");
}

static int stop_at_second(void *cookie, const struct rp_journal_line *l)
{
	(void)l;
	return ++*(int *)cookie == 2 ? 7 : 0;
}

static void callback_stops_the_reading(void **state)
{
	(void)state;
	static const char bytes[] = "{\"input\":\"a\",\"status\":\"ok\"}\n"
		"{\"input\":\"b\",\"status\":\"ok\"}\n"
		"{\"input\":\"c\",\"status\":\"ok\"}\n";
	FILE *f = fmemopen((void *)bytes, sizeof(bytes) - 1, "r");
	int n = 0;
	assert_int_equal(rp_journal_read(f, stop_at_second, &n), 7);
	assert_int_equal(n, 2);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(null_and_mistyped_fields_take_defaults),
		cmocka_unit_test(huge_and_odd_numbers_are_clamped),
		cmocka_unit_test(cut_nul_and_glued_lines_are_skipped),
		cmocka_unit_test(bytes_pass_through_and_last_line_may_lack_newline),
		cmocka_unit_test(callback_stops_the_reading),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
