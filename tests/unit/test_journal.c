/* The journal: lines written, read back, cut lines skipped, resume rules. */
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

#include "journal.h"
#include "progress.h"

#include "tmpdir.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void append(struct rp_journal *j, const char *input, const char *status,
		   const char *output, long long bytes_out)
{
	struct rp_journal_record r = {
		.input = input, .output = output, .status = status,
		.options = "k1", .bytes_out = bytes_out, .input_size = 10,
		.input_mtime_ns = 99, .attempts = 1,
	};
	char err[256];
	assert_int_equal(rp_journal_append(j, &r, err, sizeof(err)), 0);
}

static void latest_line_wins_and_cut_lines_are_skipped(void **state)
{
	(void)state;
	char path[128], out[128];
	snprintf(path, sizeof(path), "%s/sub/dir/j.jsonl", dir);
	snprintf(out, sizeof(out), "%s/a_out.tif", dir);
	write_file(out, "12345");
	struct rp_journal j;
	rp_journal_init(&j, path);
	append(&j, "in/b.tif", "failed", "o/b", 0);
	append(&j, "in/a.tif", "failed", out, 0);
	append(&j, "in/a.tif", "ok", out, 5);
	rp_journal_close(&j);
	FILE *f = fopen(path, "a");
	fputs("not json\n{\"input\":\"in/b.tif\",\"status\":\"o", f);
	fclose(f);
	struct rp_journal_index ix;
	char err[256];
	assert_int_equal(rp_journal_load(&ix, path, err, sizeof(err)), 0);
	const struct rp_journal_entry *a = rp_journal_find(&ix, "in/a.tif");
	const struct rp_journal_entry *b = rp_journal_find(&ix, "in/b.tif");
	assert_non_null(a);
	assert_string_equal(a->status, "ok");
	assert_non_null(b);
	assert_string_equal(b->status, "failed");
	assert_null(rp_journal_find(&ix, "in/c.tif"));
	assert_int_equal(rp_journal_decide(a, out, "k1", 10, 99), RP_RESUME_DONE);
	assert_int_equal(rp_journal_decide(a, out, "k2", 10, 99), RP_RESUME_OPTIONS);
	assert_int_equal(rp_journal_decide(a, out, "k1", 11, 99), RP_RESUME_CHANGED);
	assert_int_equal(rp_journal_decide(a, out, "k1", 10, 98), RP_RESUME_CHANGED);
	/* A remote input (no size here): the worker compares. */
	assert_int_equal(rp_journal_decide(a, out, "k1", -1, 0), RP_RESUME_VERIFY);
	assert_int_equal(rp_journal_decide(b, "o/b", "k1", 10, 99), RP_RESUME_FAILED);
	assert_int_equal(rp_journal_decide(NULL, out, "k1", 10, 99), RP_RESUME_NEW);
	write_file(out, "123456"); /* output of another size */
	assert_int_equal(rp_journal_decide(a, out, "k1", 10, 99), RP_RESUME_OUTPUT);
	unlink(out);
	assert_int_equal(rp_journal_decide(a, out, "k1", 10, 99), RP_RESUME_OUTPUT);
	rp_journal_index_release(&ix);
}

static void missing_journal_is_empty(void **state)
{
	(void)state;
	struct rp_journal_index ix;
	char err[256];
	assert_int_equal(rp_journal_load(&ix, "/nonexistent/j", err, sizeof(err)), 0);
	assert_int_equal(ix.nr, 0);
	assert_null(rp_journal_find(&ix, "x"));
	rp_journal_index_release(&ix);
}

static void unwritable_journal_reports_once(void **state)
{
	(void)state;
	char path[128], err[256] = "";
	snprintf(path, sizeof(path), "%s/file", dir);
	write_file(path, "");
	snprintf(path, sizeof(path), "%s/file/j.jsonl", dir);
	struct rp_journal j;
	rp_journal_init(&j, path);
	struct rp_journal_record r = {.input = "i", .status = "ok"};
	assert_int_equal(rp_journal_append(&j, &r, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "Not a directory"));
	assert_int_equal(j.broken, 1);
	rp_journal_close(&j);
}

static void options_key_is_stable(void **state)
{
	(void)state;
	char a[17], b[17], c[17];
	rp_journal_options_key("[\"-t_srs\",\"EPSG:4326\"]", a);
	rp_journal_options_key("[\"-t_srs\",\"EPSG:4326\"]", b);
	rp_journal_options_key("[\"-t_srs\",\"EPSG:3857\"]", c);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 16);
}

static void progress_line(void **state)
{
	(void)state;
	struct rp_progress p;
	rp_progress_init(&p, -1, 0, 200, 4);
	p.start = 100.0;
	p.done = 50;
	p.failed = 2;
	p.busy = 3;
	p.bytes_in = 25000000;
	char line[256];
	rp_progress_format(&p, 110.0, line, sizeof(line));
	assert_string_equal(line,
		"[#####---------------] 50/200  2 failed   25%  5.0 r/s  2.5 MB/s  "
		"elapsed 0:00:10  ETA 0:00:30  3/4 busy");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(latest_line_wins_and_cut_lines_are_skipped),
		cmocka_unit_test(missing_journal_is_empty),
		cmocka_unit_test(unwritable_journal_reports_once),
		cmocka_unit_test(options_key_is_stable),
		cmocka_unit_test(progress_line),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
